// Where a command's report goes, the same for every command: --output (atomically, never colored,
// DEFAULT_WIDTH wide) or stdout (colored as decided, as wide as the terminal); --quiet leaves only
// the verdict on stdout. Notes go to stderr.
import type { View } from "../render/formats.js";
import { writeFileAtomic } from "./atomic-write.js";
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
    writeFileAtomic(opts.output, render({ color: false, width: DEFAULT_WIDTH }));
    if (!opts.quiet) io.stderr.write(`imds: wrote the ${opts.format} report to ${opts.output}\n${verdict}\n`);
  }
  if (opts.quiet) io.stdout.write(`${verdict}\n`);
  else if (opts.output === undefined) {
    const text = render(viewOf(io.stdout, opts.color));
    for (const chunk of typeof text === "string" ? [text] : text) io.stdout.write(chunk);
  }
}
