// The report formats, apart from their renderers so the CLI can list them without loading any.
export const FORMATS = ["table", "json", "csv", "markdown"] as const;
export type Format = (typeof FORMATS)[number];
