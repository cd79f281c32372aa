// One entry point for every report format. Each renderer returns a string; none prints.

import type { AuditReport } from "../core/types.js";
import { renderCsv } from "./csv.js";
import type { Format } from "./formats.js";
import { jsonChunks, renderJson } from "./json.js";
import { renderMarkdown } from "./markdown.js";
import { renderTable } from "./table.js";

export { FORMATS, type Format } from "./formats.js";

export interface RenderOptions {
  color: boolean;
  /** Rows in the table format's resource list; 0 means no cap. */
  maxRows: number;
}

const renderers = {
  table: renderTable,
  json: renderJson,
  csv: renderCsv,
  markdown: renderMarkdown,
} satisfies Record<Format, (report: AuditReport, opts: RenderOptions) => string>;

export function render(format: Format, report: AuditReport, opts: RenderOptions): string {
  return renderers[format](report, opts);
}

/** The same text as `render`, in pieces, so a very large JSON report is never one string. */
export function renderChunks(format: Format, report: AuditReport, opts: RenderOptions): Iterable<string> {
  return format === "json" ? jsonChunks(report) : [render(format, report, opts)];
}
