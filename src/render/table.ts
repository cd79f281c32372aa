// The terminal format of every report: a scope line, borderless tables fitted to the terminal's
// width, notes, and the verdict, colored by its status.
import { Chalk, type ChalkInstance } from "chalk";
import type { ChangeReport, ChangeStatus } from "../core/change-report.js";
import type { OrgAuditView } from "../core/org-types.js";
import type {
  AuditReport,
  ExceptionVerdict,
  RegionReport,
  RegionStatus,
  Resource,
  Verdict,
} from "../core/types.js";
import type { WatchReport, WatchStatus } from "../core/watch.js";
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
  REGION_COUNT_COLUMNS,
  REGION_HEADERS,
  regionCells,
  regionErrorLines,
  resourceRow,
  scopeParts,
} from "./audit-cells.js";
import {
  accountErrorLines,
  CHANGE_COUNT_COLUMNS,
  CHANGE_HEADERS,
  changeCells,
  changeLead,
  changeRegionTable,
  changeScope,
  changesByUrgency,
  planNotes,
  REFRESH_TITLE,
  refreshLines,
  skipReasons,
} from "./change-cells.js";
import { EXCEPTION_HEADERS, exceptionCells, exceptionProblems } from "./exception-cells.js";
import type { OrgRenderOptions, RenderOptions, View } from "./formats.js";
import {
  ACCOUNT_COUNT_COLUMNS,
  ACCOUNT_HEADERS,
  ACCOUNT_NAME_COLUMN,
  accountCells,
  accountTitle,
  moreFindings,
  orgFindingHeaders,
  orgNotes,
  orgResourceRow,
  orgScopeParts,
  topFindings,
  totalCells,
} from "./org-cells.js";
import { type Cell, capRows, type Fit, rightAligned, type TableOptions, table } from "./table-kit.js";
import { printable } from "./text.js";
import {
  rejectionCells,
  unknownLines,
  WATCH_COUNT_COLUMN,
  WATCH_HEADERS,
  watchErrorLines,
  watchScope,
} from "./watch-cells.js";

const NAME_WIDTH = 24;
const MIN_MESSAGE_WIDTH = 30;
const SEE_ALL = " (use --max-rows 0, or --format csv, to see them all)";

type Color = "green" | "yellow" | "red" | "magenta";

const STATUS_COLORS = {
  pass: "green",
  warn: "yellow",
  fail: "red",
  incomplete: "magenta",
} as const satisfies Record<RegionStatus, Color>;

const VERDICT_COLORS = {
  compliant: "green",
  findings: "red",
  incomplete: "magenta",
} as const satisfies Record<Verdict["status"], Color>;

const CHANGE_COLORS = {
  applied: "green",
  "nothing-to-do": "green",
  planned: "green",
  "not-permitted": "red",
  incomplete: "red",
  interrupted: "red",
} as const satisfies Record<ChangeStatus, Color>;

const WATCH_COLORS = {
  ok: "green",
  broken: "red",
  incomplete: "red",
} as const satisfies Record<WatchStatus, Color>;

/** A table in this terminal: its width, bold titles. */
export type Grid = (
  rows: readonly (readonly Cell[])[],
  opts: Omit<TableOptions, "width" | "heading">,
) => string;

/** Color as the view allows, and tables as wide as its terminal. */
export function terminal(view: View): { c: ChalkInstance; grid: Grid } {
  const c = new Chalk({ level: view.color ? 1 : 0 });
  return { c, grid: (rows, opts) => table(rows, { ...opts, width: view.width, heading: c.bold }) };
}

export function auditTable(report: AuditReport, opts: RenderOptions): string {
  const { c, grid } = terminal(opts);
  const { verdict } = report;
  const line = c.bold[VERDICT_COLORS[verdict.status]](printable(verdict.line));
  const sections = [
    c.bold(["imds audit", ...scopeParts(report)].join(" · ")),
    regionSection(report.regions, report.options.usageDays, c, grid),
    resourceSection(report, c, grid, opts.maxRows),
    exceptionSection(report, c, grid, opts.maxRows),
    verdict.nextCommand ? `${line}\nNext: ${printable(verdict.nextCommand)}` : line,
  ];
  return `${sections.filter((s) => s !== "").join("\n\n")}\n`;
}

