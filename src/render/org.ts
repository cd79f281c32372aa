// One entry point for every format of the organization report. Each renderer reads the accounts'
// blocks back as it goes and yields pieces: none holds the whole report.
import type { OrgAuditView } from "../core/org-types.js";
import type { Format } from "./formats.js";
import { streamJson } from "./json.js";
import { orgCsvChunks } from "./org-csv.js";
import { renderOrgMarkdown } from "./org-markdown.js";
import { type OrgRenderOptions, renderOrgTable } from "./org-table.js";

export type { OrgRenderOptions };

/** The JSON report (schema/org-audit-report.schema.json): exactly JSON.stringify of the whole report. */
function orgJson(view: OrgAuditView): Iterable<string> {
  const { verdict, ...rest } = view.head;
  const shell = { ...rest, regions: [], resources: [], verdict };
  return streamJson(shell, {
    regions: function* () {
      for (const b of view.blocks()) yield* b.regions;
    },
    resources: function* () {
      for (const b of view.blocks()) yield* b.resources;
    },
  });
}

const renderers = {
  table: (v, o) => [renderOrgTable(v, o)],
  json: (v) => orgJson(v),
  csv: (v) => orgCsvChunks(v),
  markdown: (v) => [renderOrgMarkdown(v)],
} satisfies Record<Format, (view: OrgAuditView, opts: OrgRenderOptions) => Iterable<string>>;

export function renderOrgChunks(
  format: Format,
  view: OrgAuditView,
  opts: OrgRenderOptions,
): Iterable<string> {
  return renderers[format](view, opts);
}
