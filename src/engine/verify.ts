// Reads changes back until AWS shows them applied, or the wait runs out.
import { setTimeout as sleep } from "node:timers/promises";
import type { Clients } from "../aws/clients.js";
import { type ChangeResult, placeOf, type SideEffect, type Verification, verify } from "../core/changes.js";
import { isLaunchPath } from "../core/launch-chain.js";
import { verifyLaunch } from "../core/launch-state.js";
import type { Settings } from "../core/rules.js";
import { groupBy } from "../core/text.js";
import type { AccountDefaults, MetadataOptions, ReadError } from "../core/types.js";
import type { VerifyEvents } from "./events.js";
import { launchKey } from "./launch-read.js";
import { perUnit } from "./per-unit.js";
import { readBack, WORK } from "./work.js";

export interface VerifyOptions {
  waitMs: number;
  pollMs: number;
  interrupt: { requested: boolean };
  events?: VerifyEvents;
}

interface Reads {
  /** Keyed by change id ("account-default" or the instance id). */
  metadata: Map<string, { read: AccountDefaults | MetadataOptions; state?: string }>;
  /** Launch paths, keyed `${kind} ${id}`: absent when gone. */
  launch: Map<string, Settings>;
}

async function readChanges(
  clients: Clients,
  region: string,
  results: readonly ChangeResult[],
): Promise<Reads> {
  const { defaults, instances, launch } = await readBack(
    clients,
    region,
    results.map((r) => (r.sent ? { ...r.change, sent: r.sent } : r.change)),
  );
  const metadata: Reads["metadata"] = new Map();
  if (defaults) metadata.set("account-default", { read: defaults });
  for (const i of instances) metadata.set(i.id, { read: i.metadata, state: i.state });
  return { metadata, launch };
}

type Verified = Map<ChangeResult, { verified: Verification; sideEffects?: SideEffect[] }>;

/** Records each result's verification from what was read back; one not read keeps what it had. */
function judge(results: readonly ChangeResult[], reads: Reads | undefined, verified: Verified): void {
  for (const r of results) {
    if (isLaunchPath(r.change)) {
      // Read: what it shows now (absent: gone). Not read: "unread", unless a round read it before.
      if (reads) {
        const now = reads.launch.get(launchKey(r.change.kind, r.change.id));
        verified.set(r, verifyLaunch(r.change, r.sent ?? r.change.requested, now));
      } else if (!verified.has(r)) verified.set(r, { verified: "unread" });
      continue;
    }
    const got = reads?.metadata.get(r.change.id);
    if (got !== undefined || !verified.has(r)) {
      verified.set(r, verify(r.change, got?.read, got?.state));
    }
  }
}

/**
 * The verification of every applied change, polling the pending ones until applied or out of
 * time, and the places (region, or "account/region") whose last read-back failed. `results` is not
 * modified.
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
    for (const o of await perUnit(clients, units, WORK.instances, (u) =>
      readChanges(clients, u.region, u.rs),
    )) {
      // A round that could not read back leaves those changes "unread" unless a later round reads them.
      if (!o.ok) errors.set(placeOf({ account: clients.account, region: o.unit.region }), o.error);
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