/** The per-region table, its notes (locks, parts not read) and, with --usage, the usage table. */
function regionSection(
  regions: readonly RegionReport[],
  days: number | undefined,
  c: ChalkInstance,
  grid: Grid,
): string {
  const rows = regions.map((region) => {
    const cells = regionCells(region);
    cells[cells.length - 1] = c[STATUS_COLORS[region.status]](cells.at(-1) ?? "");
    return cells;
  });
  const head = [...REGION_HEADERS];
  const notes = [
    ...lockedRegions({ regions }).map((r) => `${c.bold(r.region)} locked by org policy: ${lockMessage(r)}`),
    ...groupLines({ regions }).map((g) => `${c.bold(g.region)}: ${g.text}`),
    ...regionErrorLines({ regions }).map((e) => `${c.magenta(`${e.region} ${e.part} not read`)}: ${e.text}`),
  ];
  const table = [grid(rows, { head, aligns: rightAligned(head.length, (i) => REGION_COUNT_COLUMNS.has(i)) })];
  if (days === undefined) return [...table, ...notes].join("\n");
  const usage = grid(regions.map(evidenceCells), {
    head: [...EVIDENCE_HEADERS],
    aligns: rightAligned(EVIDENCE_HEADERS.length, (i) => i > 0),
  });
  return `${[...table, ...notes].join("\n")}\n\n${evidenceTitle(days)}\n${usage}`;
}

function resourceSection(report: AuditReport, c: ChalkInstance, grid: Grid, maxRows: number): string {
  const { shown, note } = capRows(nonPassing(report), maxRows, "finding", SEE_ALL);
  const withEvidence = report.options.usageDays !== undefined;
  const rows = shown.map((resource) => resourceRow(resource, withEvidence));
  return findingsGrid(findingHeaders(withEvidence), rows, shown, note, c, grid);
}

/**
 * The resources that need attention, one line each, and the note that admits a cap. The name has a
 * cap; the finding takes whatever width the other columns leave, so a row stays on one line.
 */
function findingsGrid(
  head: readonly string[],
  rows: Cell[][],
  resources: readonly Resource[],
  note: string,
  c: ChalkInstance,
  grid: Grid,
): string {
  if (rows.length === 0) return "";
  const sev = head.indexOf("Sev");
  rows.forEach((row, i) => {
    const severity = resources[i]?.severity ?? "pass";
    row[sev] = c[STATUS_COLORS[severity]](severity.toUpperCase());
  });
  const name = head.indexOf("Name");
  const fit: (Fit | undefined)[] = head.map((_, i) =>
    i === name
      ? { max: NAME_WIDTH }
      : i === head.length - 1
        ? { shrink: true, min: MIN_MESSAGE_WIDTH }
        : undefined,
  );
  return [grid(rows, { head, fit }), note].filter((s) => s !== "").join("\n");
}

const EXCEPTION_COLORS = {
  active: "green",
  expired: "red",
  stale: "yellow",
  "out-of-scope": "magenta",
} as const satisfies Record<ExceptionVerdict["status"], Color>;

/** Findings the config excepts (capped like the findings), then each exception and its status. */
function exceptionSection(
  report: ExceptionsPart | undefined,
  c: ChalkInstance,
  grid: Grid,
  maxRows: number,
): string {
  if (!report?.exceptions) return "";
  const { shown, note } = capRows(exceptedRows(report), maxRows, "excepted finding", SEE_ALL);
  const reason = EXCEPTED_HEADERS.length - 1;
  const fit = EXCEPTED_HEADERS.map((_, i) =>
    i === 3 ? { max: NAME_WIDTH } : i === reason ? { shrink: true, min: MIN_MESSAGE_WIDTH } : undefined,
  );
  const excepted = shown.length
    ? ["Excepted by the config file:", grid(shown, { head: EXCEPTED_HEADERS, fit }), note]
    : [];
  const rows = report.exceptions.map((e) => {
    const cells = exceptionCells(e);
    cells[1] = c[EXCEPTION_COLORS[e.status]](cells[1] ?? "");
    return cells;
  });
  const exceptions = [
    "Exceptions (config file):",
    grid(rows, { head: EXCEPTION_HEADERS, fit: [{}, {}, {}, {}, {}, { shrink: true, min: 20 }] }),
    ...exceptionProblems(report.exceptions).map((line) => c.yellow(line)),
  ];
  const block = (lines: string[]) => lines.filter((s) => s !== "").join("\n");
  return [block(excepted), block(exceptions)].filter((s) => s !== "").join("\n\n");
}

