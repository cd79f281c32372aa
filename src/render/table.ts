// The terminal format of every report: a scope line, borderless tables fitted to the terminal's
// width, notes, and the verdict, colored by its status.
import { Chalk, type ChalkInstance } from "chalk";
import type { ChangeReport, ChangeStatus } from "../core/change-report.js";
import { plural } from "../core/text.js";
import type { AuditReport, RegionStatus, Verdict } from "../core/types.js";
import type { WatchReport, WatchStatus } from "../core/watch.js";
import {
  findingHeaders,
  groupLines,
  lockedRegions,
  lockMessage,
  nonPassing,
  REGION_COUNT_COLUMNS,
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
  CHANGE_COUNT_COLUMNS,
  CHANGE_HEADERS,
  CHANGE_REGION_HEADERS,
  changeCells,
  changeRegionCells,
  changesByUrgency,
  planNotes,
  REFRESH_TITLE,
  refreshLines,
  skipReasons,
} from "./change-cells.js";
import type { RenderOptions, View } from "./formats.js";
import { type Cell, capRows, type Fit, rightAligned, type TableOptions, table } from "./table-kit.js";
import { formatTime, printable } from "./text.js";
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
type Grid = (rows: readonly (readonly Cell[])[], opts: Omit<TableOptions, "width" | "heading">) => string;

function terminal(view: View): { c: ChalkInstance; grid: Grid } {
  const c = new Chalk({ level: view.color ? 1 : 0 });
  return { c, grid: (rows, opts) => table(rows, { ...opts, width: view.width, heading: c.bold }) };
}

export function auditTable(report: AuditReport, opts: RenderOptions): string {
  const { c, grid } = terminal(opts);
  const { verdict } = report;
  const line = c.bold[VERDICT_COLORS[verdict.status]](printable(verdict.line));
  const sections = [
    c.bold(["imds audit", ...scopeParts(report)].join(" · ")),
    regionSection(report, c, grid),
    resourceSection(report, c, grid, opts.maxRows),
    verdict.nextCommand ? `${line}\nNext: ${printable(verdict.nextCommand)}` : line,
  ];
  return `${sections.filter((s) => s !== "").join("\n\n")}\n`;
}

function regionSection(report: AuditReport, c: ChalkInstance, grid: Grid): string {
  const rows = report.regions.map((region) => {
    const cells = regionCells(region);
    cells[cells.length - 1] = c[STATUS_COLORS[region.status]](cells.at(-1) ?? "");
    return cells;
  });
  const head = [...REGION_HEADERS];
  const notes = [
    ...lockedRegions(report).map((r) => `${c.bold(r.region)} locked by org policy: ${lockMessage(r)}`),
    ...groupLines(report).map((g) => `${c.bold(g.region)}: ${g.text}`),
    ...regionErrorLines(report).map((e) => `${c.magenta(`${e.region} ${e.part} not read`)}: ${e.text}`),
  ];
  const regions = [
    grid(rows, { head, aligns: rightAligned(head.length, (i) => REGION_COUNT_COLUMNS.has(i)) }),
  ];
  const days = report.options.usageDays;
  if (days === undefined) return [...regions, ...notes].join("\n");
  const usage = grid(report.regions.map(usageCells), {
    head: [...USAGE_HEADERS],
    aligns: rightAligned(USAGE_HEADERS.length, (i) => i > 0),
  });
  return `${[...regions, ...notes].join("\n")}\n\n${usageTitle(days)}\n${usage}`;
}

function resourceSection(report: AuditReport, c: ChalkInstance, grid: Grid, maxRows: number): string {
  const { shown, note } = capRows(nonPassing(report), maxRows, "finding", SEE_ALL);
  if (shown.length === 0) return "";
  const withUsage = report.options.usageDays !== undefined;
  const head = findingHeaders(withUsage);
  const rows = shown.map((resource) => {
    const row = resourceRow(resource, withUsage);
    row[4] = c[STATUS_COLORS[resource.severity]](resource.severity.toUpperCase());
    return row;
  });
  // The name has a cap; the finding takes whatever width the other columns leave, so a row stays on one line.
  const fit: (Fit | undefined)[] = head.map((_, i) =>
    i === 3
      ? { max: NAME_WIDTH }
      : i === head.length - 1
        ? { shrink: true, min: MIN_MESSAGE_WIDTH }
        : undefined,
  );
  return [grid(rows, { head, fit }), note].filter((s) => s !== "").join("\n");
}

/**
 * Only the name is capped. No other cell of a change is cut, whatever the width: its settings are
 * what a person confirms, so a long row runs past the terminal's edge, as it always has.
 */
const CHANGE_FIT: Fit[] = [{}, {}, {}, { max: NAME_WIDTH }];

export function changeTable(report: ChangeReport, opts: RenderOptions): string {
  const { c, grid } = terminal(opts);
  const title = report.mode === "apply" ? report.command : `${report.command} (${report.mode})`;
  const regions = report.regions.map(changeRegionCells);
  const out = [
    `imds ${title} · account ${report.account.id} · ${plural(report.regions.length, "region")} · ${formatTime(report.generatedAt)}${report.journal ? ` · journal ${report.journal}` : ""}`,
    "",
    grid(regions, {
      head: CHANGE_REGION_HEADERS,
      aligns: rightAligned(CHANGE_REGION_HEADERS.length, (i) => CHANGE_COUNT_COLUMNS.has(i)),
    }),
  ];
  const { shown, note } = capRows(changesByUrgency(report.changes), opts.maxRows, "change", SEE_ALL);
  if (shown.length) out.push("", grid(shown.map(changeCells), { head: CHANGE_HEADERS, fit: CHANGE_FIT }));
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
