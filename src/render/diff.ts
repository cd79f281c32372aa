// `imds report diff`: what changed between two audits, and the trend over a directory of them, as
// a terminal table, GitHub markdown, or JSON. Each returns text; none prints.
import type { AccountChange, DiffEntry, ReportDiff } from "../core/diff.js";
import { plural } from "../core/text.js";
import type { Trend, TrendPoint } from "../core/trend.js";
import type { OrgRenderOptions, RenderOptions } from "./formats.js";
import { safeJson } from "./json.js";
import { capRows, table } from "./table-kit.js";
import { escapeMd, formatTime, printable } from "./text.js";

type DiffFormat = "table" | "markdown" | "json";

const ENTRY_HEADERS = ["Account", "Region", "Kind", "Resource", "Name", "Before", "Now", "Finding"];

function entryCells(e: DiffEntry): string[] {
  return [
    e.account,
    e.region,
    e.kind,
    e.id,
    e.name ?? "",
    e.before ?? "absent",
    e.after ?? "gone",
    e.message,
  ].map(printable);
}

function section(
  title: string,
  entries: readonly DiffEntry[],
  markdown: boolean,
  opts: RenderOptions,
): string {
  if (entries.length === 0) return "";
  const { shown, note } = capRows(entries, opts.maxRows, "resource", " (use --format json to see them all)");
  const body = table(shown.map(entryCells), {
    head: ENTRY_HEADERS,
    markdown,
    width: opts.width,
    fit: [
      undefined,
      undefined,
      undefined,
      undefined,
      { shrink: true, max: 40 },
      undefined,
      undefined,
      { shrink: true, min: 20 },
    ],
  });
  const heading = markdown ? `### ${title} (${entries.length})` : `${title} (${entries.length}):`;
  return [heading, body, note].filter(Boolean).join("\n\n");
}

const CHANGE_TEXT: Record<AccountChange["change"], string> = {
  appeared: "appeared",
  disappeared: "disappeared",
  unreadable: "not entered",
  incomplete: "not read completely",
};

function accountSection(changes: readonly AccountChange[], markdown: boolean, opts: RenderOptions): string {
  if (changes.length === 0) return "";
  const rows = changes.map((c) => [c.account, c.name ?? "", CHANGE_TEXT[c.change], c.detail].map(printable));
  const body = table(rows, {
    head: ["Account", "Name", "Change", "Why"],
    markdown,
    width: opts.width,
    fit: [undefined, { shrink: true, max: 30 }, undefined, { shrink: true, min: 20 }],
  });
  const title = `Accounts that changed (${changes.length})`;
  return [markdown ? `### ${title}` : `${title}:`, body].join("\n\n");
}

function diffText(d: ReportDiff, markdown: boolean, opts: RenderOptions): string {
  const span = `from ${formatTime(d.old.generatedAt)} to ${formatTime(d.new.generatedAt)} · judged at --fail-on ${d.failOn}`;
  const incomplete = d.becameIncomplete.map((r) => `- ${r.account} ${r.region}: ${r.errors.join(", ")}`);
  const parts = [
    markdown ? `## imds report diff\n\n${escapeMd(span)}` : `imds report diff · ${span}`,
    accountSection(d.accounts, markdown, opts),
    section("Newly failing", d.newlyFailing, markdown, opts),
    section("Fixed", d.fixed, markdown, opts),
    section("Newly excepted by the config file", d.excepted, markdown, opts),
    section("Still failing", d.stillFailing, markdown, opts),
    incomplete.length
      ? `${markdown ? "### " : ""}Not read completely this time:\n\n${incomplete.map(printable).join("\n")}`
      : "",
    markdown ? `**${escapeMd(d.verdict.line)}**` : d.verdict.line,
  ];
  return `${parts.filter(Boolean).join("\n\n")}\n`;
}

export function renderDiff(format: DiffFormat, d: ReportDiff, opts: RenderOptions): string {
  if (format === "json") return `${safeJson(d, 2)}\n`;
  return diffText(d, format === "markdown", opts);
}

function pointText(p: TrendPoint | null): string {
  if (p === null) return "-";
  if (p.percent === null) return "unread";
  return `${p.percent.toFixed(1)}%${p.complete ? "" : "?"}`;
}

/** Per account; with --detail, each account's regions after it. */
function trendRows(t: Trend, detail: boolean): { head: string[]; rows: string[][] } {
  if (detail)
    return {
      head: ["Account", "Region", ...t.days],
      rows: t.rows.flatMap((r) => [
        [r.account, "all regions", ...r.points.map(pointText)],
        ...r.regions.map((g) => [r.account, g.region, ...g.points.map(pointText)]),
      ]),
    };
  const named = t.rows.some((r) => r.name !== undefined);
  const label = (first: string, name: string) => (named ? [first, name] : [first]);
  return {
    head: [...label("Account", "Name"), ...t.days],
    rows: t.rows.map((r) => [...label(r.account, r.name ?? ""), ...r.points.map(pointText)]),
  };
}

function trendText(t: Trend, markdown: boolean, opts: OrgRenderOptions): string {
  const { head, rows } = trendRows(t, opts.detail);
  const labels = head.length - t.days.length;
  const total = [
    "all",
    ...(labels > 1 ? [opts.detail ? "all regions" : ""] : []),
    ...t.overall.map(pointText),
  ];
  const aligns = head.map((_, i) => (i >= labels ? ("right" as const) : ("left" as const)));
  const title = `compliance per day (resources with no finding at or above --fail-on ${t.failOn}), from ${plural(t.reports.used, "report")} of ${t.reports.read} read (the last of each day covering each account)`;
  const legend = `? not read completely that day · unread: the account could not be entered · - not audited that day${opts.detail ? "" : " · --detail: per region"}`;
  return `${[
    markdown ? `## imds report trend\n\n${escapeMd(title)}` : `imds report trend · ${title}`,
    table(
      [...rows, total].map((r) => r.map(printable)),
      { head, aligns, markdown, width: opts.width },
    ),
    markdown ? escapeMd(legend) : legend,
  ].join("\n\n")}\n`;
}

export function renderTrend(format: DiffFormat, t: Trend, opts: OrgRenderOptions): string {
  if (format === "json") return `${safeJson(t, 2)}\n`;
  return trendText(t, format === "markdown", opts);
}
