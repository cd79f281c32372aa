// One table for every report: borderless and fitted to the terminal's width (on cli-table3), or a
// GitHub markdown table. Callers give rows of text; the kit measures, cuts and aligns.
import Table from "cli-table3";
import { plural } from "../core/text.js";
import { clip, displayWidth, escapeMd } from "./text.js";

export type Align = "left" | "right";

/** How a column behaves in a terminal; markdown tables never cut anything. */
export interface Fit {
  /** Widest the column may ever be; longer cells are cut with "…". */
  max?: number;
  /** When the table is wider than the terminal, this column gives up room: its cells are cut with "…". */
  shrink?: boolean;
  /** Narrowest a shrinking column gets (never below its title). */
  min?: number;
}

/** A cell: text, or text followed by a tail that stays whole when the text is cut ("message (+2 more)"). */
export type Cell = string | { text: string; tail: string };

export interface TableOptions {
  head: readonly string[];
  /** Per column; "left" when not given. */
  aligns?: readonly (Align | undefined)[];
  /** Per column; a column without one keeps its natural width. */
  fit?: readonly (Fit | undefined)[];
  markdown?: boolean;
  /** Columns the terminal table must fit in, when its shrinking columns allow. */
  width?: number;
  /** Styles a column title (e.g. bold) in a terminal table. */
  heading?: (title: string) => string;
}

const GAP = "  ";

export function table(rows: readonly (readonly Cell[])[], opts: TableOptions): string {
  return opts.markdown ? markdownTable(rows, opts.head) : terminalTable(rows, opts);
}

/**
 * The first `max` rows (every row when `max` is 0), and the line that admits the cap, e.g.
 * "… and 12 more findings (use --format csv to see them all)", or "" when nothing was cut.
 */
export function capRows<T>(
  rows: readonly T[],
  max: number,
  noun: string,
  advice = "",
): { shown: T[]; note: string } {
  const shown = max > 0 ? rows.slice(0, max) : [...rows];
  const hidden = rows.length - shown.length;
  return { shown, note: hidden > 0 ? `… and ${plural(hidden, `more ${noun}`)}${advice}` : "" };
}

/** Column alignments: right for the given columns (counts), left for the rest. */
export function rightAligned(columns: number, right: (column: number) => boolean): Align[] {
  return Array.from({ length: columns }, (_, i) => (right(i) ? "right" : "left"));
}

function cellText(cell: Cell | undefined): string {
  if (cell === undefined) return "";
  return typeof cell === "string" ? cell : cell.tail ? `${cell.text} ${cell.tail}` : cell.text;
}

function markdownTable(rows: readonly (readonly Cell[])[], head: readonly string[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(escapeMd).join(" | ")} |`;
  const body = rows.map((row) => line(head.map((_, i) => cellText(row[i]))));
  return [line(head), `|${head.map(() => "---").join("|")}|`, ...body].join("\n");
}

/** The width each column gets: its natural width, then the widest shrinking ones narrowed until the table fits. */
export function columnWidths(
  rows: readonly (readonly Cell[])[],
  opts: Pick<TableOptions, "head" | "fit" | "width">,
): number[] {
  const { head, fit = [] } = opts;
  const widths = head.map((title, i) => {
    const cells = Math.max(0, ...rows.map((row) => displayWidth(cellText(row[i]))));
    return Math.max(displayWidth(title), Math.min(fit[i]?.max ?? cells, cells));
  });
  const floors = head.map((title, i) => Math.max(displayWidth(title), fit[i]?.min ?? 0));
  let excess = widths.reduce((a, b) => a + b, 0) + GAP.length * (head.length - 1) - (opts.width ?? Infinity);
  while (excess > 0) {
    const shrinking = widths
      .map((w, i) => ({ w, i }))
      .filter(({ w, i }) => fit[i]?.shrink && w > (floors[i] ?? 0))
      .sort((a, b) => b.w - a.w);
    const [widest, next] = shrinking;
    if (!widest) break;
    const step = Math.min(excess, widest.w - Math.max(floors[widest.i] ?? 0, next?.w ?? 0) || 1);
    widths[widest.i] = widest.w - step;
    excess -= step;
  }
  return widths;
}

/** The cell cut to its column's width, a tail kept whole. */
function fitted(cell: Cell | undefined, width: number): string {
  const text = cellText(cell);
  if (displayWidth(text) <= width || typeof cell !== "object" || !cell.tail) return clip(text, width);
  return `${clip(cell.text, width - displayWidth(cell.tail) - 1)} ${cell.tail}`;
}

const BORDERLESS = {
  top: "",
  "top-mid": "",
  "top-left": "",
  "top-right": "",
  bottom: "",
  "bottom-mid": "",
  "bottom-left": "",
  "bottom-right": "",
  left: "",
  "left-mid": "",
  mid: "─",
  "mid-mid": GAP,
  right: "",
  "right-mid": "",
  middle: GAP,
};

/**
 * Rows laid out per cli-table3 call. Its layout takes time that grows with the square of the rows
 * (20,000 rows: minutes); with every column's width fixed here, batches line up exactly as one table.
 */
export const LAYOUT_BATCH = 100;

/** Headers, a rule under them, columns two spaces apart, no trailing blanks. */
function terminalTable(rows: readonly (readonly Cell[])[], opts: TableOptions): string {
  const head = opts.heading ? opts.head.map((title) => opts.heading?.(title) ?? title) : opts.head;
  const widths = columnWidths(rows, { ...opts, head });
  const cells = rows.map((row) => widths.map((w, i) => fitted(row[i], w)));
  const parts: string[] = [];
  for (let at = 0; at === 0 || at < cells.length; at += LAYOUT_BATCH) {
    const table = new Table({
      head: at === 0 ? [...head] : [],
      colWidths: [...widths],
      colAligns: head.map((_, i) => opts.aligns?.[i] ?? "left"),
      chars: BORDERLESS,
      // cli-table3 colors headers red by default, through its own color library; color is ours alone.
      style: { "padding-left": 0, "padding-right": 0, head: [], border: [], compact: true },
    });
    table.push(...cells.slice(at, at + LAYOUT_BATCH));
    parts.push(table.toString());
  }
  return parts
    .join("\n")
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n");
}
