// `imds config show` in a terminal, as markdown, or as JSON: the settings in effect and where each
// came from, then the exceptions and hop-limit rules. Each renderer returns text; none prints.
import type { ConfigRow, ConfigView } from "../core/config-view.js";
import {
  CONFIG_EXCEPTION_HEADERS,
  configExceptionCells,
  HOP_RULE_HEADERS,
  hopRuleCells,
} from "./exception-cells.js";
import type { View } from "./formats.js";
import { safeJson } from "./json.js";
import { terminal } from "./table.js";
import { table as kit } from "./table-kit.js";
import { escapeMd, printable } from "./text.js";

const SETTING_HEADERS = ["Setting", "Value", "Source"];

function valueText(row: ConfigRow): string {
  if (row.value === null) return `(${row.unset})`;
  return Array.isArray(row.value) ? row.value.join(",") : String(row.value);
}

function sourceText(row: ConfigRow): string {
  if (row.source === "file") return `file (${row.where ?? "?"})`;
  if (row.source === "flag") return `flag (${row.flag})`;
  return row.source;
}

function settingCells(row: ConfigRow): string[] {
  return [row.flag, valueText(row), sourceText(row)].map(printable);
}

/** The sections as [title, head, rows]; empty sections left out. */
function sections(view: ConfigView): [string, string[], string[][]][] {
  const out: [string, string[], string[][]][] = [
    ["Settings", SETTING_HEADERS, view.settings.map(settingCells)],
  ];
  if (view.exceptions.length)
    out.push(["Exceptions", CONFIG_EXCEPTION_HEADERS, view.exceptions.map(configExceptionCells)]);
  if (view.hopLimits.length)
    out.push(["Hop-limit rules", HOP_RULE_HEADERS, view.hopLimits.map(hopRuleCells)]);
  return out;
}

export function configTable(view: ConfigView, on: View): string {
  const { c, grid } = terminal(on);
  const parts = [c.bold(`imds config · ${printable(view.file ?? "no config file")}`)];
  for (const [title, head, rows] of sections(view)) parts.push(`${title}:\n${grid(rows, { head })}`);
  parts.push(c.bold(printable(view.line)));
  return `${parts.join("\n\n")}\n`;
}

export function configMarkdown(view: ConfigView): string {
  const parts = [`## imds config: ${escapeMd(printable(view.file ?? "no config file"))}`];
  for (const [title, head, rows] of sections(view))
    parts.push(`### ${title}\n\n${kit(rows, { head, markdown: true })}`);
  parts.push(`**${escapeMd(printable(view.line))}**`);
  return `${parts.join("\n\n")}\n`;
}

export function configJson(view: ConfigView): string {
  return `${safeJson(view, 2)}\n`;
}
