// What `imds config show` shows: each setting in effect and where it came from, the exceptions
// (active or expired as of `now`) and the hop-limit rules. Pure.
import type { ExceptionEntry, HopLimitRule } from "../schemas/config.js";
import { hasExpired, type Located } from "./exceptions.js";
import { plural } from "./text.js";

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

/** The parts of a parsed config file the view shows. */
interface ConfigSource {
  file: string;
  settings: Record<string, unknown>;
  exceptions: readonly Located<ExceptionEntry>[];
  hopLimits: readonly Located<HopLimitRule>[];
}

export function configView(rows: ConfigRow[], config: ConfigSource | undefined, now: Date): ConfigView {
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
