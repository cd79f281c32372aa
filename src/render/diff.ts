// `imds report diff`: what changed between two audits, and the trend over a directory of them, as
// a terminal table, GitHub markdown, or JSON. Each returns text; none prints.
import type { DiffEntry, ReportDiff } from "../core/diff.js";
import { plural } from "../core/text.js";
import type { Trend, TrendPoint } from "../core/trend.js";
import type { RenderOptions } from "./formats.js";
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

function diffText(d: ReportDiff, markdown: boolean, opts: RenderOptions): string {
  const span = `from ${formatTime(d.old.generatedAt)} to ${formatTime(d.new.generatedAt)} · judged at --fail-on ${d.failOn}`;
  const incomplete = d.becameIncomplete.map((r) => `- ${r.account} ${r.region}: ${r.errors.join(", ")}`);
  const parts = [
    markdown ? `## imds report diff\n\n${escapeMd(span)}` : `imds report diff · ${span}`,
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
  return `${p.percent.toFixed(1)}%${p.complete ? "" : "?"}`;
}

function trendText(t: Trend, markdown: boolean, opts: RenderOptions): string {
  const head = ["Account", "Region", ...t.days];
  const rows = [
    ...t.rows.map((r) => [r.account, r.region, ...r.points.map(pointText)]),
    ["all", "all regions", ...t.overall.map(pointText)],
  ];
  const aligns = head.map((_, i) => (i >= 2 ? ("right" as const) : ("left" as const)));
  const title = `compliance per day (resources with no finding at or above --fail-on ${t.failOn}), from ${plural(t.reports.used, "report")} of ${t.reports.read} read (the last of each day and account)`;
  const legend = "? the region was not read completely that day · - not audited that day";
  return `${[
    markdown ? `## imds report trend\n\n${escapeMd(title)}` : `imds report trend · ${title}`,
    table(
      rows.map((r) => r.map(printable)),
      { head, aligns, markdown, width: opts.width },
    ),
    markdown ? escapeMd(legend) : legend,
  ].join("\n\n")}\n`;
}

export function renderTrend(format: DiffFormat, t: Trend, opts: RenderOptions): string {
  if (format === "json") return `${safeJson(t, 2)}\n`;
  return trendText(t, format === "markdown", opts);
}
