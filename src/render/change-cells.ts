// The enforce and rollback report's view, shared by its formats: column titles, cells, row order,
// the reasons resources were left alone. Pure, no color.
import type { ChangeRegionRow, ChangeReport, ChangeRow } from "../core/change-report.js";
import { describeSideEffects, placeOf } from "../core/changes.js";
import type { Settings } from "../core/plan.js";
import { groupBy, plural } from "../core/text.js";
import type { ChangeKind, SkipKind } from "../schemas/change-kinds.js";
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

/** "account 123456789012 · 17 regions · TIME", or for an organization run "caller ... · 40 accounts · 680 account-regions · ...". */
export function changeScope(report: ChangeReport): string {
  const time = formatTime(report.generatedAt);
  if (!byAccount(report))
    return `account ${report.account.id} · ${plural(report.regions.length, "region")} · ${time}`;
  const accounts = new Set([
    ...report.regions.map((r) => r.account),
    ...(report.accountErrors ?? []).map((e) => e.account),
  ]);
  return `caller ${report.account.id} · ${plural(accounts.size, "account")} · ${plural(report.regions.length, "account-region")} · ${time}`;
}

/** One line per account that could not be entered or listed. */
export function accountErrorLines(report: ChangeReport): string[] {
  return (report.accountErrors ?? []).map((e) =>
    printable(`${e.account}: ${e.action} ${e.code} [${e.kind}]: ${e.hint}`),
  );
}

