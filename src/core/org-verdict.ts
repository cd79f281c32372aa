// The organization audit's one-line verdict and the enforce command that fixes its defaults. Pure.
import type { AccountRow, KindCounts, OrgError, Selection } from "./org-types.js";
import { plural } from "./text.js";
import type { ExceptionVerdict, Severity, Verdict } from "./types.js";
import { exceptionsAt, kindsText, zeroKinds } from "./verdict.js";
import { shellQuote } from "./watch.js";

export const DEFAULT_ROLE_NAME = "OrganizationAccountAccessRole";

/** The ARN template for a role name: `{account}` stands for each account id. */
export function roleTemplate(name: string, partition = "aws"): string {
  return `arn:${partition}:iam::{account}:role/${name}`;
}

/** How to say the role again on a command line. */
function roleArgs(role: string): string[] {
  const name = /^arn:aws:iam::\{account\}:role\/([\w+=,.@-]+)$/.exec(role)?.[1];
  if (name === DEFAULT_ROLE_NAME) return [];
  return name ? ["--role-name", name] : ["--role-arn", role];
}

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

/** `imds enforce ...` for the accounts whose defaults enforce would change, or undefined when none. */
export function orgEnforceCommand(rows: readonly AccountRow[], s: Selection): string | undefined {
  const needing = rows.filter((r) => r.counts.enforceable > 0).map((r) => r.id);
  if (needing.length === 0) return undefined;
  const args = [
    ...accountArgs(s, needing.length <= LIST_MAX ? [...needing].sort() : undefined),
    ...roleArgs(s.role),
    ...(s.regions?.length ? ["--regions", s.regions.join(",")] : []),
    ...(s.excludeRegions?.length ? ["--exclude-regions", s.excludeRegions.join(",")] : []),
  ];
  return ["imds", "enforce", ...args].map(shellQuote).join(" ");
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

export function orgVerdict(
  rows: readonly AccountRow[],
  errors: readonly OrgError[],
  worst: Severity,
  selection: Selection,
  exceptions: readonly ExceptionVerdict[] = [],
): Verdict {
  const command = orgEnforceCommand(rows, selection);
  const next = command === undefined ? {} : { nextCommand: command };
  const incomplete = rows.filter((r) => !r.complete);
  if (incomplete.length || errors.length) {
    const listed = incomplete.slice(0, SHOWN).map(whyIncomplete);
    if (incomplete.length > SHOWN) listed.push(`and ${incomplete.length - SHOWN} more`);
    const accounts = incomplete.length
      ? `${plural(incomplete.length, "account")} of ${rows.length} could not be read completely (${listed.join("; ")})`
      : "";
    const orgPart = errors.length
      ? `the account list is incomplete (${errors.map((e) => `${e.action}${e.parent ? ` ${e.parent}` : ""} ${e.code}`).join("; ")})`
      : "";
    return {
      status: "incomplete",
      line: `INCOMPLETE: ${[accounts, orgPart].filter(Boolean).join("; ")}. This is not proof of compliance.`,
      ...next,
    };
  }
  if (worst === "pass") {
    const regions = rows.reduce((n, r) => n + r.regions.total, 0);
    const instances = rows.reduce((n, r) => n + r.counts.instances, 0);
    return {
      status: "compliant",
      line: `PASS: IMDSv2 is required across ${plural(rows.length, "account")} (${plural(regions, "region")}, ${plural(instances, "instance")} checked).`,
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
