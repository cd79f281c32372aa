// Options every command shares, after commander has parsed and checked them.
import type { AwsOptions } from "../aws/clients.js";
import type { ScopeRequest } from "../core/scope.js";
import type { Interrupt } from "../io/interrupt.js";
import type { Format } from "../render/formats.js";

export interface GlobalOptions {
  aws: AwsOptions;
  scope: ScopeRequest;
  concurrency: number;
  format: Format;
  output?: string | undefined;
  color: boolean;
  quiet: boolean;
  verbose: boolean;
}

export interface CommandIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  interrupt: Interrupt;
}
