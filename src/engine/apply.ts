// Makes planned changes: paced per region and action, journaled before and after each call,
// stopping cleanly on Ctrl-C. Shared by enforce and rollback. Never prints: progress is a callback.
import pLimit from "p-limit";
import type { Clients } from "../aws/clients.js";
import { errorCode, errorKind } from "../aws/errors.js";
import type { Pacers } from "../aws/pacer.js";
import { paceAttempts } from "../aws/throttle.js";
import { modifyDefaults, modifyInstance } from "../aws/writes.js";
import type { Change, ChangeResult } from "../core/changes.js";
import { firstLine, groupBy } from "../core/text.js";
import type { Interrupt } from "../io/interrupt.js";
import type { JournalWriter } from "../journal/journal.js";

export interface ApplyContext {
  clients: Clients;
  journal: JournalWriter;
  pacers: Pacers;
  interrupt: Interrupt;
  /** Instance calls in flight per region; the pacer, not this, sets the rate. */
  perRegion: number;
  onChange?: (result: ChangeResult) => void;
  /** Set when the journal cannot be written: no further change starts. */
  journalFailure?: string;
}

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

function stopped(ctx: ApplyContext): boolean {
  return ctx.interrupt.requested || ctx.journalFailure !== undefined;
}

async function applyOne(change: Change, ctx: ApplyContext): Promise<ChangeResult> {
  if (stopped(ctx)) return { change, outcome: "not-started" };
  await ctx.pacers.for(change.region, ACTION[change.kind]).take();
  if (stopped(ctx)) return { change, outcome: "not-started" };
  let seq: number;
  try {
    seq = ctx.journal.intent({
      region: change.region,
      kind: change.kind,
      id: change.id,
      before: change.before,
      requested: change.requested,
    });
  } catch (err) {
    // No change starts unless its intent is on disk.
    ctx.journalFailure ??= firstLine(err);
    return { change, outcome: "not-started" };
  }
  const ec2 = ctx.clients.ec2(change.region);
  let result: ChangeResult = { change, outcome: "applied" };
  let refused = false;
  try {
    if (change.kind === "account-default") await modifyDefaults(ec2, change.requested);
    else await modifyInstance(ec2, change.id, change.requested);
  } catch (err) {
    refused = certainlyRefused(err);
    const message = refused ? firstLine(err) : `${firstLine(err)} (AWS may have applied it: rollback checks)`;
    result = { change, outcome: "failed", error: { code: errorCode(err), kind: errorKind(err), message } };
  }
  try {
    // An uncertain failure gets no outcome: the journal then reads "unknown", and rollback decides
    // from what the resource shows, exactly as after a crash.
    if (result.outcome === "applied") ctx.journal.outcome(seq, "applied");
    else if (refused && result.error) {
      ctx.journal.outcome(seq, "failed", { code: result.error.code, message: result.error.message });
    }
  } catch (err) {
    // The intent is on disk, so rollback still finds this change; start no more.
    ctx.journalFailure ??= firstLine(err);
  }
  return result;
}

/** Applies every change; each region's account default goes first, its instances after. */
export async function applyChanges(changes: readonly Change[], ctx: ApplyContext): Promise<ChangeResult[]> {
  const byRegion = groupBy(changes, (c) => c.region);
  for (const region of byRegion.keys()) paceAttempts(ctx.clients.ec2(region), region, ctx.pacers);
  const results: ChangeResult[] = [];
  const run = async (c: Change) => {
    const r = await applyOne(c, ctx);
    results.push(r);
    ctx.onChange?.(r);
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
  return results;
}
