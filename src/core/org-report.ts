// The organization audit report's head, from every account's row: the accounts worst first, the
// totals, whether the run was complete, and the verdict. Pure; a merge of shards calls it too.
import type { SkippedAccount } from "./accounts.js";
import type {
  AccountRow,
  OrgAuditHead,
  OrgError,
  OrgOptionsEcho,
  OrgTotals,
  Selection,
} from "./org-types.js";
import { orgVerdict } from "./org-verdict.js";
import { worstOf } from "./severity.js";
import type { ExceptionVerdict, RegionStatus, Severity } from "./types.js";

export interface OrgMeta {
  version: string;
  caller: { id: string; arn?: string };
  generatedAt: Date;
  durationMs: number;
  endpoint?: string | undefined;
  options: OrgOptionsEcho;
  organization?: { id: string; managementAccount: string } | undefined;
  selection: Selection;
  errors: readonly OrgError[];
  skipped: readonly SkippedAccount[];
  /** The config file's exceptions over every account (joinVerdicts), when it has any. */
  exceptions?: ExceptionVerdict[] | undefined;
}

const STATUS_RANK: Record<RegionStatus, number> = { incomplete: 0, fail: 1, warn: 2, pass: 3 };

/** Worst first: incomplete, fail, warn, pass; then the most IMDSv1-allowed instances; then by id. */
function worstFirst(a: AccountRow, b: AccountRow): number {
  return (
    STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
    b.counts.v1Allowed - a.counts.v1Allowed ||
    a.id.localeCompare(b.id)
  );
}

function severityOf(r: AccountRow): Severity {
  const sum = (k: Record<string, number>) => Object.values(k).reduce((a, b) => a + b, 0);
  return sum(r.counts.fail) ? "fail" : sum(r.counts.warn) ? "warn" : "pass";
}

function orgTotals(rows: readonly AccountRow[], skipped: number): OrgTotals {
  const byStatus: Record<RegionStatus, number> = { pass: 0, warn: 0, fail: 0, incomplete: 0 };
  const t: OrgTotals = {
    accounts: rows.length,
    accountsComplete: 0,
    byStatus,
    regionsRead: 0,
    regionsTotal: 0,
    instances: 0,
    v1Allowed: 0,
    defaultsFailing: 0,
    lockedRegions: 0,
    templatesFailing: 0,
    skipped,
  };
  for (const r of rows) {
    byStatus[r.status]++;
    if (r.complete) t.accountsComplete++;
    t.regionsRead += r.regions.read;
    t.regionsTotal += r.regions.total;
    t.instances += r.counts.instances;
    t.v1Allowed += r.counts.v1Allowed;
    t.defaultsFailing += r.counts.defaultsFailing;
    t.lockedRegions += r.counts.lockedRegions;
    t.templatesFailing += r.counts.templatesFailing;
  }
  return t;
}

export function assembleOrgHead(rows: readonly AccountRow[], meta: OrgMeta): OrgAuditHead {
  const accounts = [...rows].sort(worstFirst);
  const exceptions = meta.exceptions?.length ? meta.exceptions : undefined;
  const worst = worstOf([...accounts.map(severityOf), ...(exceptions ?? []).map((e) => e.severity)]);
  const complete = meta.errors.length === 0 && accounts.every((r) => r.complete);
  const skipped = [...meta.skipped].sort((a, b) => a.id.localeCompare(b.id));
  return {
    schemaVersion: 2,
    scope: "organization",
    tool: { name: "imds", version: meta.version },
    caller: meta.caller,
    generatedAt: meta.generatedAt.toISOString(),
    durationMs: meta.durationMs,
    ...(meta.endpoint === undefined ? {} : { endpoint: meta.endpoint }),
    options: meta.options,
    ...(meta.organization === undefined ? {} : { organization: meta.organization }),
    selection: meta.selection,
    complete,
    worst,
    errors: [...meta.errors],
    accounts,
    skipped,
    totals: orgTotals(accounts, skipped.length),
    ...(exceptions ? { exceptions } : {}),
    verdict: orgVerdict(accounts, meta.errors, worst, meta.selection, exceptions),
  };
}
