// The organization audit's one-line verdict and the enforce command that fixes its defaults. Pure.

import { type Invocation, suggest } from "./next-command.js";
import type { AccountRow, KindCounts, OrgError, Selection } from "./org-types.js";
import { plural } from "./text.js";
import type { ExceptionVerdict, Severity, Verdict } from "./types.js";
import { exceptionsAt, kindsText, zeroKinds } from "./verdict.js";

/** How to name the same accounts again, or these accounts by id. */
function accountArgs(s: Selection, ids?: readonly string[]): string[] {
  if (ids) return ["--accounts", ids.join(",")];
  const out: string[] = [];
  if (s.source === "org") out.push("--org");
  for (const ou of s.ous ?? []) out.push("--ou", ou);
  if (s.source === "accounts") out.push("--accounts", (s.accounts ?? []).join(","));
  if (s.source === "accounts-file") out.push("--accounts-file", s.file ?? "");
  if (s.excluded?.length) out.push("--exclude-accounts", s.excluded.join(","));
  return out;
}

/** Past this many accounts, the command names the selection rather than each account. */
const LIST_MAX = 10;

/** How an organization run was asked for: the selection, its identity, and the SCP flag. */
export interface OrgAsked {
  selection: Selection;
  invocation?: Invocation | undefined;
  scpDeniedAsExcluded?: boolean | undefined;
}

/**
 * `imds enforce ...` for the accounts whose defaults enforce would change, or undefined when none.
 * An account that stopped answering (closed, suspended) is never named.
 */
export function orgEnforceCommand(rows: readonly AccountRow[], asked: OrgAsked): string | undefined {
  const s = asked.selection;
  const needing = rows
    .filter((r) => r.counts.enforceable > 0 && !r.failureKinds.includes("account-suspended"))
    .map((r) => r.id);
  if (needing.length === 0) return undefined;
  const listed = needing.length <= LIST_MAX;
  const args = [
    ...accountArgs(s, listed ? [...needing].sort() : undefined),
    ...(!listed && s.shard ? ["--shard", `${s.shard.index}/${s.shard.count}`] : []),
    ...(s.regions?.length ? ["--regions", s.regions.join(",")] : []),
    ...(s.excludeRegions?.length ? ["--exclude-regions", s.excludeRegions.join(",")] : []),
    ...(asked.scpDeniedAsExcluded ? ["--scp-denied-as-excluded"] : []),
  ];
  return suggest(["enforce", ...args], { ...asked.invocation, role: s.role });
}

function sumKinds(rows: readonly AccountRow[], severity: "fail" | "warn"): KindCounts {
  const out: KindCounts = zeroKinds();
  for (const r of rows)
    for (const k of Object.keys(out) as (keyof KindCounts)[]) out[k] += r.counts[severity][k];
  return out;
}

/** "222233334444 (sandbox): assume-role-denied", "333344445555: scp-denied in eu-west-1" */
function whyIncomplete(r: AccountRow): string {
  const regions = r.incompleteRegions;
  const listed =
    regions.length > 3 ? [...regions.slice(0, 2), `${regions.length - 2} more regions`] : regions;
  const where = regions.length ? ` in ${listed.join(", ")}` : "";
  return `${r.id}${r.name ? ` (${r.name})` : ""}: ${r.failureKinds.join(", ") || "not read"}${where}`;
}

const SHOWN = 5;

/** An account read without error but with no region left to check (every one excluded). */
export function nothingChecked(r: AccountRow): boolean {
  return r.complete && r.regions.read === 0;
}

/** "222233334444 (sandbox): every region excluded (denied by a service control policy)" */
function whyUnchecked(r: AccountRow): string {
  const reasons = [...new Set(r.excludedRegions.map((e) => e.reason))].join("; ");
  return `${r.id}${r.name ? ` (${r.name})` : ""}: every region in scope excluded${reasons ? ` (${reasons})` : ""}`;
}

function listed(rows: readonly AccountRow[], say: (r: AccountRow) => string): string {
  const out = rows.slice(0, SHOWN).map(say);
  if (rows.length > SHOWN) out.push(`and ${rows.length - SHOWN} more`);
  return out.join("; ");
}

export function orgVerdict(
  rows: readonly AccountRow[],
  errors: readonly OrgError[],
  worst: Severity,
  asked: OrgAsked,
  exceptions: readonly ExceptionVerdict[] = [],
): Verdict {
  const command = orgEnforceCommand(rows, asked);
  const next = command === undefined ? {} : { nextCommand: command };
  const incomplete = rows.filter((r) => !r.complete);
  const unchecked = rows.filter(nothingChecked);
  if (incomplete.length || errors.length || unchecked.length) {
    const accounts = incomplete.length
      ? `${plural(incomplete.length, "account")} of ${rows.length} could not be read completely (${listed(incomplete, whyIncomplete)})`
      : "";
    const empty = unchecked.length
      ? `nothing was checked in ${plural(unchecked.length, "account")} of ${rows.length} (${listed(unchecked, whyUnchecked)})`
      : "";
    const orgPart = errors.length
      ? `the account list is incomplete (${errors.map((e) => `${e.action}${e.parent ? ` ${e.parent}` : ""} ${e.code}`).join("; ")})`
      : "";
    return {
      status: "incomplete",
      line: `INCOMPLETE: ${[accounts, empty, orgPart].filter(Boolean).join("; ")}. This is not proof of compliance.`,
      ...next,
    };
  }
  if (worst === "pass") {
    const regions = rows.reduce((n, r) => n + r.regions.total, 0);
    const instances = rows.reduce((n, r) => n + r.counts.instances, 0);
    return {
      status: "compliant",
      line: `PASS: IMDSv2 is required across ${plural(rows.length, "account")} (${plural(regions, "account-region")}, ${plural(instances, "instance")} checked).`,
    };
  }
  const failing = rows.filter((r) => r.status === worst).length;
  // Only an exception may be failing (an expired one): then no account is named.
  const label = worst === "fail" ? (failing ? "FAIL: IMDSv1 is allowed" : "FAIL") : "WARN: findings";
  const where = failing ? ` in ${failing} of ${plural(rows.length, "account")}` : "";
  const what = [failing ? kindsText(sumKinds(rows, worst)) : "", exceptionsAt(exceptions, worst)]
    .filter(Boolean)
    .join(", ");
  return {
    status: "findings",
    line: `${label}${where}: ${what}.`,
    ...next,
  };
}
