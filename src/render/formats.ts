// The report formats, apart from their renderers so the CLI can list them without loading any.

/** Formats every report has (audit, enforce, rollback, watch, report diff). */
export const REPORT_FORMATS = ["table", "json", "csv", "markdown"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Formats for the places security teams already look; an audit's findings only. */
const FINDING_FORMATS = ["sarif", "ocsf", "asff", "junit", "html"] as const;

export type FindingFormat = (typeof FINDING_FORMATS)[number];

export const FORMATS = [...REPORT_FORMATS, ...FINDING_FORMATS] as const;
export type Format = (typeof FORMATS)[number];

/** The file name ending each format gets when written to --output-dir. */
export const EXTENSIONS = {
  table: "txt",
  json: "json",
  csv: "csv",
  markdown: "md",
  sarif: "sarif",
  ocsf: "ocsf.jsonl",
  asff: "asff.json",
  junit: "junit.xml",
  html: "html",
} as const satisfies Record<Format, string>;

export function isReportFormat(format: Format): format is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(format);
}

/** Where the text goes, as data: renderers never look at the process or its streams. */
export interface View {
  color: boolean;
  /** Terminal columns a table must fit in (120 when the output is not a terminal). */
  width: number;
}

export interface RenderOptions extends View {
  /** Rows in a report's capped list; 0 means no cap. */
  maxRows: number;
  /** --detail: organization runs show each account's regions, not one row per account. */
  detail?: boolean;
}

export interface OrgRenderOptions extends RenderOptions {
  /** --detail: each account's per-region table after the summary. */
  detail: boolean;
}

/** What a renderer returns: the whole text, or its pieces in order. */
export type Text = string | Iterable<string>;

/**
 * A rendering in several files (SARIF past GitHub's runs per file): each file's name gets its
 * suffix before the ending ("" for the first). Read in order: later files may continue where the
 * earlier ones stopped reading.
 */
export interface Files {
  files: Iterable<{ suffix: string; text: Text }>;
}

export type Rendering = Text | Files;

export function isFiles(r: Rendering): r is Files {
  return typeof r === "object" && "files" in r;
}
