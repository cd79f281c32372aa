// Renders an enforce or rollback report (plan, dry run, or applied run) in every format.
import { Chalk } from "chalk";
import type { ChangeReport, ChangeRow } from "../core/change-report.js";
import { describeSideEffects } from "../core/changes.js";
import type { Settings } from "../core/plan.js";
import { groupBy, plural } from "../core/text.js";
import { clip, formatTime, printable } from "./cells.js";
import { csvCell } from "./csv.js";
import type { Format } from "./formats.js";
import { layout } from "./layout.js";
import { escapeMd } from "./markdown.js";

export interface ChangeRenderOptions {
  color: boolean;
  maxRows: number;
}

const REGION_HEADERS = [
  "Region",
  "Planned",
  "Applied",
  "Failed",
  "Pending",
  "Not started",
  "Left alone",
  "Permission",
];
/** Before anything is applied, only these columns say something. */
const PLAN_COLUMNS = [0, 1, 6, 7];

function columns<T>(report: ChangeReport, cells: T[]): T[] {
  return report.mode === "apply" ? cells : PLAN_COLUMNS.map((i) => cells[i] as T);
}

function settings(s: Settings): string {
  return (
    Object.entries(s)
      .map(([k, v]) => `${k}=${v}`)
      .join(" ") || "(none set)"
  );
}

const PROBE_WORDS = { permitted: "ok", ignored: "DryRun ignored" } as const;

function permission(r: ChangeReport["regions"][number]): string {
  if (r.errors.length) return `not read: ${r.errors.map((e) => `${e.action} ${e.code}`).join(", ")}`;
  if (!r.probes.length) return "-";
  return r.probes
    .map(
      (p) =>
        `${p.action} ${p.result === "permitted" || p.result === "ignored" ? PROBE_WORDS[p.result] : p.code}`,
    )
    .join(", ");
}

function regionCells(r: ChangeReport["regions"][number]): string[] {
  return [
    r.region,
    String(r.planned),
    String(r.applied),
    String(r.failed),
    String(r.unverified),
    String(r.notStarted),
    String(r.skipped),
    permission(r),
  ];
}

function verification(c: ChangeRow): string {
  if (c.verified === "changed-more") return `changed more: ${describeSideEffects(c.sideEffects ?? [])}`;
  return c.verified ?? "unverified";
}

function outcomeLabel(c: ChangeRow): string {
  if (c.outcome === "applied") return c.verified === "applied" ? "applied" : `applied, ${verification(c)}`;
  return c.outcome;
}