const CHANGE_REGION_HEADERS = [
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

/** A probe in words: ok, DryRun ignored (a change may have been made), or AWS's refusal. */
const PROBE_WORDS: Partial<Record<ChangeRegionRow["probes"][number]["result"], string>> = {
  permitted: "ok",
  ignored: "DryRun ignored",
};

function permission(r: ChangeRegionRow): string {
  if (r.errors.length) return `not read: ${r.errors.map((e) => `${e.action} ${e.code}`).join(", ")}`;
  if (!r.probes.length) return "-";
  return r.probes.map((p) => `${p.action} ${PROBE_WORDS[p.result] ?? p.code}`).join(", ");
}

/** A region whose probes did not all say yes: refused, failed, not checkable, or DryRun ignored. */
function refused(r: ChangeRegionRow): boolean {
  return r.probes.some((p) => p.result !== "permitted");
}

/** How bad a region's permission answer is: not read, then a probe not answered yes, then the rest. */
function permissionRank(r: ChangeRegionRow): number {
  return r.errors.length ? 0 : refused(r) ? 1 : 2;
}

/** Each distinct permission answer of `regions`, with how many gave it when they differ; the worst first. */
function permissions(regions: readonly ChangeRegionRow[]): string {
  const answers = [...groupBy(regions, permission)].filter(([text]) => text !== "-");
  if (answers.length === 0) return "-";
  const [only] = answers;
  if (answers.length === 1 && only && only[1].length === regions.length) return only[0];
  // Regions with the same text have the same errors and probe results: the first one ranks them all.
  const rank = ([, rows]: [string, ChangeRegionRow[]]) => (rows[0] ? permissionRank(rows[0]) : 2);
  return answers
    .sort((a, b) => rank(a) - rank(b))
    .map(([text, rows]) => `${text} (${plural(rows.length, "region")})`)
    .join("; ");
}

/** An account's regions as one row, its counts summed: the cells of changeRegionCells, "N regions" first. */
function accountCells(regions: readonly ChangeRegionRow[]): string[] {
  const sum = (key: "planned" | "applied" | "failed" | "unverified" | "notStarted" | "skipped") =>
    String(regions.reduce((n, r) => n + r[key], 0));
  return [
    plural(regions.length, "region"),
    sum("planned"),
    sum("applied"),
    sum("failed"),
    sum("unverified"),
    sum("notStarted"),
    sum("skipped"),
    permissions(regions),
  ];
}

/**
 * Worst first: failures, regions not read, regions whose permission probes did not all say yes (what
 * a dry run is for), changes not verified or not started, then the most planned.
 */
function worstAccountFirst(a: readonly ChangeRegionRow[], b: readonly ChangeRegionRow[]): number {
  const key = (rows: readonly ChangeRegionRow[]) => [
    rows.reduce((n, r) => n + r.failed, 0),
    rows.filter((r) => r.errors.length > 0).length,
    rows.filter(refused).length,
    rows.reduce((n, r) => n + r.unverified + r.notStarted, 0),
    rows.reduce((n, r) => n + r.planned, 0),
  ];
  const [ka, kb] = [key(a), key(b)];
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return (kb[i] ?? 0) - (ka[i] ?? 0);
  return 0;
}

/**
 * The region table: a row per region, led by its account in an organization run. An organization
 * run without --detail has a row per account instead (its regions summed, worst first): 500 accounts
 * of 17 regions make 8,500 region rows, which the JSON report carries and no terminal can show.
 */
export function changeRegionTable(
  report: ChangeReport,
  detail: boolean,
): { lead: string[]; head: string[]; rows: { lead: string[]; cells: string[] }[] } {
  const lead = changeLead(report);
  if (!byAccount(report) || detail) {
    const rows = report.regions.map((r) => ({ lead: lead.of(r), cells: changeRegionCells(r) }));
    return { lead: lead.head, head: CHANGE_REGION_HEADERS, rows };
  }
  const accounts = [...groupBy(report.regions, (r) => r.account ?? "")].sort(
    ([a, ra], [b, rb]) => worstAccountFirst(ra, rb) || a.localeCompare(b),
  );
  return {
    lead: lead.head,
    head: ["Regions", ...CHANGE_REGION_HEADERS.slice(1)],
    rows: accounts.map(([account, regions]) => ({ lead: [account], cells: accountCells(regions) })),
  };
}

function changeRegionCells(r: ChangeRegionRow): string[] {
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

function verification(c: ChangeRow): string {
  if (c.verified === "changed-more") return `changed more: ${describeSideEffects(c.sideEffects ?? [])}`;
  return c.verified ?? "unverified";
}

function outcomeLabel(c: ChangeRow): string {
  if (c.outcome === "applied") return c.verified === "applied" ? "applied" : `applied, ${verification(c)}`;
  return c.outcome;
}

/** The fields shown as before: those the change sets (the JSON report has every field read). */
function beforeShown(c: ChangeRow): Settings {
  const out: Settings = {};
  for (const k of Object.keys(c.requested)) {
    const v = c.before[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

const KIND_LABELS = {
  "account-default": "default",
  instance: "instance",
  "launch-template": "template",
  "launch-template-version": "new version",
  "launch-template-default": "template default",
  "auto-scaling-group": "group",
  "launch-template-version-delete": "delete version",
} as const satisfies Record<ChangeKind | SkipKind, string>;

function kindLabel(kind: ChangeKind | SkipKind): string {
  return KIND_LABELS[kind];
}

export function changeCells(c: ChangeRow): string[] {
  return [
    c.region,
    kindLabel(c.kind),
    c.id,
    c.name ?? "",
    settingsText(beforeShown(c)),
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

/** The heading of the instance refreshes a launch-path change calls for. */
export const REFRESH_TITLE =
  "Running instances keep their settings; replace them with an instance refresh (imds does not start it):";

/**
 * "us-east-1 web: aws autoscaling start-instance-refresh ..." for each group whose launches were
 * fixed ("222222222201/us-east-1 web: ..." in organization runs: run it in that account).
 */
export function refreshLines(report: ChangeReport): string[] {
  return (report.refresh ?? []).map((r) => printable(`${placeOf(r)} ${r.group}: ${r.command}`));
}

/** Resources left alone, grouped by reason; a reason that names one resource names it too. */
export function skipReasons(report: ChangeReport): string[] {
  const groups = groupBy(report.skipped, (s) => `${kindLabel(s.kind)}\u0000${s.reason}`);
  return [...groups].map(([key, skips]) => {
    const [kind, reason] = key.split("\u0000");
    const one = skips.length === 1 ? skips[0] : undefined;
    const who = one
      ? `${kind} ${placeOf(one)}${one.kind === "account-default" ? "" : ` ${one.id}`}${one.name ? ` (${one.name})` : ""}`
      : `${skips.length} × ${kind}`;
    return printable(`${who}: ${reason}`);
  });
}

/** What the plan does in a particular order, and why (one line each). */
export function planNotes(report: ChangeReport): string[] {
  return (report.notes ?? []).map(printable);
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
