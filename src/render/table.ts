// The terminal report: a scope line, one row per region, the resources that need attention, the verdict.

import { Chalk, type ChalkInstance } from "chalk";
import type { AuditReport, RegionReport, RegionStatus, Resource, Verdict } from "../core/types.js";
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

export const STATUS_COLORS = {
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
  const all = nonPassing(report);
  const shown = opts.maxRows > 0 ? all.slice(0, opts.maxRows) : all;
  const withUsage = report.options.usageDays !== undefined;
  const sections = [
    c.bold(["imds audit", ...scopeParts(report)].join(" · ")),
    regionSection(report.regions, report.options.usageDays, c),
    findingsSection(shown, all.length, c, { withUsage, withAccount: false }),
    verdictSection(report.verdict, c),
  ];
  return `${sections.filter((s) => s !== "").join("\n\n")}\n`;
}

/** The per-region table, its notes (locks, unread parts) and, with --usage, the usage table. */
export function regionSection(
  regions: readonly RegionReport[],
  usageDays: number | undefined,
  c: ChalkInstance,
): string {
  const rows = regions.map((region) => {
    const cells = regionCells(region);
    cells[cells.length - 1] = c[STATUS_COLORS[region.status]](cells.at(-1) ?? "");
    return cells;
  });
  const aligns = REGION_HEADERS.map((_, i) => (REGION_COUNT_COLUMNS.has(i) ? "right" : "left"));
  const notes = [
    ...lockedRegions({ regions }).map((r) => `${c.bold(r.region)} locked by org policy: ${lockMessage(r)}`),
    ...regionErrorLines({ regions }).map((e) => `${c.magenta(`${e.region} ${e.part} not read`)}: ${e.text}`),
  ];
  const table = [layout([...REGION_HEADERS], rows, aligns, c), ...notes].join("\n");
  if (usageDays === undefined) return table;
  const usage = layout(
    [...USAGE_HEADERS],
    regions.map(usageCells),
    USAGE_HEADERS.map((_, i) => (i === 0 ? "left" : "right")),
    c,
  );
  return `${table}\n\n${usageTitle(usageDays)}\n${usage}`;
}

/**
 * The resources that need attention, one line each (the message takes the width the other columns
 * leave), and the line that admits a cap. Organization reports lead each row with the account.
 */
export function findingsSection(
  shown: readonly (Resource & { account?: string })[],
  total: number,
  c: ChalkInstance,
  opts: { withUsage: boolean; withAccount: boolean },
): string {
  if (total === 0) return "";
  const lead = opts.withAccount ? ["Account"] : [];
  const head = opts.withUsage
    ? [...lead, ...FINDING_HEADERS.slice(0, -1), USAGE_COLUMN, "Finding"]
    : [...lead, ...FINDING_HEADERS];
  const rows = shown.map((resource) => {
    const cells = [...(opts.withAccount ? [resource.account ?? ""] : []), ...resourceCells(resource)];
    const name = lead.length + 3;
    cells[name] = clip(cells[name] ?? "", NAME_WIDTH);
    if (opts.withUsage) cells.push(usageCell(resource));
    return { cells, resource };
  });
  const used = head
    .slice(0, -1)
    .map((title, i) => Math.max(title.length, ...rows.map((r) => (r.cells[i] ?? "").length)));
  const room = Math.max(MIN_MESSAGE_WIDTH, WIDTH - used.reduce((a, b) => a + b + GAP.length, 0));
  const sev = lead.length + 4;
  const body = rows.map(({ cells, resource }) => {
    const { message, more } = findingSummary(resource);
    const severity = c[STATUS_COLORS[resource.severity]](cells[sev] ?? "");
    const finding = more ? `${clip(message, room - more.length - 1)} ${more}` : clip(message, room);
    return [...cells.slice(0, sev), severity, ...cells.slice(sev + 1), finding];
  });
  const capped = cappedLine(total, shown.length, " (use --max-rows 0, or --format csv, to see them all)");
  return [layout(head, body, [], c), capped].filter((s) => s !== "").join("\n");
}

export function verdictSection(verdict: Verdict, c: ChalkInstance): string {
  const line = c.bold[VERDICT_COLORS[verdict.status]](printable(verdict.line));
  return verdict.nextCommand ? `${line}\nNext: ${printable(verdict.nextCommand)}` : line;
}