/** The fields shown as before: those the change sets (the report's JSON has every field read). */
function beforeShown(c: ChangeRow): Settings {
  const out: Settings = {};
  for (const k of Object.keys(c.requested)) {
    const v = c.before[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

function changeCells(c: ChangeRow): string[] {
  return [
    c.region,
    c.kind === "account-default" ? "default" : "instance",
    c.id,
    clip(c.name ?? "", 24),
    settings(beforeShown(c)),
    settings(c.requested),
    outcomeLabel(c) + (c.error ? ` (${c.error.code})` : ""),
  ].map(printable);
}

const CHANGE_HEADERS = ["Region", "Kind", "Resource", "Name", "Before", "Requested", "Outcome"];

/** Failed and unfinished changes first, so a capped list shows what needs attention. */
function ordered(changes: readonly ChangeRow[]): ChangeRow[] {
  const rank = (c: ChangeRow) =>
    c.outcome === "failed"
      ? 0
      : c.outcome === "applied" && c.verified !== "applied"
        ? 1
        : c.outcome === "planned"
          ? 2
          : 3;
  return [...changes].sort((a, b) => rank(a) - rank(b));
}

/** Resources left alone, grouped by reason; a reason that names one resource names it too. */
function skipReasons(report: ChangeReport): string[] {
  const groups = groupBy(
    report.skipped,
    (s) => `${s.kind === "account-default" ? "default" : "instance"}\u0000${s.reason}`,
  );
  return [...groups].map(([key, skips]) => {
    const [kind, reason] = key.split("\u0000");
    const one = skips.length === 1 ? skips[0] : undefined;
    const who = one
      ? `${kind} ${one.region}${one.kind === "instance" ? ` ${one.id}` : ""}${one.name ? ` (${one.name})` : ""}`
      : `${skips.length} × ${kind}`;
    return `  ${printable(`${who}: ${reason}`)}`;
  });
}

function renderChangeTable(report: ChangeReport, opts: ChangeRenderOptions): string {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const title = report.mode === "apply" ? report.command : `${report.command} (${report.mode})`;
  const out = [
    `imds ${title} · account ${report.account.id} · ${plural(report.regions.length, "region")} · ${formatTime(report.generatedAt)}${report.journal ? ` · journal ${report.journal}` : ""}`,
    "",
    layout(
      REGION_HEADERS,
      report.regions.map(regionCells),
      REGION_HEADERS.map((_, i) => (i > 0 && i < 7 ? "right" : "left")),
      c,
    ),
  ];
  if (report.changes.length) {
    const rows = ordered(report.changes);
    const shown = opts.maxRows > 0 ? rows.slice(0, opts.maxRows) : rows;
    out.push(
      "",
      layout(
        CHANGE_HEADERS,
        shown.map(changeCells),
        CHANGE_HEADERS.map(() => "left"),
        c,
      ),
    );
    if (shown.length < rows.length) {
      out.push(
        `… and ${rows.length - shown.length} more changes (use --max-rows 0, or --format csv, to see them all)`,
      );
    }
  }
  if (report.notes?.length) out.push("", "Order:", ...report.notes.map((n) => `  ${printable(n)}`));
  const reasons = skipReasons(report);
  if (reasons.length) out.push("", "Left alone:", ...reasons);
  const bad =
    /^(INCOMPLETE|INTERRUPTED)/.test(report.verdict.line) ||
    /Not permitted|ignored DryRun|blocked by/.test(report.verdict.line);
  out.push("", c.bold[bad ? "red" : "green"](printable(report.verdict.line)));
  return `${out.join("\n")}\n`;
}

function renderChangeCsv(report: ChangeReport): string {
  const header = [
    "region",
    "kind",
    "id",
    "name",
    "before",
    "requested",
    "outcome",
    "verified",
    "error",
    "reason",
  ];
  const rows = [
    ...report.changes.map((c) => [
      c.region,
      c.kind,
      c.id,
      c.name ?? "",
      settings(c.before),
      settings(c.requested),
      c.outcome,
      c.verified === undefined ? "" : verification(c),
      c.error ? `${c.error.code}: ${c.error.message}` : "",
      "",
    ]),
    ...report.skipped.map((s) => [
      s.region,
      s.kind,
      s.id,
      s.name ?? "",
      "",
      "",
      "left alone",
      "",
      "",
      s.reason,
    ]),
    ...report.regions.flatMap((r) =>
      r.errors.map((e) => [
        r.region,
        "error",
        e.part,
        e.action,
        "",
        "",
        "not read",
        "",
        `${e.code}: ${e.message}`,
        e.hint,
      ]),
    ),
  ];
  return `${[header, ...rows].map((r) => r.map((v) => csvCell(String(v))).join(",")).join("\n")}\n`;
}

function renderChangeMarkdown(report: ChangeReport, opts: ChangeRenderOptions): string {
  const md = (cells: string[]) => `| ${cells.map(escapeMd).join(" | ")} |`;
  const table = (head: string[], rows: string[][]) =>
    [md(head), `|${head.map(() => "---").join("|")}|`, ...rows.map(md)].join("\n");
  const rows = ordered(report.changes);
  const shown = opts.maxRows > 0 ? rows.slice(0, opts.maxRows) : rows;
  const parts = [
    `## imds ${report.command} (${report.mode})`,
    "",
    `account ${report.account.id} · ${plural(report.regions.length, "region")} · ${formatTime(report.generatedAt)}`,
    "",
    table(
      columns(report, REGION_HEADERS),
      report.regions.map((r) => columns(report, regionCells(r))),
    ),
  ];
  if (shown.length) parts.push("", table(CHANGE_HEADERS, shown.map(changeCells)));
  if (shown.length < rows.length) parts.push("", `… and ${rows.length - shown.length} more changes`);
  if (report.notes?.length) parts.push("", ...report.notes.map((n) => `- ${escapeMd(n)}`));
  parts.push("", `**${escapeMd(report.verdict.line)}**`);
  return `${parts.join("\n")}\n`;
}

const renderers = {
  table: renderChangeTable,
  json: (report: ChangeReport) => `${JSON.stringify(report, null, 2)}\n`,
  csv: renderChangeCsv,
  markdown: renderChangeMarkdown,
} satisfies Record<Format, (report: ChangeReport, opts: ChangeRenderOptions) => string>;

export function renderChanges(format: Format, report: ChangeReport, opts: ChangeRenderOptions): string {
  return renderers[format](report, opts);
}
