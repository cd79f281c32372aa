// One case as documentation, in markdown: what a user types and sees (command, exit code, stdout,
// stderr), with run-specific values (port, times, temp folders, durations) normalized.
import type { Run } from "./harness.js";

export interface Normalize {
  /** The simulator's URL, shown as http://127.0.0.1:PORT. */
  endpoint?: string;
  /** The case's temp folder, shown as /tmp/DIR. */
  dir?: string;
  /** The case's own normalization, for values that move with the clock. */
  steady?: (text: string) => string;
}

function cleaner({ endpoint, dir, steady }: Normalize): (text: string) => string {
  return (text) => {
    let out = dir ? text.replaceAll(dir, "/tmp/DIR") : text;
    if (steady) out = steady(out);
    if (endpoint) out = out.replaceAll(endpoint, "http://127.0.0.1:PORT");
    return out
      .replace(/http:\/\/127\.0\.0\.1:\d+/g, "http://127.0.0.1:PORT")
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, "TIME")
      .replace(/\d{4}-\d\d-\d\d \d\d:\d\d UTC/g, "TIME")
      .replace(/"durationMs": \d+/g, '"durationMs": N')
      .replace(/ in \d+ ms/g, " in N ms")
      .replace(/\/tmp\/[\w.-]+/g, "/tmp/DIR")
      .trimEnd();
  };
}

export function transcript(title: string, run: Run, normalize: Normalize = {}): string {
  const clean = cleaner(normalize);
  const args = run.args.map((a) => (a.includes(" ") ? `'${a}'` : a)).join(" ");
  return [
    `## ${title}`,
    "",
    "```console",
    `$ imds ${clean(args)}`,
    "```",
    "",
    `exit code: ${run.code}`,
    "",
    "stdout:",
    "```",
    clean(run.stdout) || "(empty)",
    "```",
    "",
    "stderr:",
    "```",
    clean(run.stderr) || "(empty)",
    "```",
    "",
  ].join("\n");
}
