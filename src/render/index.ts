// One entry point per report, for every format. Each renderer returns text; none prints.
//
// Files go by format (table.ts, markdown.ts, csv.ts, json.ts, each rendering every report; sarif.ts,
// ocsf.ts, asff.ts, junit.ts, html.ts rendering an audit's findings for the tools security teams
// use), and what a report shows (titles, cells, order) lives once in its *-cells.ts.
import type { ChangeReport } from "../core/change-report.js";
import type { OrgAuditView } from "../core/org-types.js";
import type { AuditReport } from "../core/types.js";
import type { WatchReport } from "../core/watch.js";
import { auditAsff } from "./asff.js";
import { auditCsv, changeCsv, orgAuditCsv, watchCsv } from "./csv.js";
import {
  type FindingFormat,
  type Format,
  isReportFormat,
  type OrgRenderOptions,
  type Rendering,
  type RenderOptions,
  type ReportFormat,
  type Text,
  type View,
} from "./formats.js";
import { auditHtml } from "./html.js";
import { auditJson, changeJson, orgAuditJson, watchJson } from "./json.js";
import { auditJunit } from "./junit.js";
import { auditMarkdown, changeMarkdown, orgAuditMarkdown, watchMarkdown } from "./markdown.js";
import { auditOcsf } from "./ocsf.js";
import { type Note, orgAsff, orgHtml, orgJunit, orgOcsf, orgSarif } from "./org-findings.js";
import { auditSarif } from "./sarif.js";
import { auditTable, changeTable, orgAuditTable, watchTable } from "./table.js";

export {
  FORMATS,
  type Format,
  type OrgRenderOptions,
  REPORT_FORMATS,
  type RenderOptions,
  type ReportFormat,
  type View,
} from "./formats.js";

/** What a report format renders besides the audit: the change and watch reports. */
interface ReportRenderers {
  changes(report: ChangeReport, opts: RenderOptions): Text;
  watch(report: WatchReport, opts: View): Text;
}

const RENDERERS = {
  table: { changes: changeTable, watch: watchTable },
  json: { changes: changeJson, watch: watchJson },
  csv: { changes: changeCsv, watch: watchCsv },
  markdown: { changes: changeMarkdown, watch: watchMarkdown },
} satisfies Record<ReportFormat, ReportRenderers>;

/** Every format renders an audit: the report formats and the finding formats. */
const AUDIT_RENDERERS = {
  table: auditTable,
  json: auditJson,
  csv: auditCsv,
  markdown: auditMarkdown,
  sarif: auditSarif,
  ocsf: auditOcsf,
  asff: auditAsff,
  junit: auditJunit,
  html: auditHtml,
} satisfies Record<Format, (report: AuditReport, opts: RenderOptions) => Text>;

/** An organization's audit in the report formats: each reads the accounts' blocks back as it goes. */
const ORG_AUDIT_RENDERERS = {
  table: orgAuditTable,
  json: orgAuditJson,
  csv: orgAuditCsv,
  markdown: orgAuditMarkdown,
} satisfies Record<ReportFormat, (view: OrgAuditView, opts: OrgRenderOptions) => Text>;

/** An organization's audit report, in pieces. */
export function renderOrgAudit(format: ReportFormat, view: OrgAuditView, opts: OrgRenderOptions): Text {
  return ORG_AUDIT_RENDERERS[format](view, opts);
}

/** How an organization's finding formats are written: SARIF may need several files, and says what it cut. */
export interface OrgFindingOptions {
  /** Whether several files can be written (--output-dir). */
  split: boolean;
  note: Note;
}

/** An organization's audit in the finding formats, an account at a time. */
const ORG_FINDING_RENDERERS = {
  sarif: orgSarif,
  ocsf: orgOcsf,
  asff: orgAsff,
  junit: orgJunit,
  html: orgHtml,
} satisfies Record<FindingFormat, (view: OrgAuditView, opts: OrgFindingOptions) => Rendering>;

/** An organization's audit in any format (SARIF: in files of at most 20 accounts each). */
export function renderOrgAny(
  format: Format,
  view: OrgAuditView,
  opts: OrgRenderOptions & OrgFindingOptions,
): Rendering {
  return isReportFormat(format)
    ? renderOrgAudit(format, view, opts)
    : ORG_FINDING_RENDERERS[format](view, opts);
}

/** An audit report; a large JSON report comes in pieces, never as one string. */
export function renderAudit(format: Format, report: AuditReport, opts: RenderOptions): Text {
  return AUDIT_RENDERERS[format](report, opts);
}

/** An enforce or rollback report (plan, dry run, or applied run). */
export function renderChanges(format: ReportFormat, report: ChangeReport, opts: RenderOptions): Text {
  return RENDERERS[format].changes(report, opts);
}

export function renderWatch(format: ReportFormat, report: WatchReport, opts: View): Text {
  return RENDERERS[format].watch(report, opts);
}

/** All of a rendering as one string (tests, and the plan shown on stderr). */
export function joined(text: Text): string {
  return typeof text === "string" ? text : [...text].join("");
}
