// The organization audit report's view, shared by its formats: the account summary, the findings
// with an account column, the notes. Pure, no color.
import type { AccountRow, OrgAuditHead, OrgAuditView, OrgResource } from "../core/org-types.js";
import { shardLabel } from "../core/shard.js";
import { plural } from "../core/text.js";
import { findingHeaders, resourceRow, TopFindings } from "./audit-cells.js";
import type { Cell } from "./table-kit.js";
import { formatTime, printable } from "./text.js";

export const ACCOUNT_HEADERS = [
  "Account",
  "Name",
  "Regions",
  "Inst",
  "v1 ok",
  "Defaults fail",
  "Locked",
  "Status",
] as const;

/** Indexes of the ACCOUNT_HEADERS columns that hold counts (right-aligned in a terminal). */
export const ACCOUNT_COUNT_COLUMNS: ReadonlySet<number> = new Set([2, 3, 4, 5, 6]);
export const ACCOUNT_NAME_COLUMN = 1;

const UNREAD = "?";

/** "INCOMPLETE (assume-role-denied)", "FAIL" */
function accountStatus(r: AccountRow): string {
  const why = r.status === "incomplete" && r.failureKinds.length ? ` (${r.failureKinds.join(", ")})` : "";
  return `${r.status.toUpperCase()}${why}`;
}

/** One summary row; an account never entered shows "?" for what was not read, never 0. */
export function accountCells(r: AccountRow): string[] {
  const entered = r.errors.length === 0;
  const n = (value: number) => (entered ? String(value) : UNREAD);
  const excluded = r.excludedRegions.length ? ` (+${r.excludedRegions.length} excl.)` : "";
  return [
    r.id,
    r.name ?? "",
    entered ? `${r.regions.read}/${r.regions.total}${excluded}` : UNREAD,
    n(r.counts.instances),
    n(r.counts.v1Allowed),
    n(r.counts.defaultsFailing),
    n(r.counts.lockedRegions),
    accountStatus(r),
  ].map(printable);
}

/** The totals row under the summary. */
export function totalCells(head: OrgAuditHead): string[] {
  const t = head.totals;
  return [
    `Total (${t.accounts})`,
    "",
    `${t.regionsRead}/${t.regionsTotal}`,
    String(t.instances),
    String(t.v1Allowed),
    String(t.defaultsFailing),
    String(t.lockedRegions),
    `${t.accountsComplete}/${t.accounts} complete`,
  ];
}

/** What the report covers, e.g. ["organization o-abc", "40 accounts", "680 account-regions", "2026-11-22 10:51 UTC"]. */
export function orgScopeParts(head: OrgAuditHead): string[] {
  const n = head.totals.accounts;
  const parts = [
    head.organization ? `organization ${head.organization.id}` : `caller ${head.caller.id}`,
    // Each account's own regions: 40 accounts of 17 regions are 680 account-regions, not 680 regions.
    plural(n, "account"),
    plural(head.totals.regionsTotal, "account-region"),
    formatTime(head.generatedAt),
  ];
  if (head.selection.shard) parts.push(`shard ${shardLabel(head.selection.shard)}`);
  if (head.endpoint) parts.push(`endpoint ${head.endpoint}`);
  return parts.map(printable);
}

/** "Account 111122223333 (sandbox)" */
export function accountTitle(id: string, name: string | undefined): string {
  return printable(`Account ${id}${name ? ` (${name})` : ""}`);
}

/** One line per thing the summary cannot show: failures, regions left out, accounts left out. */
export function orgNotes(head: OrgAuditHead): string[] {
  const label = (r: { id: string; name?: string }) => `${r.id}${r.name ? ` (${r.name})` : ""}`;
  const lines = [
    ...head.errors.map(
      (e) => `organization: ${e.action}${e.parent ? ` ${e.parent}` : ""} ${e.code} [${e.kind}]: ${e.hint}`,
    ),
    ...head.accounts.flatMap((r) =>
      r.errors.map((e) => `${label(r)}: ${e.action} ${e.code} [${e.kind}]: ${e.hint}`),
    ),
    ...head.accounts.flatMap((r) =>
      r.unread.map((u) => {
        const where = u.regions.length > 3 ? `${u.regions.length} regions` : u.regions.join(", ");
        return `${label(r)}: ${where}: ${u.action} ${u.code} [${u.kind}]: ${u.hint}`;
      }),
    ),
    ...head.accounts.flatMap((r) =>
      r.excludedRegions.map((x) => `${label(r)}: ${x.region} left out: ${x.reason}`),
    ),
    ...head.skipped.map((s) => `${label(s)}: left out: ${s.reason}`),
  ];
  return lines.map(printable);
}

/** The findings table's titles: the account first. */
export function orgFindingHeaders(withEvidence: boolean): string[] {
  return ["Account", ...findingHeaders(withEvidence)];
}

export function orgResourceRow(resource: OrgResource, withEvidence: boolean): Cell[] {
  return [resource.account, ...resourceRow(resource, withEvidence)];
}

/**
 * The first `max` failing then warning resources (0: all) in the order the one-account report uses
 * (defaults, templates, instances, AMIs), accounts in id order: one pass over the blocks, holding
 * at most `max` per severity and kind. `total` counts every failing and warning resource.
 */
export function topFindings(view: OrgAuditView, max: number): { shown: OrgResource[]; total: number } {
  const top = new TopFindings<OrgResource>(max);
  for (const block of view.blocks()) top.add(block.resources);
  return { shown: top.shown(), total: top.total };
}

/** "… and 12 more findings (advice)", or "" when nothing was cut. */
export function moreFindings(total: number, shown: number, advice: string): string {
  const hidden = total - shown;
  return hidden > 0 ? `… and ${hidden} more ${hidden === 1 ? "finding" : "findings"}${advice}` : "";
}
