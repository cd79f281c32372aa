// The markdown format of every report, for a ticket or a pull-request comment: GitHub-flavored
// markdown, no color, no emoji, nothing cut but the length of a list. Never colored, so each whole
// document goes through the one neutraliser of control characters.
import type { ChangeReport } from "../core/change-report.js";
import type { OrgAuditView } from "../core/org-types.js";
import type { AuditReport } from "../core/types.js";
import type { WatchReport } from "../core/watch.js";
import {
  EVIDENCE_HEADERS,
  EXCEPTED_HEADERS,
  type ExceptionsPart,
  evidenceCells,
  evidenceTitle,
  exceptedRows,
  findingHeaders,
  groupLines,
  lockedRegions,
  lockMessage,
  nonPassing,
  orgExceptions,
  REGION_HEADERS,
  regionCells,
  regionErrorLines,
  resourceRow,
  scopeParts,
} from "./audit-cells.js";
import {
  accountErrorLines,
  CHANGE_HEADERS,
  changeCells,
  changeLead,
  changeRegionTable,
  changeScope,
  changesByUrgency,
  EXCEPTED_SKIP_HEADERS,
  exceptedSkipRows,
  planColumns,
  planNotes,
  REFRESH_TITLE,
  refreshLines,
} from "./change-cells.js";
import { EXCEPTION_HEADERS, exceptionCells, exceptionProblems } from "./exception-cells.js";
import type { RenderOptions } from "./formats.js";
import {
  ACCOUNT_HEADERS,
  accountCells,
  moreFindings,
  orgFindingHeaders,
  orgNotes,
  orgResourceRow,
  orgScopeParts,
  topFindings,
  totalCells,
} from "./org-cells.js";
import { type Cell, capRows, table } from "./table-kit.js";
import { escapeMd, printable, printableLines } from "./text.js";
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

/** The first MARKDOWN_MAX_ROWS rows, and the line that says how many more there are. */
function capped<T>(rows: readonly T[], noun: string) {
  return capRows(rows, MARKDOWN_MAX_ROWS, noun, " (use --format csv or json to see them all)");
}

function shellBlock(command: string): string {
  return `\`\`\`sh\n${printable(command)}\n\`\`\``;
}

export function auditMarkdown(report: AuditReport): string {
  const withEvidence = report.options.usageDays !== undefined;
  const all = nonPassing(report);
  const { shown, note } = capped(all, "finding");
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
      : `${escapeMd(evidenceTitle(days))}\n\n${md(EVIDENCE_HEADERS, report.regions.map(evidenceCells))}`,
    all.length > 0
      ? `### Failing and warning resources\n\n${md(
          findingHeaders(withEvidence),
          shown.map((r) => resourceRow(r, withEvidence)),
        )}`
      : "",
    note,
    exceptionsMarkdown(report),
    errors.length > 0 ? `### Not read completely\n\n${errors.join("\n")}` : "",
    locked.length > 0 ? `### Locked by an organization policy\n\n${locked.join("\n")}` : "",
    groups.length > 0 ? `### Launch paths that allow IMDSv1\n\n${groups.join("\n")}` : "",
    verdictLine(verdict.line),
    verdict.nextCommand ? `Next:\n\n${shellBlock(verdict.nextCommand)}` : "",
  ];
  return printableLines(`${sections.filter((s) => s !== "").join("\n\n")}\n`);
}

/** Findings the config excepts, then each exception and its status; "" without exceptions. */
function exceptionsMarkdown(report: ExceptionsPart | undefined): string {
  if (!report?.exceptions) return "";
  const rows = exceptedRows(report);
  const { shown, note } = capped(rows, "excepted finding");
  const excepted = rows.length ? [`### Excepted findings\n\n${md(EXCEPTED_HEADERS, shown)}`, note] : [];
  const problems = exceptionProblems(report.exceptions).map((line) => `- ${escapeMd(line)}`);
  const exceptions = [
    `### Exceptions (config file)\n\n${md(EXCEPTION_HEADERS, report.exceptions.map(exceptionCells))}`,
    ...(problems.length ? [problems.join("\n")] : []),
  ].join("\n\n");
  return [...excepted, exceptions].filter((s) => s !== "").join("\n\n");
}

/** An organization's audit: the account summary with totals, the notes, the findings (capped), the verdict. */
export function orgAuditMarkdown(view: OrgAuditView): string {
  const { head } = view;
  const withEvidence = head.options.usageDays !== undefined;
  const { shown, total } = topFindings(view, MARKDOWN_MAX_ROWS);
  const notes = orgNotes(head).map((n) => `- ${escapeMd(n)}`);
  const { verdict } = head;
  const sections = [
    `## imds audit (organization): ${STATUS_TITLES[verdict.status]}`,
    escapeMd(orgScopeParts(head).join(" · ")),
    md(ACCOUNT_HEADERS, [...head.accounts.map(accountCells), totalCells(head)]),
    notes.length ? `### Not read completely, or left out\n\n${notes.join("\n")}` : "",
    shown.length
      ? `### Failing and warning resources\n\n${md(
          orgFindingHeaders(withEvidence),
          shown.map((r) => orgResourceRow(r, withEvidence)),
        )}`
      : "",
    moreFindings(total, shown.length, " (use --format csv or json to see them all)"),
    exceptionsMarkdown(orgExceptions(view)),
    verdictLine(verdict.line),
    verdict.nextCommand ? `Next:\n\n${shellBlock(verdict.nextCommand)}` : "",
  ];
  return printableLines(`${sections.filter((s) => s !== "").join("\n\n")}\n`);
}

export function changeMarkdown(report: ChangeReport, opts: RenderOptions): string {
  const { shown, note } = capRows(changesByUrgency(report.changes), opts.maxRows, "change");
  const lead = changeLead(report);
  const table = changeRegionTable(report, opts.detail === true);
  const errors = accountErrorLines(report).map((line) => `- ${escapeMd(line)}`);
  const parts = [
    `## imds ${report.command} (${report.mode})`,
    "",
    escapeMd(changeScope(report)),
    "",
    md(
      [...table.lead, ...planColumns(report, table.head)],
      table.rows.map((r) => [...r.lead, ...planColumns(report, r.cells)]),
    ),
    ...(errors.length ? ["", ...errors] : []),
  ];
  if (shown.length) {
    parts.push(
      "",
      md(
        [...lead.head, ...CHANGE_HEADERS],
        shown.map((ch) => [...lead.of(ch), ...changeCells(ch)]),
      ),
    );
  }
  if (note) parts.push("", note);
  const notes = planNotes(report);
  if (notes.length) parts.push("", ...notes.map((n) => `- ${escapeMd(n)}`));
  const refresh = refreshLines(report);
  if (refresh.length) parts.push("", escapeMd(REFRESH_TITLE), "", ...refresh.map((r) => `- \`${r}\``));
  const excepted = exceptedSkipRows(report);
  if (excepted.length)
    parts.push("", "### Left alone by config exceptions", "", md(EXCEPTED_SKIP_HEADERS, excepted));
  parts.push("", verdictLine(report.verdict.line));
  return printableLines(`${parts.join("\n")}\n`);
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
  return printableLines(`${parts.join("\n")}\n`);
}
