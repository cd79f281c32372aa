// Renders `imds watch` in every format.
import { Chalk } from "chalk";
import type { Rejection, WatchReport } from "../core/watch.js";
import { formatTime, printable } from "./cells.js";
import { csvCell } from "./csv.js";
import type { Format } from "./formats.js";
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

/** The changed instances nothing is known of: no MetadataNoTokenRejected data since their change. */
function unknownLines(report: WatchReport): string[] {
  return report.unknown.map(
    (u) => `${u.region} ${u.id} (changed ${formatTime(u.at)}): no data since the change`,
  );
}

function table(report: WatchReport, color: boolean): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  const out = [
    `imds watch · account ${report.account.id} · ${report.watched} changed instances · ${formatTime(report.generatedAt)} · journal ${report.journal}`,
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
  const unknown = unknownLines(report);
  if (unknown.length)
    out.push(
      "",
      "Not known (stopped, not publishing, or metrics missing):",
      ...unknown.map((u) => `  ${printable(u)}`),
    );
  const errors = errorLines(report);
  if (errors.length) out.push("", ...errors.map((e) => c.magenta(printable(e))));
  const ok = !report.broken.length && !report.unknown.length && report.complete;
  out.push("", c.bold[ok ? "green" : "red"](printable(report.verdict.line)));
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
  const unknown = unknownLines(report);
  if (unknown.length) parts.push("", "Not known:", "", ...unknown.map((u) => `- ${escapeMd(u)}`));
  const errors = errorLines(report);
  if (errors.length) parts.push("", ...errors.map((e) => `- ${escapeMd(e)}`));
  parts.push("", `**${escapeMd(report.verdict.line)}**`);
  if (report.rollbackCommand) parts.push("", "```sh", report.rollbackCommand, "```");
  return `${parts.join("\n")}\n`;
}

function csv(report: WatchReport): string {
  const rows = [
    ["region", "instance", "changedAt", "rejected", "lastSeen", "error"],
    ...report.broken.map((b) => [b.region, b.id, b.at, String(b.rejected), b.lastSeen ?? "", ""]),
    ...report.unknown.map((u) => [u.region, u.id, u.at, "", "", u.reason]),
    ...report.errors.map((e) => [e.region, "", "", "", "", `${e.action} ${e.code}`]),
  ];
  return `${rows.map((r) => r.map(csvCell).join(",")).join("\n")}\n`;
}

const renderers = {
  table: (r: WatchReport, o: { color: boolean }) => table(r, o.color),
  json: (r: WatchReport) => `${JSON.stringify(r, null, 2)}\n`,
  csv,
  markdown,
} satisfies Record<Format, (r: WatchReport, o: { color: boolean }) => string>;

export function renderWatch(format: Format, report: WatchReport, opts: { color: boolean }): string {
  return renderers[format](report, opts);
}
