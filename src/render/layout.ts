// A borderless terminal table, shared by every table renderer.
import type { ChalkInstance } from "chalk";
import Table from "cli-table3";

export const GAP = "  ";

/** A borderless table: headers, a rule under them, columns two spaces apart, no trailing blanks. */
export function layout(
  head: string[],
  rows: string[][],
  aligns: ("left" | "right")[],
  c: ChalkInstance,
): string {
  const table = new Table({
    head: head.map((h) => c.bold(h)),
    colAligns: aligns,
    chars: {
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
    },
    // cli-table3 colors headers red by default, through its own color library; color is ours alone.
    style: { "padding-left": 0, "padding-right": 0, head: [], border: [], compact: true },
  });
  table.push(...rows);
  return table
    .toString()
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n");
}
