// The markdown format of every report, for a ticket or a pull-request comment: GitHub-flavored
// markdown, no color, no emoji, nothing cut but the length of a list.
import type { ChangeReport } from "../core/change-report.js";
import { plural } from "../core/text.js";
import type { AuditReport } from "../core/types.js";
import type { WatchReport } from "../core/watch.js";
import {
  findingHeaders,
  groupLines,
  lockedRegions,
  lockMessage,
  nonPassing,
  REGION_HEADERS,
  regionCells,
  regionErrorLines,
  resourceRow,
  scopeParts,
  USAGE_HEADERS,
  usageCells,
  usageTitle,
} from "./audit-cells.js";
import {
  CHANGE_HEADERS,
  CHANGE_REGION_HEADERS,
  changeCells,
  changeRegionCells,
  changesByUrgency,
  planColumns,
  planNotes,
  REFRESH_TITLE,
  refreshLines,
} from "./change-cells.js";
import type { RenderOptions } from "./formats.js";
import { type Cell, capRows, table } from "./table-kit.js";
import { escapeMd, formatTime, printable } from "./text.js";
import { rejectionCells, unknownLines, WATCH_HEADERS, watchErrorLines, watchScope } from "./watch-cells.js";

export const MARKDOWN_MAX_ROWS = 50;

const STATUS_TITLES = {
  compliant: "Compliant",
  findings: "Findings",
  incomplete: "Incomplete",
} as const satisfies Record<AuditReport["verdict"]["status"], string>;

function md(head: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return table(rows, { head, markdown: true });
}

function verdictLine(line: string): string {
  return `**${escapeMd(printable(line))}**`;
}

function shellBlock(command: string): string {
  return `\`\`\`sh\n${printable(command)}\n\`\`\``;
}

export function auditMarkdown(report: AuditReport): string {
  const withUsage = report.options.usageDays !== undefined;
  const all = nonPassing(report);
  const { shown, note } = capRows(
    all,
    MARKDOWN_MAX_ROWS,
    "finding",
    " (use --format csv or json to see them all)",
  );
  const locked = lockedRegions(report).map((r) => `- ${escapeMd(r.region)}: ${escapeMd(lockMessage(r))}`);
  const errors = regionErrorLines(report).map(
    (e) => `- ${escapeMd(e.region)} (${e.part}): ${escapeMd(e.text)}`,
  );
  const groups = groupLines(report).map((g) => `- ${escapeMd(g.region)}: ${escapeMd(g.text)}`);
  const { verdict } = report;
  const days = report.options.usageDays;

  const sections = [
    `## imds audit: ${STATUS_TITLES[verdict.status]}`,
    escapeMd(scopeParts(report).join(" · ")),
    md(REGION_HEADERS, report.regions.map(regionCells)),
    days === undefined
      ? ""
      : `${escapeMd(usageTitle(days))}\n\n${md(USAGE_HEADERS, report.regions.map(usageCells))}`,
    all.length > 0
      ? `### Failing and warning resources\n\n${md(
          findingHeaders(withUsage),
          shown.map((r) => resourceRow(r, withUsage)),
        )}`
      : "",
    note,
    errors.length > 0 ? `### Not read completely\n\n${errors.join("\n")}` : "",
    locked.length > 0 ? `### Locked by an organization policy\n\n${locked.join("\n")}` : "",
    groups.length > 0 ? `### Launch paths that allow IMDSv1\n\n${groups.join("\n")}` : "",
    verdictLine(verdict.line),
    verdict.nextCommand ? `Next:\n\n${shellBlock(verdict.nextCommand)}` : "",
  ];
  return `${sections.filter((s) => s !== "").join("\n\n")}\n`;
}

export function changeMarkdown(report: ChangeReport, opts: RenderOptions): string {
  const { shown, note } = capRows(changesByUrgency(report.changes), opts.maxRows, "change");
  const parts = [
    `## imds ${report.command} (${report.mode})`,
    "",
    escapeMd(
      `account ${report.account.id} · ${plural(report.regions.length, "region")} · ${formatTime(report.generatedAt)}`,
    ),
    "",
    md(
      planColumns(report, CHANGE_REGION_HEADERS),
      report.regions.map((r) => planColumns(report, changeRegionCells(r))),
    ),
  ];
  if (shown.length) parts.push("", md(CHANGE_HEADERS, shown.map(changeCells)));
  if (note) parts.push("", note);
  const notes = planNotes(report);
  if (notes.length) parts.push("", ...notes.map((n) => `- ${escapeMd(n)}`));
  const refresh = refreshLines(report);
  if (refresh.length) parts.push("", escapeMd(REFRESH_TITLE), "", ...refresh.map((r) => `- \`${r}\``));
  parts.push("", verdictLine(report.verdict.line));
  return `${parts.join("\n")}\n`;
}

export function watchMarkdown(report: WatchReport): string {
  const parts = ["## imds watch", "", escapeMd(watchScope(report))];
  if (report.broken.length) parts.push("", md(WATCH_HEADERS, report.broken.map(rejectionCells)));
  const unknown = unknownLines(report);
  if (unknown.length) parts.push("", "Not known:", "", ...unknown.map((u) => `- ${escapeMd(u)}`));
  const errors = watchErrorLines(report);
  if (errors.length) parts.push("", ...errors.map((e) => `- ${escapeMd(e)}`));
  parts.push("", verdictLine(report.verdict.line));
  if (report.rollbackCommand) parts.push("", shellBlock(report.rollbackCommand));
  return `${parts.join("\n")}\n`;
}
