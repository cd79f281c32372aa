// --dry-run: asks AWS itself, with DryRun=true, whether each kind of change would be permitted.
// One probe per region and action, on the first planned change of that kind: never one per instance.
import type { Clients } from "../aws/clients.js";
import { errorCode } from "../aws/errors.js";
import type { ProbeResult } from "../core/change-report.js";
import { type Change, placeOf } from "../core/changes.js";
import { ACTION } from "./apply.js";
import { perUnit } from "./per-unit.js";

async function probeOne(clients: Clients, c: Change): Promise<ProbeResult> {
  const ec2 = clients.ec2(c.region);
  const at = { ...(c.account ? { account: c.account } : {}), region: c.region, action: ACTION[c.kind] };
  try {
    if (c.kind === "account-default") await ec2.modifyDefaults(c.requested, true);
    else await ec2.modifyInstance(c.id, c.requested, true);
    // A DryRun call that succeeds is not what AWS does; treat it as unknown rather than permitted.
    return { ...at, result: "error", code: "NoDryRunError" };
  } catch (err) {
    const code = errorCode(err);
    if (code === "DryRunOperation") return { ...at, result: "permitted", code };
    if (code === "UnauthorizedOperation") return { ...at, result: "denied", code };
    return { ...at, result: "error", code };
  }
}

export async function probePermissions(clients: Clients, changes: readonly Change[]): Promise<ProbeResult[]> {
  const first = new Map<string, Change>();
  for (const c of changes) {
    const key = `${placeOf(c)} ${c.kind}`;
    if (!first.has(key)) first.set(key, c);
  }
  const work = { part: "defaults", action: "ec2:DryRun" } as const;
  // probeOne answers every failure itself, as the probe's result.
  const outcomes = await perUnit(clients, [...first.values()], work, (c) => probeOne(clients, c));
  const probes = outcomes.flatMap((o) => (o.ok ? [o.value] : []));
  return probes.sort((a, b) => placeOf(a).localeCompare(placeOf(b)) || a.action.localeCompare(b.action));
}
