// Makes planned changes: paced per region and action, journaled before and after each call,
// stopping cleanly on Ctrl-C. Shared by enforce and rollback. Never prints: progress is a callback.

import { basename } from "node:path";
import pLimit from "p-limit";
import type { Clients } from "../aws/clients.js";
import { errorCode, errorKind } from "../aws/errors.js";
import type { Pacers } from "../aws/pacer.js";
import { type Change, type ChangeResult, placeOf } from "../core/changes.js";
import { isLaunchPath, launchChains, substitute } from "../core/launch-chain.js";
import type { Settings } from "../core/rules.js";
import { firstLine, groupBy } from "../core/text.js";
import type { Interrupt } from "../io/interrupt.js";
import type { JournalWriter } from "../journal/journal.js";
import { ACTION, send } from "./calls.js";
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

/** The run's own state: whether the journal failed, said once to the events. */
class Run {
  journalFailure: string | undefined;
  constructor(readonly ctx: ApplyContext) {}
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
 * Whether a failed call certainly changed nothing: AWS refused it (permission, validation, state).
 * A timeout, a reset connection or a 5xx after retries may have been applied all the same.
 */
function certainlyRefused(err: unknown): boolean {
  const kind = errorKind(err);
  if (kind === "permission" || kind === "region-not-enabled" || kind === "credentials") return true;
  // An endpoint that does not implement the action changed nothing with it.
  if (kind === "unsupported") return true;
  const status = (err as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
  return kind === "other" && status !== undefined && status >= 400 && status < 500;
}

/** A version imds creates says so, and which journal made it: rollback finds it by this. */
function description(c: Change, journalPath: string): string {
  return `imds: IMDSv2 required, from v${c.requested.fromVersion} (journal ${basename(journalPath)})`.slice(
    0,
    255,
  );
}

/** Makes one change as `sent` (the plan's request, or it with values only known now). */
async function applyOne(change: Change, run: Run, sent: Settings = change.requested): Promise<ChangeResult> {
  const { ctx } = run;
  if (run.stopped) return { change, outcome: "not-started" };
  await ctx.pacers.for(placeOf(change), ACTION[change.kind]).take();
  if (run.stopped) return { change, outcome: "not-started" };
  let seq: number;
  try {
    seq = ctx.journal.intent({
      ...(change.account === undefined ? {} : { account: change.account }),
      region: change.region,
      kind: change.kind,
      id: change.id,
      before: change.before,
      requested: sent,
    });
  } catch (err) {
    // No change starts unless its intent is on disk.
    run.failJournal(err);
    return { change, outcome: "not-started" };
  }
  let result: ChangeResult = { change, outcome: "applied", ...(sent === change.requested ? {} : { sent }) };
  let refused = false;
  let created: number | undefined;
  try {
    created = await ctx.clients.limit(() => send({ ...change, requested: sent }, ctx.clients));
    if (created !== undefined) result = { ...result, sent: { ...sent, version: created } };
  } catch (err) {
    refused = certainlyRefused(err);
    const message = refused ? firstLine(err) : `${firstLine(err)} (AWS may have applied it: rollback checks)`;
    result = { change, outcome: "failed", error: { code: errorCode(err), kind: errorKind(err), message } };
  }
  try {
    // An uncertain failure gets no outcome: the journal then reads "unknown", and rollback decides
    // from what the resource shows, exactly as after a crash.
    if (result.outcome === "applied") {
      ctx.journal.outcome(
        seq,
        "applied",
        undefined,
        created === undefined ? undefined : { version: created },
      );
    } else if (refused && result.error) {
      ctx.journal.outcome(seq, "failed", { code: result.error.code, message: result.error.message });
    }
  } catch (err) {
    // The intent is on disk, so rollback still finds this change; start no more.
    run.failJournal(err);
  }
  return result;
}

/**
 * One template's changes in order (a new version, the default, the groups; or rollback's groups,
 * default, deletion): each step gets the number of the version an earlier step created, and none
 * starts once that version could not be made.
 */
async function applyChain(chain: readonly Change[], run: Run, record: (r: ChangeResult) => void) {
  let created: { predicted: number; actual: number } | undefined;
  let broken: string | undefined;
  for (const c of chain) {
    if (broken !== undefined) {
      record({
        change: c,
        outcome: "not-started",
        error: { code: "VersionNotCreated", kind: "other", message: broken },
      });
      continue;
    }
    let sent = substitute(c, created);
    if (c.kind === "launch-template-version")
      sent = { ...sent, description: description(c, run.ctx.journal.path) };
    const r = await applyOne(c, run, sent);
    record(r);
    if (c.kind !== "launch-template-version") continue;
    const actual = r.sent?.version;
    if (r.outcome === "applied" && actual !== undefined)
      created = { predicted: Number(c.requested.version), actual: Number(actual) };
    else broken = `not sent: the new version of ${c.name ?? c.id} was not created`;
  }
}

/**
 * An instance that may only go back to optional once HttpTokensEnforced is off, in a region whose
 * account-default change did not apply: not sent, since AWS would refuse it.
 */
function stillEnforced(change: Change): ChangeResult {
  return {
    change,
    outcome: "not-started",
    error: {
      code: "HttpTokensEnforced",
      kind: "other",
      message: `not sent: the account default change that turns HttpTokensEnforced off in ${change.region} did not apply, and AWS refuses HttpTokens=optional while it is on`,
    },
  };
}

/** One region's changes: its account default first, then its instances and its launch paths' chains. */
async function applyRegion(regionChanges: readonly Change[], state: Run, record: (r: ChangeResult) => void) {
  const run = async (c: Change) => {
    const r = await applyOne(c, state);
    record(r);
    return r;
  };
  let defaultsApplied = true;
  for (const c of regionChanges.filter((c) => c.kind === "account-default")) {
    defaultsApplied &&= (await run(c)).outcome === "applied";
  }
  const limit = pLimit(state.ctx.perRegion);
  const chains = launchChains(regionChanges.filter(isLaunchPath));
  await Promise.all([
    ...regionChanges
      .filter((c) => c.kind === "instance")
      .map((c) =>
        c.afterEnforcementOff && !defaultsApplied ? record(stillEnforced(c)) : limit(() => run(c)),
      ),
    (async () => {
      for (const chain of chains) await applyChain(chain, state, record);
    })(),
  ]);
}

/** Applies every change; each region's account default goes first, then its instances and launch paths. */
export async function applyChanges(changes: readonly Change[], ctx: ApplyContext): Promise<Applied> {
  const byRegion = groupBy(changes, placeOf);
  for (const [first, ...rest] of byRegion.values()) {
    if (!first) continue;
    ctx.clients.ec2(first.region).paceWrites(ctx.pacers);
    if ([first, ...rest].some((c) => c.kind === "auto-scaling-group"))
      ctx.clients.autoscaling(first.region).paceWrites(ctx.pacers);
  }
  const results: ChangeResult[] = [];
  const state = new Run(ctx);
  const record = (r: ChangeResult) => {
    results.push(r);
    ctx.events?.onChange?.(r);
    return r;
  };
  await ctx.interrupt.during(() =>
    Promise.all([...byRegion.values()].map((regionChanges) => applyRegion(regionChanges, state, record))),
  );
  return state.journalFailure === undefined ? { results } : { results, journalFailure: state.journalFailure };
}
