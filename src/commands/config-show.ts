// `imds config show`: the effective settings and where each came from, the exceptions (active or
// expired, as of now) and the hop-limit rules, in the format asked for. Reads nothing from AWS.
import type { ParsedConfig } from "../config/parse.js";
import { type ConfigRow, type ConfigView, configView } from "../core/config-view.js";
import { UsageError } from "../errors.js";
import { emitReport } from "../io/emit.js";
import { configJson, configMarkdown, configTable } from "../render/config-view.js";
import type { Format, View } from "../render/formats.js";
import type { CommandIO, GlobalOptions } from "./options.js";

const RENDER: Partial<Record<Format, (view: ConfigView, on: View) => string>> = {
  table: configTable,
  json: configJson,
  markdown: configMarkdown,
};

export interface ConfigShowOptions extends GlobalOptions {
  rows: ConfigRow[];
  config: ParsedConfig | undefined;
  now: Date;
}

export async function configShow(opts: ConfigShowOptions, io: CommandIO): Promise<number> {
  const render = RENDER[opts.format];
  // The CLI refuses other formats already (cli/config.ts); this keeps the command safe on its own.
  if (!render) throw new UsageError(`--format ${opts.format} does not apply to imds config show`);
  const view = configView(opts.rows, opts.config, opts.now);
  emitReport(io, opts, (on) => render(view, on), view.line);
  return 0;
}
