// --dry-run: asks AWS itself, with DryRun=true, whether each kind of change would be permitted.
// One probe per region and action, on the first planned change of that kind: never one per instance.
import type { Clients } from "../aws/clients.js";
import { errorCode } from "../aws/errors.js";
import type { ProbeResult } from "../core/change-report.js";
import type { Change } from "../core/changes.js";
import { ACTION, hasDryRun, send } from "./calls.js";
import { perUnit } from "./per-unit.js";

async function probeOne(clients: Clients, c: Change): Promise<ProbeResult> {
  const action = ACTION[c.kind];
  // Auto Scaling has no DryRun: nothing can ask it without making the change.
  if (!hasDryRun(c.kind)) return { region: c.region, action, result: "unchecked", code: "NoDryRun" };
  try {
    await send(c, clients, { dryRun: true, description: "imds dry run" });
    // A DryRun call that succeeds is not what AWS does; treat it as unknown rather than permitted.
    return { region: c.region, action, result: "error", code: "NoDryRunError" };
  } catch (err) {
    const code = errorCode(err);
    if (code === "DryRunOperation") return { region: c.region, action, result: "permitted", code };
    if (code === "UnauthorizedOperation") return { region: c.region, action, result: "denied", code };
    return { region: c.region, action, result: "error", code };
  }
}

export async function probePermissions(clients: Clients, changes: readonly Change[]): Promise<ProbeResult[]> {
  const first = new Map<string, Change>();
  for (const c of changes) {
    const key = `${c.region} ${c.kind}`;
    if (!first.has(key)) first.set(key, c);
  }
  const work = { part: "defaults", action: "ec2:DryRun" } as const;
  // probeOne answers every failure itself, as the probe's result.
  const outcomes = await perUnit(clients.limit, [...first.values()], work, (c) => probeOne(clients, c));
  const probes = outcomes.flatMap((o) => (o.ok ? [o.value] : []));
  return probes.sort((a, b) => a.region.localeCompare(b.region) || a.action.localeCompare(b.action));
}
