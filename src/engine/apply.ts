// Makes planned changes: paced per region and action, journaled before and after each call,
// stopping cleanly on Ctrl-C. Shared by enforce and rollback. Never prints: progress is a callback.
import pLimit from "p-limit";
import type { Clients } from "../aws/clients.js";
import { errorCode, errorKind } from "../aws/errors.js";
import type { Pacers } from "../aws/pacer.js";
import { observeThrottling } from "../aws/throttle.js";
import { modifyDefaults, modifyInstance } from "../aws/writes.js";
import type { Change, ChangeResult } from "../core/changes.js";
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
}

export const ACTION = {
  "account-default": "ModifyInstanceMetadataDefaults",
  instance: "ModifyInstanceMetadataOptions",
} as const;

function firstLine(err: unknown): string {
  return String((err as { message?: string } | undefined)?.message ?? err).split("\n")[0] ?? "";
}

async function applyOne(change: Change, ctx: ApplyContext): Promise<ChangeResult> {
  if (ctx.interrupt.requested) return { change, outcome: "not-started" };
  await ctx.pacers.for(change.region, ACTION[change.kind]).take();
  if (ctx.interrupt.requested) return { change, outcome: "not-started" };
  const seq = ctx.journal.intent({
    region: change.region,
    kind: change.kind,
    id: change.id,
    before: change.before,
    requested: change.requested,
  });
  const ec2 = ctx.clients.ec2(change.region);
  try {
    if (change.kind === "account-default") await modifyDefaults(ec2, change.requested);
    else await modifyInstance(ec2, change.id, change.requested);
  } catch (err) {
    const error = { code: errorCode(err), kind: errorKind(err), message: firstLine(err) };
    ctx.journal.outcome(seq, "failed", { code: error.code, message: error.message });
    return { change, outcome: "failed", error };
  }
  ctx.journal.outcome(seq, "applied");
  return { change, outcome: "applied" };
}

/** Applies every change; each region's account default goes first, its instances after. */
export async function applyChanges(changes: readonly Change[], ctx: ApplyContext): Promise<ChangeResult[]> {
  const byRegion = new Map<string, Change[]>();
  for (const c of changes) byRegion.set(c.region, [...(byRegion.get(c.region) ?? []), c]);
  for (const region of byRegion.keys()) {
    observeThrottling(ctx.clients.ec2(region), (action) => ctx.pacers.for(region, action).drain());
  }
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
