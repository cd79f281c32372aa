// `--to-security-hub`: each audited region's findings into that region's Security Hub, through the
// engine's one fan-out (errors as data per region). BatchImportFindings is paced to AWS's bucket
// (10 per second, burst 30, per account and region) and GetFindings to its own (3, burst 6).
import type { Clients } from "../aws/clients.js";
import { Pacer } from "../aws/pacer.js";
import type { ImportResult } from "../aws/securityhub.js";
import { productArn } from "../core/asff.js";
import { BUCKETS } from "../core/buckets.js";
import {
  type ImportPlan,
  importBatches,
  importPlan,
  type RegionFindings,
} from "../core/security-hub-plan.js";
import { perUnit, type UnitOutcome } from "./per-unit.js";

export interface HubUnit {
  account: string;
  region: string;
  findings: RegionFindings;
}

/** What an import changed: earlier findings resolved or archived count only when Security Hub took them. */
interface HubCounts {
  resolved: number;
  archived: number;
  kept: number;
  already: number;
}

export interface HubResult {
  counts: HubCounts;
  /** BatchImportFindings calls made. */
  calls: number;
  imported: number;
  failed: ImportResult["failed"];
}

/** The plan's counts, less the findings Security Hub refused (those were not changed). */
function countsOf(plan: ImportPlan, failed: ImportResult["failed"]): HubCounts {
  const refused = new Set(failed.map((f) => f.id));
  const taken = (ids: string[]) => ids.filter((id) => !refused.has(id)).length;
  return {
    resolved: taken(plan.resolved),
    archived: taken(plan.archived),
    kept: plan.kept,
    already: plan.already,
  };
}

async function importRegion(
  clients: Clients,
  unit: HubUnit,
  at: string,
  version: string,
): Promise<HubResult> {
  const hub = clients.securityHub(unit.region);
  const reads = new Pacer(BUCKETS.getFindings);
  const writes = new Pacer(BUCKETS.batchImportFindings);
  await reads.take();
  const previous = await hub.activeFindings(productArn(unit.account, unit.region));
  const plan = importPlan(unit.findings, previous, at, version);
  let calls = 0;
  let imported = 0;
  const failed: ImportResult["failed"] = [];
  for (const batch of importBatches(plan.findings)) {
    await writes.take();
    const out = await hub.importFindings(batch);
    calls++;
    imported += out.imported;
    failed.push(...out.failed);
  }
  return { counts: countsOf(plan, failed), calls, imported, failed };
}

/** Imports every unit's findings; one outcome per unit, in order. */
export function importToSecurityHub(
  clients: Clients,
  units: readonly HubUnit[],
  at: string,
  version: string,
  onOutcome?: (outcome: UnitOutcome<HubUnit, HubResult>) => void,
): Promise<UnitOutcome<HubUnit, HubResult>[]> {
  return perUnit(
    clients,
    units,
    { part: "security-hub", action: "securityhub:BatchImportFindings" },
    (unit) => importRegion(clients, unit, at, version),
    onOutcome,
  );
}
