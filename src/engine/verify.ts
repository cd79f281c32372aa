// Reads changes back until AWS shows them applied, or the wait runs out.
import { setTimeout as sleep } from "node:timers/promises";
import type { Clients } from "../aws/clients.js";
import { classify } from "../aws/errors.js";
import { readDefaults } from "../aws/reads.js";
import { readInstancesById } from "../aws/writes.js";
import { type ChangeResult, verify } from "../core/changes.js";
import { groupBy } from "../core/text.js";
import type { AccountDefaults, MetadataOptions, ReadError } from "../core/types.js";

export interface VerifyOptions {
  waitMs: number;
  pollMs: number;
  interrupt: { requested: boolean };
}

async function readBack(
  clients: Clients,
  region: string,
  results: ChangeResult[],
): Promise<ReadError | undefined> {
  const ec2 = clients.ec2(region);
  const reads = new Map<string, { read: AccountDefaults | MetadataOptions; state?: string }>();
  let error: ReadError | undefined;
  try {
    if (results.some((r) => r.change.kind === "account-default"))
      reads.set("account-default", { read: await readDefaults(ec2) });
    const ids = results.filter((r) => r.change.kind === "instance").map((r) => r.change.id);
    if (ids.length) {
      for (const i of await readInstancesById(ec2, ids))
        reads.set(i.id, { read: i.metadata, state: i.state });
    }
  } catch (err) {
    // This round could not read back: those changes stay "unread" unless a later round reads them.
    error = classify(err, "instances", "ec2:DescribeInstances", region);
  }
  for (const r of results) {
    const got = reads.get(r.change.id);
    if (got !== undefined || r.verified === undefined)
      r.verified = verify(r.change.kind, r.change.requested, got?.read, got?.state);
  }
  return error;
}

/** Sets `verified` on every applied change; polls the pending ones until applied or out of time. */
export async function verifyChanges(
  clients: Clients,
  results: ChangeResult[],
  opts: VerifyOptions,
): Promise<Map<string, ReadError>> {
  const deadline = Date.now() + opts.waitMs;
  const errors = new Map<string, ReadError>();
  let open = results.filter((r) => r.outcome === "applied");
  while (open.length > 0) {
    const byRegion = groupBy(open, (r) => r.change.region);
    errors.clear();
    await Promise.all(
      [...byRegion].map(async ([region, rs]) => {
        const error = await clients.limit(() => readBack(clients, region, rs));
        if (error) errors.set(region, error);
      }),
    );
    open = open.filter((r) => r.verified === "pending" || r.verified === "unread");
    if (open.length === 0 || Date.now() + opts.pollMs > deadline || opts.interrupt.requested) return errors;
    await sleep(opts.pollMs);
  }
  return errors;
}
