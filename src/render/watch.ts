// Renders `imds watch` in every format.
import { Chalk } from "chalk";
import { printableLines } from "../core/text.js";
import type { Rejection, WatchReport } from "../core/watch.js";
import { formatTime, printable } from "./cells.js";
import { csvCell } from "./csv.js";
import type { Format } from "./formats.js";
import { jsonText } from "./json.js";
import { layout } from "./layout.js";
import { escapeMd } from "./markdown.js";

const HEADERS = ["Region", "Instance", "Changed", "Rejected IMDSv1 calls", "Last seen"];

function cells(r: Rejection): string[] {
  return [
    r.region,
    r.id,
    formatTime(r.at),
    String(r.rejected),
    r.lastSeen ? formatTime(r.lastSeen) : "-",
  ].map(printable);
}

function errorLines(report: WatchReport): string[] {
  return report.errors.map((e) => `${e.region}: ${e.action} ${e.code}: ${e.hint}`);
}

function table(report: WatchReport, color: boolean): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  const out = [
    printable(
      `imds watch · account ${report.account.id} · ${report.watched} changed instances · ${formatTime(report.generatedAt)} · journal ${report.journal}`,
    ),
  ];
  if (report.broken.length) {
    out.push(
      "",
      layout(
        HEADERS,
        report.broken.map(cells),
        HEADERS.map((_, i) => (i === 3 ? "right" : "left")),
        c,
      ),
    );
  }
  const errors = errorLines(report);
  if (errors.length) out.push("", ...errors.map((e) => c.magenta(printable(e))));
  out.push(
    "",
    c.bold[report.broken.length || !report.complete ? "red" : "green"](printable(report.verdict.line)),
  );
  if (report.rollbackCommand) out.push(`Roll back just those: ${printable(report.rollbackCommand)}`);
  return `${out.join("\n")}\n`;
}

function markdown(report: WatchReport): string {
  const row = (r: string[]) => `| ${r.map(escapeMd).join(" | ")} |`;
  const parts = [
    `## imds watch`,
    "",
    `account ${report.account.id} · ${report.watched} changed instances · ${formatTime(report.generatedAt)}`,
  ];
  if (report.broken.length) {
    parts.push(
      "",
      row(HEADERS),
      `|${HEADERS.map(() => "---").join("|")}|`,
      ...report.broken.map((b) => row(cells(b))),
    );
  }
  const errors = errorLines(report);
  if (errors.length) parts.push("", ...errors.map((e) => `- ${escapeMd(e)}`));
  parts.push("", `**${escapeMd(report.verdict.line)}**`);
  if (report.rollbackCommand) parts.push("", "```sh", report.rollbackCommand, "```");
  return printableLines(`${parts.join("\n")}\n`);
}

function csv(report: WatchReport): string {
  const rows = [
    ["region", "instance", "changedAt", "rejected", "lastSeen", "error"],
    ...report.broken.map((b) => [b.region, b.id, b.at, String(b.rejected), b.lastSeen ?? "", ""]),
    ...report.errors.map((e) => [e.region, "", "", "", "", `${e.action} ${e.code}`]),
  ];
  return `${rows.map((r) => r.map(csvCell).join(",")).join("\n")}\n`;
}

const renderers = {
  table: (r: WatchReport, o: { color: boolean }) => table(r, o.color),
  json: (r: WatchReport) => jsonText(r),
  csv,
  markdown,
} satisfies Record<Format, (r: WatchReport, o: { color: boolean }) => string>;

export function renderWatch(format: Format, report: WatchReport, opts: { color: boolean }): string {
  return renderers[format](report, opts);
}
