// --dry-run: asks AWS itself, with DryRun=true, whether each kind of change would be permitted.
// One probe per region and action, on the first planned change of that kind: never one per instance.
import type { Clients } from "../aws/clients.js";
import { errorCode } from "../aws/errors.js";
import type { ProbeResult } from "../core/change-report.js";
import { type Change, placeOf } from "../core/changes.js";
import { ACTION, hasDryRun, send } from "./calls.js";
import { perUnit } from "./per-unit.js";

async function probeOne(clients: Clients, c: Change): Promise<ProbeResult> {
  const at = { ...(c.account ? { account: c.account } : {}), region: c.region, action: ACTION[c.kind] };
  // Auto Scaling has no DryRun: nothing can ask it without making the change.
  if (!hasDryRun(c.kind)) return { ...at, result: "unchecked", code: "NoDryRun" };
  try {
    await send(c, clients, { dryRun: true, description: "imds dry run" });
    // AWS never answers a DryRun call with success: this endpoint ignored DryRun, and may have
    // made the change. Never "permitted", never "not permitted".
    return { ...at, result: "ignored", code: "DryRunIgnored" };
  } catch (err) {
    const code = errorCode(err);
    if (code === "DryRunOperation") return { ...at, result: "permitted", code };
    if (code === "UnauthorizedOperation") return { ...at, result: "denied", code };
    return { ...at, result: "error", code };
  }
}

export interface Probed {
  probes: ProbeResult[];
  /** The changes whose probe the endpoint answered with success: they may have been made. */
  ignored: Change[];
}

export async function probePermissions(clients: Clients, changes: readonly Change[]): Promise<Probed> {
  const first = new Map<string, Change>();
  for (const c of changes) {
    const key = `${placeOf(c)} ${c.kind}`;
    if (!first.has(key)) first.set(key, c);
  }
  const work = { part: "defaults", action: "ec2:DryRun" } as const;
  // probeOne answers every failure itself, as the probe's result.
  const outcomes = await perUnit(clients, [...first.values()], work, (c) => probeOne(clients, c));
  const probes = outcomes.flatMap((o) => (o.ok ? [o.value] : []));
  const ignored = outcomes.flatMap((o) => (o.ok && o.value.result === "ignored" ? [o.unit] : []));
  probes.sort((a, b) => placeOf(a).localeCompare(placeOf(b)) || a.action.localeCompare(b.action));
  return { probes, ignored };
}
