// A report for a ticket or a pull-request comment: GitHub-flavored markdown, no color, no emoji.

import type { AuditReport } from "../core/types.js";
import {
  cappedLine,
  FINDING_HEADERS,
  findingSummary,
  lockedRegions,
  lockMessage,
  nonPassing,
  printable,
  REGION_HEADERS,
  regionCells,
  regionErrorLines,
  resourceCells,
  scopeParts,
  USAGE_COLUMN,
  USAGE_HEADERS,
  usageCell,
  usageCells,
  usageTitle,
} from "./cells.js";

export const MARKDOWN_MAX_ROWS = 50;

const STATUS_TITLES = {
  compliant: "Compliant",
  findings: "Findings",
  incomplete: "Incomplete",
} as const satisfies Record<AuditReport["verdict"]["status"], string>;

export function renderMarkdown(report: AuditReport): string {
  const all = nonPassing(report);
  const shown = all.slice(0, MARKDOWN_MAX_ROWS);
  const resourceRows = shown.map((resource) => {
    const { message, more } = findingSummary(resource);
    const usage = report.options.usageDays === undefined ? [] : [usageCell(resource)];
    return [...resourceCells(resource), ...usage, more ? `${message} ${more}` : message];
  });
  const findingHeaders =
    report.options.usageDays === undefined
      ? [...FINDING_HEADERS]
      : [...FINDING_HEADERS.slice(0, -1), USAGE_COLUMN, "Finding"];
  const locked = lockedRegions(report).map((r) => `- ${escapeMd(r.region)}: ${escapeMd(lockMessage(r))}`);
  const errors = regionErrorLines(report).map(
    (e) => `- ${escapeMd(e.region)} (${e.part}): ${escapeMd(e.text)}`,
  );
  const { verdict } = report;

  const sections = [
    `## imds audit: ${STATUS_TITLES[verdict.status]}`,
    escapeMd(scopeParts(report).join(" · ")),
    mdTable([...REGION_HEADERS], report.regions.map(regionCells)),
    report.options.usageDays === undefined
      ? ""
      : `${escapeMd(usageTitle(report.options.usageDays))}\n\n${mdTable([...USAGE_HEADERS], report.regions.map(usageCells))}`,
    all.length > 0 ? `### Failing and warning resources\n\n${mdTable(findingHeaders, resourceRows)}` : "",
    cappedLine(all.length, shown.length, " (use --format csv or json to see them all)"),
    errors.length > 0 ? `### Not read completely\n\n${errors.join("\n")}` : "",
    locked.length > 0 ? `### Locked by an organization policy\n\n${locked.join("\n")}` : "",
    `**${escapeMd(printable(verdict.line))}**`,
    verdict.nextCommand ? `Next:\n\n\`\`\`sh\n${printable(verdict.nextCommand)}\n\`\`\`` : "",
  ];
  return `${sections.filter((s) => s !== "").join("\n\n")}\n`;
}

export function mdTable(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map(escapeMd).join(" | ")} |`;
  return [line(head), `|${head.map(() => "---").join("|")}|`, ...rows.map(line)].join("\n");
}

/** Backslash-escapes what markdown would act on: a pipe ends a table cell, the rest format or link. */
export function escapeMd(text: string): string {
  return text.replace(/[\\|`*_[\]<>]/g, "\\$&");
}
