// The enforce and rollback report's view, shared by its formats: column titles, cells, row order,
// the reasons resources were left alone. Pure, no color.
import type { ChangeRegionRow, ChangeReport, ChangeRow } from "../core/change-report.js";
import { placeOf } from "../core/changes.js";
import type { Settings } from "../core/plan.js";
import { groupBy, plural } from "../core/text.js";
import { formatTime, printable } from "./text.js";

/** An organization run's report: its rows carry accounts. */
function byAccount(report: ChangeReport): boolean {
  return report.regions.some((r) => r.account !== undefined) || (report.accountErrors?.length ?? 0) > 0;
}

/** Organization runs lead each row with its account; a one-account report has no such column. */
export function changeLead(report: ChangeReport): {
  head: string[];
  of: (row: { account?: string | undefined }) => string[];
} {
  return byAccount(report)
    ? { head: ["Account"], of: (row) => [row.account ?? ""] }
    : { head: [], of: () => [] };
}

/** "account 123456789012 · 17 regions · TIME", or for an organization run "caller ... · 40 accounts · ...". */
export function changeScope(report: ChangeReport): string {
  const time = formatTime(report.generatedAt);
  if (!byAccount(report))
    return `account ${report.account.id} · ${plural(report.regions.length, "region")} · ${time}`;
  const accounts = new Set([
    ...report.regions.map((r) => r.account),
    ...(report.accountErrors ?? []).map((e) => e.account),
  ]);
  return `caller ${report.account.id} · ${plural(accounts.size, "account")} · ${plural(report.regions.length, "region")} · ${time}`;
}

/** One line per account that could not be entered or listed. */
export function accountErrorLines(report: ChangeReport): string[] {
  return (report.accountErrors ?? []).map((e) =>
    printable(`${e.account}: ${e.action} ${e.code} [${e.kind}]: ${e.hint}`),
  );
}

export const CHANGE_REGION_HEADERS = [
  "Region",
  "Planned",
  "Applied",
  "Failed",
  "Pending",
  "Not started",
  "Left alone",
  "Permission",
];

/** Indexes of the CHANGE_REGION_HEADERS columns that hold counts (right-aligned in a terminal). */
export const CHANGE_COUNT_COLUMNS: ReadonlySet<number> = new Set([1, 2, 3, 4, 5, 6]);

/** Before anything is applied, only these columns say something. */
const PLAN_COLUMNS = [0, 1, 6, 7];

/** The region columns worth showing for the report's mode. */
export function planColumns<T>(report: ChangeReport, cells: readonly T[]): T[] {
  return report.mode === "apply" ? [...cells] : PLAN_COLUMNS.map((i) => cells[i] as T);
}

export const CHANGE_HEADERS = ["Region", "Kind", "Resource", "Name", "Before", "Requested", "Outcome"];

/** "httpTokens=required hopLimit=2", or "(none set)". */
export function settingsText(s: Settings): string {
  return (
    Object.entries(s)
      .map(([k, v]) => `${k}=${v}`)
      .join(" ") || "(none set)"
  );
}

function permission(r: ChangeRegionRow): string {
  if (r.errors.length) return `not read: ${r.errors.map((e) => `${e.action} ${e.code}`).join(", ")}`;
  if (!r.probes.length) return "-";
  return r.probes
    .map((p) => (p.result === "permitted" ? `${p.action} ok` : `${p.action} ${p.code}`))
    .join(", ");
}

export function changeRegionCells(r: ChangeRegionRow): string[] {
  return [
    r.region,
    String(r.planned),
    String(r.applied),
    String(r.failed),
    String(r.unverified),
    String(r.notStarted),
    String(r.skipped),
    permission(r),
  ];
}

function outcomeLabel(c: ChangeRow): string {
  if (c.outcome === "applied")
    return c.verified === "applied" ? "applied" : `applied, ${c.verified ?? "unverified"}`;
  return c.outcome;
}

function kindLabel(kind: ChangeRow["kind"]): string {
  return kind === "account-default" ? "default" : "instance";
}

export function changeCells(c: ChangeRow): string[] {
  return [
    c.region,
    kindLabel(c.kind),
    c.id,
    c.name ?? "",
    settingsText(c.before),
    settingsText(c.requested),
    outcomeLabel(c) + (c.error ? ` (${c.error.code})` : ""),
  ].map(printable);
}

/** Failed and unfinished changes first, so a capped list shows what needs attention. */
export function changesByUrgency(changes: readonly ChangeRow[]): ChangeRow[] {
  const rank = (c: ChangeRow) =>
    c.outcome === "failed"
      ? 0
      : c.outcome === "applied" && c.verified !== "applied"
        ? 1
        : c.outcome === "planned"
          ? 2
          : 3;
  return [...changes].sort((a, b) => rank(a) - rank(b));
}

/** Resources left alone, grouped by reason; a reason that names one resource names it too. */
export function skipReasons(report: ChangeReport): string[] {
  const groups = groupBy(report.skipped, (s) => `${kindLabel(s.kind)}\u0000${s.reason}`);
  return [...groups].map(([key, skips]) => {
    const [kind, reason] = key.split("\u0000");
    const one = skips.length === 1 ? skips[0] : undefined;
    const who = one
      ? `${kind} ${placeOf(one)}${one.kind === "instance" ? ` ${one.id}` : ""}${one.name ? ` (${one.name})` : ""}`
      : `${skips.length} × ${kind}`;
    return printable(`${who}: ${reason}`);
  });
}

export const EXCEPTED_SKIP_HEADERS = [
  "Region",
  "Kind",
  "Resource",
  "Name",
  "Exception",
  "Until",
  "Owner",
  "Reason",
];

/** The resources a config exception left alone, one row each. */
export function exceptedSkipRows(report: ChangeReport): string[][] {
  return report.skipped.flatMap((s) =>
    s.exception
      ? [
          [
            s.region,
            kindLabel(s.kind),
            s.id,
            s.name ?? "",
            s.exception.where,
            s.exception.expires,
            s.exception.owner,
            s.exception.reason,
          ].map(printable),
        ]
      : [],
  );
}
