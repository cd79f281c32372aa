// Where a command's report goes, the same for every command: --output (never colored, DEFAULT_WIDTH
// wide; a regular file is replaced atomically, a device or a pipe written to as it is) or stdout
// (colored as decided, as wide as the terminal). --quiet leaves only the verdict on stdout, except
// that a report in another format than table still goes to stdout when it has no --output. Notes
// go to stderr.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { EXTENSIONS, type Format, isFiles, type Rendering, type Text, type View } from "../render/formats.js";
import { writeOutput } from "./output-file.js";
import { randomHex } from "./random-hex.js";
import { DEFAULT_WIDTH, terminalWidth } from "./terminal.js";

export interface EmitOptions {
  output?: string | undefined;
  quiet: boolean;
  color: boolean;
  format: string;
}

/** What a renderer is told about a stream: its terminal's width, and color when `color` says so. */
export function viewOf(stream: NodeJS.WritableStream, color: boolean): View {
  return { color, width: terminalWidth(stream as NodeJS.WriteStream) };
}

export function emitReport(
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
  opts: EmitOptions,
  render: (view: View) => string | Iterable<string>,
  verdict: string,
): void {
  if (opts.output !== undefined) {
    writeOutput(opts.output, render({ color: false, width: DEFAULT_WIDTH }));
    if (!opts.quiet) io.stderr.write(`imds: wrote the ${opts.format} report to ${opts.output}\n${verdict}\n`);
  }
  // --quiet with a report on stdout in a format for machines (json | jq): the report and nothing else.
  const verdictOnly = opts.quiet && (opts.output !== undefined || opts.format === "table");
  if (verdictOnly) io.stdout.write(`${verdict}\n`);
  else if (opts.output === undefined) {
    const text = render(viewOf(io.stdout, opts.color));
    for (const chunk of typeof text === "string" ? [text] : text) io.stdout.write(chunk);
  }
}

export interface FormatsEmitOptions {
  formats: readonly Format[];
  outputDir?: string | undefined;
  output?: string | undefined;
  quiet: boolean;
  color: boolean;
}

/**
 * A report file's name without its ending: `imds-audit-123456789012-20261122T105100.456Z-3f9a0c`
 * (UTC to the millisecond and a random suffix, as journal names), so two runs in the same second
 * never write over each other's files.
 */
export function reportBaseName(
  command: string,
  account: string,
  generatedAt: string,
  suffix: string = randomHex(3),
): string {
  const stamp = generatedAt.replace(/[-:]/g, "");
  return `imds-${command}-${account.replace(/[^A-Za-z0-9_-]/g, "_")}-${stamp}-${suffix}`;
}

/** Where there is room for one file only (stdout, --output): the first of several. */
function firstFile(rendering: Rendering): Text {
  if (!isFiles(rendering)) return rendering;
  for (const { text } of rendering.files) return text;
  return "";
}

/**
 * The report in every format asked for: with --output-dir one file per format (written atomically,
 * never colored), named `base.<ending>` and listed on stderr; otherwise the one format as emitReport
 * writes it.
 */
export function emitFormats(
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
  opts: FormatsEmitOptions,
  render: (format: Format, view: View) => Rendering,
  verdict: string,
  base: string,
): void {
  const { outputDir } = opts;
  const [first = "table"] = opts.formats;
  if (outputDir === undefined) {
    emitReport(io, { ...opts, format: first }, (view) => firstFile(render(first, view)), verdict);
    return;
  }
  mkdirSync(outputDir, { recursive: true });
  const written = opts.formats.flatMap((format) => {
    const rendering = render(format, { color: false, width: DEFAULT_WIDTH });
    const files = isFiles(rendering) ? rendering.files : [{ suffix: "", text: rendering }];
    const paths: string[] = [];
    for (const { suffix, text } of files) {
      const path = join(outputDir, `${base}${suffix}.${EXTENSIONS[format]}`);
      writeOutput(path, text);
      paths.push(path);
    }
    return paths;
  });
  if (opts.quiet) io.stdout.write(`${verdict}\n`);
  else io.stderr.write(`${written.map((path) => `imds: wrote ${path}\n`).join("")}${verdict}\n`);
}
