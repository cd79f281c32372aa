// Where a command's report goes, the same for every command: --output (never colored; a regular
// file is replaced atomically, a device or a pipe written to as it is)
// or stdout; --quiet leaves only the verdict on stdout. Notes go to stderr.
import { writeOutput } from "./output-file.js";

export interface EmitOptions {
  output?: string | undefined;
  quiet: boolean;
  color: boolean;
  format: string;
}

export function emitReport(
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
  opts: EmitOptions,
  render: (color: boolean) => string | Iterable<string>,
  verdict: string,
): void {
  if (opts.output !== undefined) {
    writeOutput(opts.output, render(false));
    if (!opts.quiet) io.stderr.write(`imds: wrote the ${opts.format} report to ${opts.output}\n${verdict}\n`);
  }
  if (opts.quiet) io.stdout.write(`${verdict}\n`);
  else if (opts.output === undefined) {
    const text = render(opts.color);
    for (const chunk of typeof text === "string" ? [text] : text) io.stdout.write(chunk);
  }
}
