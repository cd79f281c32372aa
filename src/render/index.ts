// One entry point per report, for every format. Each renderer returns text; none prints.
//
// Files go by format (table.ts, markdown.ts, csv.ts, json.ts, each rendering every report), and
// what a report shows (titles, cells, order) lives once in its *-cells.ts, shared by its formats.
import type { ChangeReport } from "../core/change-report.js";
import type { AuditReport } from "../core/types.js";
import type { WatchReport } from "../core/watch.js";
import { auditCsv, changeCsv, watchCsv } from "./csv.js";
import type { Format, RenderOptions, View } from "./formats.js";
import { auditJson, changeJson, watchJson } from "./json.js";
import { auditMarkdown, changeMarkdown, watchMarkdown } from "./markdown.js";
import { auditTable, changeTable, watchTable } from "./table.js";

export { FORMATS, type Format, type RenderOptions, type View } from "./formats.js";

type Text = string | Iterable<string>;

/** What a format must render: every report. */
interface FormatRenderers {
  audit(report: AuditReport, opts: RenderOptions): Text;
  changes(report: ChangeReport, opts: RenderOptions): Text;
  watch(report: WatchReport, opts: View): Text;
}

const RENDERERS = {
  table: { audit: auditTable, changes: changeTable, watch: watchTable },
  json: { audit: auditJson, changes: changeJson, watch: watchJson },
  csv: { audit: auditCsv, changes: changeCsv, watch: watchCsv },
  markdown: { audit: auditMarkdown, changes: changeMarkdown, watch: watchMarkdown },
} satisfies Record<Format, FormatRenderers>;

/** An audit report; a large JSON report comes in pieces, never as one string. */
export function renderAudit(format: Format, report: AuditReport, opts: RenderOptions): Text {
  return RENDERERS[format].audit(report, opts);
}

/** An enforce or rollback report (plan, dry run, or applied run). */
export function renderChanges(format: Format, report: ChangeReport, opts: RenderOptions): Text {
  return RENDERERS[format].changes(report, opts);
}

export function renderWatch(format: Format, report: WatchReport, opts: View): Text {
  return RENDERERS[format].watch(report, opts);
}

/** All of a rendering as one string (tests, and the plan shown on stderr). */
export function joined(text: Text): string {
  return typeof text === "string" ? text : [...text].join("");
}
