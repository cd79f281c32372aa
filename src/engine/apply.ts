// Makes planned changes: re-read just before they are written, paced per region and action,
// journaled before and after each call, stopping cleanly on a signal. Shared by enforce and
// rollback. Never prints: progress is a callback.

import { basename } from "node:path";
import pLimit from "p-limit";
import type { Clients } from "../aws/clients.js";
import { errorCode, errorKind } from "../aws/errors.js";
import type { Pacers } from "../aws/pacer.js";
import { type Change, type ChangeResult, type Fresh, freshBefore, placeOf } from "../core/changes.js";
import { isLaunchPath, launchChains, substitute } from "../core/launch-chain.js";
import { isLocked, type Settings, settingsOf } from "../core/rules.js";
import { firstLine, groupBy } from "../core/text.js";
import type { ErrorKind } from "../core/types.js";
import type { Interrupt } from "../io/interrupt.js";
import type { JournalWriter } from "../journal/journal.js";
import { ACTION, send } from "./calls.js";
import type { ApplyEvents } from "./events.js";
import { launchFresh, REREAD, rereadItem } from "./launch-fresh.js";
import { readBack } from "./work.js";

export interface ApplyContext {
  /** The clients of the account the changes are in; its limiter bounds every call in flight. */
  clients: Clients;
  journal: JournalWriter;
  pacers: Pacers;
  interrupt: Interrupt;
  /** Instance calls in flight per account and region; the pacer, not this, sets the rate. */
  perRegion: number;
  /**
   * Instances re-read together just before they are written: about a second of writes at the
   * pacer's rate, so what was read is at most that old when it is overwritten.
   */
  batchSize: number;
  events?: ApplyEvents;
}

export interface Applied {
  results: ChangeResult[];
  /** Why the journal could not be written, when it could not: no change started after that. */
  journalFailure?: string;
}

