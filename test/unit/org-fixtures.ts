// Organization runs built from hand-made scans, through the same pure functions imds runs: each
// account's regions evaluated, summarized, and the report's head assembled.
import type { AccountRef } from "../../src/core/accounts.js";
import { type AccountResult, summarizeAccount } from "../../src/core/org-account.js";
import { assembleOrgHead, type OrgMeta } from "../../src/core/org-report.js";
import type { AccountBlock, AccountError, AccountRow, OrgAuditView } from "../../src/core/org-types.js";
import { evaluateRegion } from "../../src/core/report.js";
import type { ReadError, RegionScan } from "../../src/core/types.js";

export const scpDeny = (part: ReadError["part"], action: string): ReadError => ({
  part,
  kind: "scp-denied",
  action,
  code: "UnauthorizedOperation",
  message: "with an explicit deny in a service control policy",
  hint: "an SCP denies it",
});

export function scan(region: string, tokens: "optional" | "required", v1Instances = 1): RegionScan {
  return {
    region,
    defaults: tokens === "required" ? { httpTokens: "required", hopLimit: 2 } : {},
    instances: Array.from({ length: v1Instances + 1 }, (_, i) => ({
      id: `i-${region.replace(/-/g, "")}${String(i).padStart(4, "0")}`,
      state: "running",
      tags: {},
      metadata: i === 0 ? { httpTokens: "required", hopLimit: 2 } : { httpTokens: "optional", hopLimit: 1 },
    })),
    templates: [],
    images: [],
    errors: [],
  };
}

export function read(ref: AccountRef, scans: RegionScan[], notEnabled: string[] = []): AccountResult {
  return { ref, evaluated: scans.map((s) => evaluateRegion(s, { maxHopLimit: 2 })), notEnabled };
}

export const denied = (ref: AccountRef): AccountResult => {
  const error: AccountError = {
    stage: "assume-role",
    kind: "assume-role-denied",
    action: "sts:AssumeRole",
    code: "AccessDenied",
    message: "not authorized",
    hint: "create the role",
  };
  return { ref, error };
};

export function meta(overrides: Partial<OrgMeta> = {}): OrgMeta {
  return {
    version: "0.1.0",
    caller: { id: "111111111111", arn: "arn:aws:iam::111111111111:user/audit" },
    generatedAt: new Date("2026-11-22T10:51:00Z"),
    durationMs: 1200,
    options: { maxHopLimit: 2, states: ["running"], failOn: "fail", scpDeniedAsExcluded: false },
    organization: { id: "o-abc123", managementAccount: "111111111111" },
    selection: { source: "org", role: "arn:aws:iam::{account}:role/OrganizationAccountAccessRole" },
    errors: [],
    skipped: [],
    ...overrides,
  };
}

/** A whole run: each result summarized, blocks kept in memory, the head assembled. */
export function orgRun(
  results: AccountResult[],
  m: OrgMeta = meta(),
  scpDeniedAsExcluded = false,
): { view: OrgAuditView; rows: AccountRow[] } {
  const blocks = new Map<string, AccountBlock>();
  const rows = results.map((r) => {
    const { row, block } = summarizeAccount(r, { scpDeniedAsExcluded });
    blocks.set(row.id, block);
    return row;
  });
  const head = assembleOrgHead(rows, m);
  const ids = [...blocks.keys()].sort();
  return {
    rows,
    view: {
      head,
      *blocks() {
        for (const id of ids) yield blocks.get(id) as AccountBlock;
      },
    },
  };
}

/** The whole report as `--format json` would parse back. */
export function fullReport(view: OrgAuditView) {
  const blocks = [...view.blocks()];
  const { verdict, ...rest } = view.head;
  return {
    ...rest,
    regions: blocks.flatMap((b) => b.regions),
    resources: blocks.flatMap((b) => b.resources),
    verdict,
  };
}
