// The report formats, apart from their renderers so the CLI can list them without loading any.
export const FORMATS = ["table", "json", "csv", "markdown"] as const;
export type Format = (typeof FORMATS)[number];

/** Where the text goes, as data: renderers never look at the process or its streams. */
export interface View {
  color: boolean;
  /** Terminal columns a table must fit in (120 when the output is not a terminal). */
  width: number;
}

export interface RenderOptions extends View {
  /** Rows in a report's capped list; 0 means no cap. */
  maxRows: number;
}