/** The run's own state: whether the journal failed (said once to the events), which regions stalled. */
class Run {
  journalFailure: string | undefined;
  /** Regions where a write got no answer in time: their other changes fail fast, not one by one. */
  readonly stalled = new Set<string>();
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
 * Lines fsynced later: an intent by the journal's group commit (`durable`) before its change
 * starts; an outcome with the next group commit or when the journal closes (lost in a crash, it
 * reads "unknown", and rollback decides from what the resource shows, as for a change in flight).
 */
const NOT_YET = { sync: false };

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

/** A change not started because an earlier write in its region got no answer. */
function stalledResult(change: Change): ChangeResult {
  return {
    change,
    outcome: "not-started",
    error: {
      code: "RegionStalled",
      kind: "timeout",
      message: `not started: an earlier change in ${change.region} got no answer in time`,
    },
  };
}

/** A change left alone because its resource is not as planned any more (or could not be re-read). */
function leftAlone(change: Change, code: string, message: string, kind: ErrorKind = "other"): ChangeResult {
  return { change, outcome: "not-started", error: { code, kind, message } };
}

/** Makes one change as `sent` (the plan's request, or it with values only known now). */
async function applyOne(
  change: Change,
  run: Run,
  fresh: Fresh,
  sent: Settings = change.requested,
): Promise<ChangeResult> {
  const { ctx } = run;
  if (run.stopped) return { change, outcome: "not-started" };
  if (run.stalled.has(placeOf(change))) return stalledResult(change);
  if (!fresh.ok) return leftAlone(change, fresh.code, fresh.reason);
  await ctx.pacers.for(placeOf(change), ACTION[change.kind]).take();
  if (run.stopped) return { change, outcome: "not-started" };
  if (run.stalled.has(placeOf(change))) return stalledResult(change);
  let seq: number;
  try {
    seq = ctx.journal.intent(
      {
        ...(change.account === undefined ? {} : { account: change.account }),
        region: change.region,
        kind: change.kind,
        id: change.id,
        // What was just read, not what the scan saw minutes ago.
        before: fresh.before,
        requested: sent,
      },
      NOT_YET,
    );
    await ctx.journal.durable();
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
    if (errorKind(err) === "timeout") run.stalled.add(placeOf(change));
    const message = refused ? firstLine(err) : `${firstLine(err)} (AWS may have applied it: rollback checks)`;
    result = { change, outcome: "failed", error: { code: errorCode(err), kind: errorKind(err), message } };
  }
  try {
    // An uncertain failure gets no outcome: the journal then reads "unknown", and rollback decides
    // from what the resource shows, exactly as after a crash.
    if (result.outcome === "applied") {
      const made = created === undefined ? {} : { result: { version: created } };
      ctx.journal.outcome(seq, "applied", undefined, { ...NOT_YET, ...made });
    } else if (refused && result.error) {
      const { code, message } = result.error;
      ctx.journal.outcome(seq, "failed", { code, message }, NOT_YET);
    }
  } catch (err) {
    // The intent is on disk, so rollback still finds this change; start no more.
    run.failJournal(err);
  }
  return result;
}

/**
 * What each of `batch` shows now, read in one call just before they are written (under the
 * region's pacing for reads). A batch that cannot be re-read is left alone: imds cannot tell
 * whether someone changed it. Launch-path changes are judged by launchFresh.
 */
async function freshen(batch: readonly Change[], run: Run): Promise<Map<Change, Fresh>> {
  const first = batch[0];
  const out = new Map<Change, Fresh>();
  if (first === undefined || run.stopped) return out;
  const region = first.region;
  await run.ctx.pacers.for(placeOf(first), REREAD[first.kind]).take();
  let read: Awaited<ReturnType<typeof readBack>>;
  try {
    // Under the one bound on calls in flight, like every other read.
    read = await run.ctx.clients.limit(() => readBack(run.ctx.clients, region, batch.map(rereadItem)));
  } catch (err) {
    const reason = `could not be re-read just before the change (${errorCode(err)}): left alone`;
    for (const c of batch) out.set(c, { ok: false, code: "NotReread", reason });
    return out;
  }
  const live = new Map(
    read.instances
      .filter((i) => i.state !== "terminated" && i.state !== "shutting-down")
      .map((i) => [i.id, settingsOf(i.metadata)]),
  );
  for (const c of batch) {
    if (c.kind === "account-default") {
      const d = read.defaults;
      out.set(c, freshBefore(c, d && settingsOf(d), isLocked(d)));
    } else if (c.kind === "instance") out.set(c, freshBefore(c, live.get(c.id)));
    else out.set(c, launchFresh(c, read.launch));
  }
  return out;
}

/** Splits `items` into runs of `size`. */
function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
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
    const fresh = (await freshen([c], run)).get(c) ?? { ok: true, before: c.before };
    const r = await applyOne(c, run, fresh, sent);
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

/** Re-reads `batch` just before writing it, then makes its changes, `perRegion` at a time. */
async function applyBatch(batch: readonly Change[], state: Run, record: (r: ChangeResult) => void) {
  const fresh = await freshen(batch, state);
  const limit = pLimit(state.ctx.perRegion);
  return Promise.all(
    batch.map((c) =>
      limit(async () => {
        const r = await applyOne(c, state, fresh.get(c) ?? { ok: true, before: c.before });
        record(r);
        return r;
      }),
    ),
  );
}

/**
 * One region's changes: its account default first, then its instances and its launch paths'
 * chains. Each batch of instances is re-read just before it is written: the window in which another
 * client's change could be overwritten is one read and one paced batch of writes.
 */
async function applyRegion(regionChanges: readonly Change[], state: Run, record: (r: ChangeResult) => void) {
  let defaultsApplied = true;
  for (const c of regionChanges.filter((c) => c.kind === "account-default")) {
    const [r] = await applyBatch([c], state, record);
    defaultsApplied &&= r?.outcome === "applied";
  }
  const instances = regionChanges.filter((c) => c.kind === "instance");
  const blocked = instances.filter((c) => c.afterEnforcementOff && !defaultsApplied);
  for (const c of blocked) record(stillEnforced(c));
  const chains = launchChains(regionChanges.filter(isLaunchPath));
  await Promise.all([
    (async () => {
      const sendable = instances.filter((c) => !blocked.includes(c));
      for (const batch of batches(sendable, state.ctx.batchSize)) await applyBatch(batch, state, record);
    })(),
    (async () => {
      for (const chain of chains) await applyChain(chain, state, record);
    })(),
  ]);
}

/** Applies every change; each region's account default goes first, then its instances (a batch at a time) and its launch paths. */
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
