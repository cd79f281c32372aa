// Reads changes back until AWS shows them applied, or the wait runs out.
import { setTimeout as sleep } from "node:timers/promises";
import type { Clients } from "../aws/clients.js";
import { type ChangeResult, verify } from "../core/changes.js";
import { groupBy } from "../core/text.js";
import type { AccountDefaults, MetadataOptions, ReadError } from "../core/types.js";
import type { VerifyEvents } from "./events.js";
import { perUnit } from "./per-unit.js";
import { readBack, WORK } from "./work.js";

export interface VerifyOptions {
  waitMs: number;
  pollMs: number;
  interrupt: { requested: boolean };
  events?: VerifyEvents;
}

type Reads = Map<string, { read: AccountDefaults | MetadataOptions; state?: string }>;

/** What was read back, keyed by change id ("account-default" or the instance id). */
async function readChanges(
  clients: Clients,
  region: string,
  results: readonly ChangeResult[],
): Promise<Reads> {
  const { defaults, instances } = await readBack(
    clients,
    region,
    results.map((r) => r.change),
  );
  const reads: Reads = new Map();
  if (defaults) reads.set("account-default", { read: defaults });
  for (const i of instances) reads.set(i.id, { read: i.metadata, state: i.state });
  return reads;
}

type Verified = Map<ChangeResult, ReturnType<typeof verify>>;

/** Records each result's verification from what was read back; one not read keeps what it had. */
function judge(results: readonly ChangeResult[], reads: Reads | undefined, verified: Verified): void {
  for (const r of results) {
    const got = reads?.get(r.change.id);
    if (got !== undefined || !verified.has(r)) verified.set(r, verify(r.change, got?.read, got?.state));
  }
}

/**
 * The verification of every applied change, polling the pending ones until applied or out of
 * time, and the regions whose last read-back failed. `results` is not modified.
 */
export async function verifyChanges(
  clients: Clients,
  results: readonly ChangeResult[],
  opts: VerifyOptions,
): Promise<{ results: ChangeResult[]; errors: Map<string, ReadError> }> {
  const deadline = Date.now() + opts.waitMs;
  const verified: Verified = new Map();
  const errors = new Map<string, ReadError>();
  let open = results.filter((r) => r.outcome === "applied");
  while (open.length > 0) {
    const units = [...groupBy(open, (r) => r.change.region)].map(([region, rs]) => ({ region, rs }));
    errors.clear();
    for (const o of await perUnit(clients.limit, units, WORK.instances, (u) =>
      readChanges(clients, u.region, u.rs),
    )) {
      // A round that could not read back leaves those changes "unread" unless a later round reads them.
      if (!o.ok) errors.set(o.unit.region, o.error);
      judge(o.unit.rs, o.ok ? o.value : undefined, verified);
    }
    open = open.filter((r) => {
      const v = verified.get(r)?.verified;
      return v === "pending" || v === "unread";
    });
    opts.events?.onVerifyRound?.(open.length);
    if (open.length === 0 || Date.now() + opts.pollMs > deadline || opts.interrupt.requested) break;
    await sleep(opts.pollMs);
  }
  const final = results.map((r) => {
    const v = verified.get(r);
    return v === undefined ? r : { ...r, ...v };
  });
  return { results: final, errors };
}
