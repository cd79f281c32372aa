// `imds config show`: the effective settings and where each came from, the exceptions (active or
// expired, as of now) and the hop-limit rules. Reads nothing from AWS.

import type { ParsedConfig } from "../config/parse.js";
import { hasExpired } from "../core/exceptions.js";
import { plural } from "../core/text.js";
import { UsageError } from "../errors.js";
import { emitReport } from "../io/emit.js";
import { configJson, configMarkdown, configTable } from "../render/config-view.js";
import type { Format, View } from "../render/formats.js";
import type { ExceptionEntry, HopLimitRule } from "../schemas/config.js";
import type { CommandIO, GlobalOptions } from "./options.js";

export type SettingSource = "flag" | "file" | "default" | "unset";

/** One setting: its value in effect, and where it came from. */
export interface ConfigRow {
  key: string;
  flag: string;
  value: unknown;
  source: SettingSource;
  /** With source "file": "imds.config.yaml:3". */
  where?: string;
  /** What an unset setting means. */
  unset: string;
}

export interface ConfigView {
  file: string | null;
  settings: ConfigRow[];
  exceptions: (ExceptionEntry & { where: string; status: "active" | "expired" })[];
  hopLimits: (HopLimitRule & { where: string })[];
  /** One line for people: which file, and what it holds. */
  line: string;
}

export function configView(rows: ConfigRow[], config: ParsedConfig | undefined, now: Date): ConfigView {
  const exceptions = (config?.exceptions ?? []).map(({ value, where }) => ({
    where,
    ...value,
    status: hasExpired(value.expires, now) ? ("expired" as const) : ("active" as const),
  }));
  const hopLimits = (config?.hopLimits ?? []).map(({ value, where }) => ({ where, ...value }));
  const expired = exceptions.filter((e) => e.status === "expired").length;
  const line = config
    ? `config ${config.file}: ${plural(Object.keys(config.settings).length, "setting")}, ${plural(exceptions.length, "exception")}${expired ? ` (${expired} expired)` : ""}, ${plural(hopLimits.length, "hop-limit rule")}`
    : "no config file: flags and built-in defaults only";
  return { file: config?.file ?? null, settings: rows, exceptions, hopLimits, line };
}

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
  if (!render)
    throw new UsageError(
      `--format ${opts.format} does not apply to imds config show: use table, json or markdown`,
    );
  const view = configView(opts.rows, opts.config, opts.now);
  emitReport(io, opts, (on) => render(view, on), view.line);
  return 0;
}