/** An organization's audit: the account summary with totals and notes, --detail's region tables, the findings. */
export function orgAuditTable(view: OrgAuditView, opts: OrgRenderOptions): string {
  const { c, grid } = terminal(opts);
  const { head } = view;
  const summary = head.accounts.map((r) => {
    const cells = accountCells(r);
    cells[cells.length - 1] = c[STATUS_COLORS[r.status]](cells.at(-1) ?? "");
    return cells;
  });
  summary.push(totalCells(head).map((cell) => c.bold(cell)));
  const fit = ACCOUNT_HEADERS.map((_, i) => (i === ACCOUNT_NAME_COLUMN ? { max: NAME_WIDTH } : undefined));
  const aligns = rightAligned(ACCOUNT_HEADERS.length, (i) => ACCOUNT_COUNT_COLUMNS.has(i));
  const detail: string[] = [];
  if (opts.detail) {
    const names = new Map(head.accounts.map((r) => [r.id, r.name]));
    for (const b of view.blocks()) {
      if (b.regions.length === 0) continue;
      const table = regionSection(b.regions, head.options.usageDays, c, grid);
      detail.push(`${c.bold(accountTitle(b.account, names.get(b.account)))}\n${table}`);
    }
  }
  const withEvidence = head.options.usageDays !== undefined;
  const { shown, total } = topFindings(view, opts.maxRows);
  const note = moreFindings(total, shown.length, SEE_ALL);
  const line = c.bold[VERDICT_COLORS[head.verdict.status]](printable(head.verdict.line));
  const sections = [
    c.bold(["imds audit", ...orgScopeParts(head)].join(" · ")),
    [grid(summary, { head: ACCOUNT_HEADERS, aligns, fit }), ...orgNotes(head).map((n) => c.magenta(n))].join(
      "\n",
    ),
    ...detail,
    findingsGrid(
      orgFindingHeaders(withEvidence),
      shown.map((r) => orgResourceRow(r, withEvidence)),
      shown,
      note,
      c,
      grid,
    ),
    exceptionSection(orgExceptions(view), c, grid, opts.maxRows),
    head.verdict.nextCommand ? `${line}\nNext: ${printable(head.verdict.nextCommand)}` : line,
  ];
  return `${sections.filter((s) => s !== "").join("\n\n")}\n`;
}

/**
 * Only the name is capped. No other cell of a change is cut, whatever the width: its settings are
 * what a person confirms, so a long row runs past the terminal's edge, as it always has.
 */
const CHANGE_FIT: Fit[] = [{}, {}, {}, { max: NAME_WIDTH }];

export function changeTable(report: ChangeReport, opts: RenderOptions): string {
  const { c, grid } = terminal(opts);
  const title = report.mode === "apply" ? report.command : `${report.command} (${report.mode})`;
  const lead = changeLead(report);
  const table = changeRegionTable(report, opts.detail === true);
  const regionHead = [...table.lead, ...table.head];
  const out = [
    `imds ${title} · ${changeScope(report)}${report.journal ? ` · journal ${report.journal}` : ""}`,
    "",
    grid(
      table.rows.map((r) => [...r.lead, ...r.cells]),
      {
        head: regionHead,
        aligns: rightAligned(regionHead.length, (i) => CHANGE_COUNT_COLUMNS.has(i - table.lead.length)),
      },
    ),
    ...accountErrorLines(report).map((line) => c.magenta(line)),
  ];
  const { shown, note } = capRows(changesByUrgency(report.changes), opts.maxRows, "change", SEE_ALL);
  if (shown.length) {
    const rows = shown.map((ch) => [...lead.of(ch), ...changeCells(ch)]);
    const fit = [...lead.head.map(() => ({})), ...CHANGE_FIT];
    out.push("", grid(rows, { head: [...lead.head, ...CHANGE_HEADERS], fit }));
  }
  if (note) out.push(note);
  const notes = planNotes(report);
  if (notes.length) out.push("", "Order:", ...notes.map((n) => `  ${n}`));
  const reasons = skipReasons(report);
  if (reasons.length) out.push("", "Left alone:", ...reasons.map((r) => `  ${r}`));
  const refresh = refreshLines(report);
  if (refresh.length) out.push("", REFRESH_TITLE, ...refresh.map((r) => `  ${r}`));
  out.push("", c.bold[CHANGE_COLORS[report.verdict.status]](printable(report.verdict.line)));
  return `${out.join("\n")}\n`;
}

export function watchTable(report: WatchReport, opts: View): string {
  const { c, grid } = terminal(opts);
  const out = [`imds watch · ${watchScope(report)} · journal ${printable(report.journal)}`];
  if (report.broken.length) {
    const aligns = rightAligned(WATCH_HEADERS.length, (i) => i === WATCH_COUNT_COLUMN);
    out.push("", grid(report.broken.map(rejectionCells), { head: WATCH_HEADERS, aligns }));
  }
  const unknown = unknownLines(report);
  if (unknown.length) {
    out.push("", "Not known (stopped, not publishing, or metrics missing):", ...unknown.map((u) => `  ${u}`));
  }
  const errors = watchErrorLines(report);
  if (errors.length) out.push("", ...errors.map((e) => c.magenta(e)));
  out.push("", c.bold[WATCH_COLORS[report.verdict.status]](printable(report.verdict.line)));
  if (report.rollbackCommand) out.push(`Roll back just those: ${printable(report.rollbackCommand)}`);
  return `${out.join("\n")}\n`;
}
