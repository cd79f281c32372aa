// The terminal report: a scope line, one row per region, the resources that need attention, the verdict.

import { Chalk, type ChalkInstance } from "chalk";
import type { AuditReport, RegionStatus, Verdict } from "../core/types.js";
import {
  cappedLine,
  clip,
  FINDING_HEADERS,
  findingSummary,
  lockedRegions,
  lockMessage,
  nonPassing,
  printable,
  REGION_COUNT_COLUMNS,
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
import { GAP, layout } from "./layout.js";

export interface TableOptions {
  color: boolean;
  /** Rows in the resource table; 0 means no cap. */
  maxRows: number;
}

const WIDTH = 120;
const NAME_WIDTH = 24;
const MIN_MESSAGE_WIDTH = 30;

const STATUS_COLORS = {
  pass: "green",
  warn: "yellow",
  fail: "red",
  incomplete: "magenta",
} as const satisfies Record<RegionStatus, string>;

const VERDICT_COLORS = {
  compliant: "green",
  findings: "red",
  incomplete: "magenta",
} as const satisfies Record<Verdict["status"], string>;

export function renderTable(report: AuditReport, opts: TableOptions): string {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const sections = [
    c.bold(["imds audit", ...scopeParts(report)].join(" · ")),
    regionSection(report, c),
    resourceSection(report, c, opts.maxRows),
    verdictSection(report.verdict, c),
  ];
  return `${sections.filter((s) => s !== "").join("\n\n")}\n`;
}

function regionSection(report: AuditReport, c: ChalkInstance): string {
  const rows = report.regions.map((region) => {
    const cells = regionCells(region);
    cells[cells.length - 1] = c[STATUS_COLORS[region.status]](cells.at(-1) ?? "");
    return cells;
  });
  const aligns = REGION_HEADERS.map((_, i) => (REGION_COUNT_COLUMNS.has(i) ? "right" : "left"));
  const notes = [
    ...lockedRegions(report).map((r) => `${c.bold(r.region)} locked by org policy: ${lockMessage(r)}`),
    ...regionErrorLines(report).map((e) => `${c.magenta(`${e.region} ${e.part} not read`)}: ${e.text}`),
  ];
  const regions = [layout([...REGION_HEADERS], rows, aligns, c), ...notes].join("\n");
  const days = report.options.usageDays;
  if (days === undefined) return regions;
  const usage = layout(
    [...USAGE_HEADERS],
    report.regions.map(usageCells),
    USAGE_HEADERS.map((_, i) => (i === 0 ? "left" : "right")),
    c,
  );
  return `${regions}\n\n${usageTitle(days)}\n${usage}`;
}

function resourceSection(report: AuditReport, c: ChalkInstance, maxRows: number): string {
  const all = nonPassing(report);
  if (all.length === 0) return "";
  const shown = maxRows > 0 ? all.slice(0, maxRows) : all;
  const withUsage = report.options.usageDays !== undefined;
  const head = withUsage ? [...FINDING_HEADERS.slice(0, -1), USAGE_COLUMN, "Finding"] : [...FINDING_HEADERS];
  const rows = shown.map((resource) => {
    const cells = resourceCells(resource);
    cells[3] = clip(cells[3] ?? "", NAME_WIDTH);
    if (withUsage) cells.push(usageCell(resource));
    return { cells, resource };
  });
  // The message takes whatever width the other columns leave, so a row stays on one line.
  const used = head
    .slice(0, -1)
    .map((title, i) => Math.max(title.length, ...rows.map((r) => (r.cells[i] ?? "").length)));
  const room = Math.max(MIN_MESSAGE_WIDTH, WIDTH - used.reduce((a, b) => a + b + GAP.length, 0));
  const body = rows.map(({ cells, resource }) => {
    const { message, more } = findingSummary(resource);
    const severity = c[STATUS_COLORS[resource.severity]](cells[4] ?? "");
    const finding = more ? `${clip(message, room - more.length - 1)} ${more}` : clip(message, room);
    return [...cells.slice(0, 4), severity, ...cells.slice(5), finding];
  });
  const capped = cappedLine(
    all.length,
    shown.length,
    " (use --max-rows 0, or --format csv, to see them all)",
  );
  return [layout(head, body, [], c), capped].filter((s) => s !== "").join("\n");
}

function verdictSection(verdict: Verdict, c: ChalkInstance): string {
  const line = c.bold[VERDICT_COLORS[verdict.status]](printable(verdict.line));
  return verdict.nextCommand ? `${line}\nNext: ${printable(verdict.nextCommand)}` : line;
}
