// What `--to-security-hub` sends to one region's Security Hub, and in which batches. Pure.
//
// Every current finding is imported (same Id as last time, so it is updated, not duplicated).
// An imds finding still active in Security Hub that this audit no longer has is resolved: the
// resource now passes (compliance PASSED, record ARCHIVED) or is gone (record ARCHIVED). Only for
// kinds of resource this audit read completely in that region: a part that could not be read
// proves nothing, so its findings are left as they are. The counts are what this import changes: a
// finding already archived is not sent, and one a person already resolved in Security Hub
// (workflow RESOLVED) is archived but counted as resolved before, not by this run.
import { type AsffFinding, asffFinding, resolvedFinding } from "./asff.js";
import type { FindingRow } from "./finding-rows.js";
import type { ResourceKind } from "./types.js";

/** BatchImportFindings' limits per call (Security Hub partner guide). */
export const IMPORT_LIMITS = { findings: 100, bytes: 6 * 1024 * 1024 } as const;

export interface RegionFindings {
  /** This audit's findings in the region. */
  rows: FindingRow[];
  /** Kinds of resource read completely in the region. */
  readKinds: ReadonlySet<ResourceKind>;
  /** `kind/id` of every resource seen in the region, passing or not. */
  seen: ReadonlySet<string>;
}

export interface ImportPlan {
  findings: AsffFinding[];
  /** Ids of the earlier findings this import resolves: the resource now passes. */
  resolved: string[];
  /** Ids of the earlier findings this import archives: the resource is gone. */
  archived: string[];
  /** Earlier findings of kinds of resource this audit could not read here: not sent, left as they are. */
  kept: number;
  /** Earlier findings resolved before this run: archived (not sent) or resolved in Security Hub's workflow. */
  already: number;
}

export function importPlan(
  region: RegionFindings,
  previous: readonly AsffFinding[],
  at: string,
  version: string,
): ImportPlan {
  const first = new Map(previous.map((f) => [f.Id, f.CreatedAt]));
  // A finding seen before keeps the time it was first created.
  const findings = region.rows.map((row) => {
    const f = asffFinding(row, at, version);
    return { ...f, CreatedAt: first.get(f.Id) ?? f.CreatedAt };
  });
  const current = new Set(findings.map((f) => f.Id));
  const plan: ImportPlan = { findings, resolved: [], archived: [], kept: 0, already: 0 };
  for (const old of previous) {
    if (current.has(old.Id)) continue;
    const kind = old.ProductFields?.["imds/kind"] as ResourceKind | undefined;
    const id = old.ProductFields?.["imds/resource"];
    if (kind === undefined || id === undefined) continue;
    if (!region.readKinds.has(kind)) plan.kept++;
    else if (old.RecordState === "ARCHIVED") plan.already++;
    else {
      const fixed = region.seen.has(`${kind}/${id}`);
      findings.push(resolvedFinding(old, at, fixed));
      if (old.Workflow?.Status === "RESOLVED") plan.already++;
      else (fixed ? plan.resolved : plan.archived).push(old.Id);
    }
  }
  return plan;
}

/** Findings in calls of at most 100 findings and 6 MB each, in order. */
export function importBatches(findings: readonly AsffFinding[]): AsffFinding[][] {
  const batches: AsffFinding[][] = [];
  let batch: AsffFinding[] = [];
  // `{"Findings":[` and `]}` around the batch, and a comma between findings.
  let bytes = 16;
  for (const f of findings) {
    const size = Buffer.byteLength(JSON.stringify(f)) + 1;
    if (batch.length > 0 && (batch.length >= IMPORT_LIMITS.findings || bytes + size > IMPORT_LIMITS.bytes)) {
      batches.push(batch);
      batch = [];
      bytes = 16;
    }
    batch.push(f);
    bytes += size;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}
