// Reads changes back until AWS shows them applied, or the wait runs out.
import { setTimeout as sleep } from "node:timers/promises";
import type { Clients } from "../aws/clients.js";
import { readDefaults } from "../aws/reads.js";
import { readInstancesById } from "../aws/writes.js";
import { type ChangeResult, verify } from "../core/changes.js";
import type { AccountDefaults, MetadataOptions } from "../core/types.js";

export interface VerifyOptions {
  waitMs: number;
  pollMs: number;
  interrupt: { requested: boolean };
}

async function readBack(clients: Clients, region: string, results: ChangeResult[]): Promise<void> {
  const ec2 = clients.ec2(region);
  const reads = new Map<string, AccountDefaults | MetadataOptions>();
  try {
    if (results.some((r) => r.change.kind === "account-default"))
      reads.set("account-default", await readDefaults(ec2));
    const ids = results.filter((r) => r.change.kind === "instance").map((r) => r.change.id);
    if (ids.length) for (const i of await readInstancesById(ec2, ids)) reads.set(i.id, i.metadata);
  } catch {
    // Could not read back this round: those changes stay unverified ("unread") unless a later round reads them.
  }
  for (const r of results) {
    const read = reads.get(r.change.id);
    if (read !== undefined || r.verified === undefined)
      r.verified = verify(r.change.kind, r.change.requested, read);
  }
}

/** Sets `verified` on every applied change; polls the pending ones until applied or out of time. */
export async function verifyChanges(
  clients: Clients,
  results: ChangeResult[],
  opts: VerifyOptions,
): Promise<void> {
  const deadline = Date.now() + opts.waitMs;
  let open = results.filter((r) => r.outcome === "applied");
  while (open.length > 0) {
    const byRegion = new Map<string, ChangeResult[]>();
    for (const r of open) byRegion.set(r.change.region, [...(byRegion.get(r.change.region) ?? []), r]);
    await Promise.all([...byRegion].map(([region, rs]) => readBack(clients, region, rs)));
    open = open.filter((r) => r.verified === "pending" || r.verified === "unread");
    if (open.length === 0 || Date.now() + opts.pollMs > deadline || opts.interrupt.requested) return;
    await sleep(opts.pollMs);
  }
}
