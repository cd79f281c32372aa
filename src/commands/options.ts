// Options every command shares, after commander has parsed and checked them.
import type { AwsOptions } from "../aws/clients.js";
import type { ScopeRequest } from "../core/scope.js";
import type { Interrupt } from "../io/interrupt.js";
import type { Format, ReportFormat } from "../render/formats.js";

export interface GlobalOptions {
  aws: AwsOptions;
  scope: ScopeRequest;
  concurrency: number;
  /** The one format of a command's report (--format). */
  format: ReportFormat;
  output?: string | undefined;
  color: boolean;
  quiet: boolean;
  verbose: boolean;
  /** --config FILE as given (not a file found by searching): the commands a run suggests repeat it. */
  configFlag?: string | undefined;
}

export interface CommandIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  interrupt: Interrupt;
}

/** What a command that writes finding formats (audit) takes instead of one report format. */
export interface FormatsOptions {
  /** --format, each once, in the order given. */
  formats: Format[];
  /** --output-dir: one file per format there. */
  outputDir?: string | undefined;
}
