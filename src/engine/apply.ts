// Makes planned changes: paced per region and action, journaled before and after each call,
// stopping cleanly on Ctrl-C. Shared by enforce and rollback. Never prints: progress is a callback.
import pLimit from "p-limit";
import type { Clients } from "../aws/clients.js";
import { errorCode, errorKind } from "../aws/errors.js";
import type { Pacers } from "../aws/pacer.js";
import { type Change, type ChangeResult, placeOf } from "../core/changes.js";
import { firstLine, groupBy } from "../core/text.js";
import type { Interrupt } from "../io/interrupt.js";
import type { JournalWriter } from "../journal/journal.js";
import type { ApplyEvents } from "./events.js";

export interface ApplyContext {
  /** The clients of the account the changes are in; its limiter bounds every call in flight. */
  clients: Clients;
  journal: JournalWriter;
  pacers: Pacers;
  interrupt: Interrupt;
  /** Instance calls in flight per account and region; the pacer, not this, sets the rate. */
  perRegion: number;
  events?: ApplyEvents;
}

export interface Applied {
  results: ChangeResult[];
  /** Why the journal could not be written, when it could not: no change started after that. */
  journalFailure?: string;
}

/** The run's own state: whether the journal failed, said once to the events; the group commit. */
class Run {
  journalFailure: string | undefined;
  private commit: Promise<void> | undefined;
  constructor(readonly ctx: ApplyContext) {}
  /**
   * Resolves once every journal line written so far is on disk: one fsync for all the intents
   * written while the event loop was busy (a group commit), instead of one per change. An
   * organization's thousands of account defaults would otherwise wait on thousands of fsyncs,
   * one after the other, each blocking the event loop.
   */
  durable(): Promise<void> {
    this.commit ??= new Promise((resolve, reject) =>
      setImmediate(() => {
        this.commit = undefined;
        try {
          this.ctx.journal.sync();
          resolve();
        } catch (err) {
          reject(err);
        }
      }),
    );
    return this.commit;
  }
  failJournal(err: unknown): void {
    if (this.journalFailure !== undefined) return;
    this.journalFailure = firstLine(err);
    this.ctx.events?.onJournalFailure?.(this.journalFailure);
  }
  get stopped(): boolean {
    return this.ctx.interrupt.requested || this.journalFailure !== undefined;
  }
}

/**
 * Lines fsynced later: an intent by the group commit before its change starts; an outcome with the
 * next group commit or when the journal closes (lost in a crash, it reads "unknown", and rollback
 * decides from what the resource shows, as it does for a change in flight).
 */
const NOT_YET = { sync: false };

export const ACTION = {
  "account-default": "ModifyInstanceMetadataDefaults",
  instance: "ModifyInstanceMetadataOptions",
} as const;

/**
 * Whether a failed call certainly changed nothing: AWS refused it (permission, validation, state).
 * A timeout, a reset connection or a 5xx after retries may have been applied all the same.
 */
function certainlyRefused(err: unknown): boolean {
  const kind = errorKind(err);
  if (kind === "permission" || kind === "region-not-enabled" || kind === "credentials") return true;
  const status = (err as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
  return kind === "other" && status !== undefined && status >= 400 && status < 500;
}

async function applyOne(change: Change, run: Run): Promise<ChangeResult> {
  const { ctx } = run;
  if (run.stopped) return { change, outcome: "not-started" };
  await ctx.pacers.for(placeOf(change), ACTION[change.kind]).take();
  if (run.stopped) return { change, outcome: "not-started" };
  let seq: number;
  try {
    seq = ctx.journal.intent(
      {
        ...(change.account === undefined ? {} : { account: change.account }),
        region: change.region,
        kind: change.kind,
        id: change.id,
        before: change.before,
        requested: change.requested,
      },
      NOT_YET,
    );
    await run.durable();
  } catch (err) {
    // No change starts unless its intent is on disk.
    run.failJournal(err);
    return { change, outcome: "not-started" };
  }
  const { clients } = ctx;
  const ec2 = clients.ec2(change.region);
  let result: ChangeResult = { change, outcome: "applied" };
  let refused = false;
  try {
    await clients.limit(() =>
      change.kind === "account-default"
        ? ec2.modifyDefaults(change.requested)
        : ec2.modifyInstance(change.id, change.requested),
    );
  } catch (err) {
    refused = certainlyRefused(err);
    const message = refused ? firstLine(err) : `${firstLine(err)} (AWS may have applied it: rollback checks)`;
    result = { change, outcome: "failed", error: { code: errorCode(err), kind: errorKind(err), message } };
  }
  try {
    // An uncertain failure gets no outcome: the journal then reads "unknown", and rollback decides
    // from what the resource shows, exactly as after a crash.
    if (result.outcome === "applied") ctx.journal.outcome(seq, "applied", undefined, NOT_YET);
    else if (refused && result.error) {
      const { code, message } = result.error;
      ctx.journal.outcome(seq, "failed", { code, message }, NOT_YET);
    }
  } catch (err) {
    // The intent is on disk, so rollback still finds this change; start no more.
    run.failJournal(err);
  }
  return result;
}

/** Applies every change; each region's account default goes first, its instances after. */
export async function applyChanges(changes: readonly Change[], ctx: ApplyContext): Promise<Applied> {
  const byRegion = groupBy(changes, placeOf);
  for (const [first] of byRegion.values()) {
    if (first) ctx.clients.ec2(first.region).paceWrites(ctx.pacers);
  }
  const results: ChangeResult[] = [];
  const state = new Run(ctx);
  const run = async (c: Change) => {
    const r = await applyOne(c, state);
    results.push(r);
    ctx.events?.onChange?.(r);
  };
  await ctx.interrupt.during(() =>
    Promise.all(
      [...byRegion.values()].map(async (regionChanges) => {
        for (const c of regionChanges.filter((c) => c.kind === "account-default")) await run(c);
        const limit = pLimit(ctx.perRegion);
        await Promise.all(regionChanges.filter((c) => c.kind === "instance").map((c) => limit(() => run(c))));
      }),
    ),
  );
  return state.journalFailure === undefined ? { results } : { results, journalFailure: state.journalFailure };
}
