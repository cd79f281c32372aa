// The organization report in a terminal: the scope line, one row per account (worst first) with
// totals, what could not be read or was left out, with --detail each account's region table, then
// the findings with an account column, and the verdict.
import { Chalk, type ChalkInstance } from "chalk";
import type { OrgAuditView } from "../core/org-types.js";
import { layout } from "./layout.js";
import {
  ACCOUNT_COUNT_COLUMNS,
  ACCOUNT_HEADERS,
  accountCells,
  orgNotes,
  orgScopeParts,
  topFindings,
  totalCells,
} from "./org-cells.js";
import { findingsSection, regionSection, STATUS_COLORS, verdictSection } from "./table.js";

export interface OrgRenderOptions {
  color: boolean;
  /** Rows in the findings table; 0 means no cap. */
  maxRows: number;
  /** --detail: each account's per-region table. */
  detail: boolean;
}

function summarySection(view: OrgAuditView, c: ChalkInstance): string {
  const { head } = view;
  const rows = head.accounts.map((r) => {
    const cells = accountCells(r);
    cells[cells.length - 1] = c[STATUS_COLORS[r.status]](cells.at(-1) ?? "");
    return cells;
  });
  rows.push(totalCells(head).map((cell) => c.bold(cell)));
  const aligns = ACCOUNT_HEADERS.map((_, i) => (ACCOUNT_COUNT_COLUMNS.has(i) ? "right" : "left"));
  const notes = orgNotes(head).map((line) => c.magenta(line));
  return [layout([...ACCOUNT_HEADERS], rows, aligns, c), ...notes].join("\n");
}

function detailSection(view: OrgAuditView, c: ChalkInstance): string {
  const names = new Map(view.head.accounts.map((r) => [r.id, r.name]));
  const out: string[] = [];
  for (const block of view.blocks()) {
    if (block.regions.length === 0) continue;
    const id = block.account;
    const name = names.get(id);
    out.push(
      `${c.bold(`Account ${id}${name ? ` (${name})` : ""}`)}\n${regionSection(block.regions, view.head.options.usageDays, c)}`,
    );
  }
  return out.join("\n\n");
}

export function renderOrgTable(view: OrgAuditView, opts: OrgRenderOptions): string {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const { shown, total } = topFindings(view, opts.maxRows);
  const withUsage = view.head.options.usageDays !== undefined;
  const sections = [
    c.bold(["imds audit", ...orgScopeParts(view.head)].join(" · ")),
    summarySection(view, c),
    opts.detail ? detailSection(view, c) : "",
    findingsSection(shown, total, c, { withUsage, withAccount: true }),
    verdictSection(view.head.verdict, c),
  ];
  return `${sections.filter((s) => s !== "").join("\n\n")}\n`;
}
