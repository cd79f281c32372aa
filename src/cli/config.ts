// The config file in the CLI: which flag each setting gives a default to, the hook that loads the
// file before a command runs (never for --version or --help) and fills in the flags the command
// line left at their defaults, and `imds config show`.
import type { Command } from "@commander-js/extra-typings";
import type { CommandIO, GlobalOptions } from "../commands/options.js";
import type { ParsedConfig } from "../config/parse.js";
import type { ConfigRow, SettingSource } from "../core/config-view.js";
// Types only: the schema (and valibot) load with the config file, not at start-up.
import type { SettingKey } from "../schemas/config.js";
import { addScopeOptions, failOnOption, maxHopLimitOption, statesOption } from "./options.js";
import { breakGlassOption, roleNameOption } from "./policy.js";
import type { CliContext } from "./settings.js";

// biome-ignore lint/suspicious/noExplicitAny: any command of the program, whatever its option types
type AnyCommand = Command<any, any, any>;

interface Setting {
  /** The option's attribute name (commander's camelCase of the flag). */
  option: string;
  flag: string;
  /** What it means when neither the command line nor the file sets it and it has no default. */
  unset: string;
  /** Commands it does not apply to: rollback and watch act on a journal's regions, not the config's. */
  notFor?: readonly string[];
}

const JOURNAL_COMMANDS = ["rollback", "watch"];

/** Each setting of the config file and the flag it gives a default to. */
const CONFIG_SETTINGS = {
  regions: { option: "regions", flag: "--regions", unset: "every enabled region", notFor: JOURNAL_COMMANDS },
  excludeRegions: {
    option: "excludeRegions",
    flag: "--exclude-regions",
    unset: "none",
    notFor: JOURNAL_COMMANDS,
  },
  states: { option: "states", flag: "--states", unset: "pending,running,stopping,stopped" },
  maxHopLimit: { option: "maxHopLimit", flag: "--max-hop-limit", unset: "2" },
  failOn: { option: "failOn", flag: "--fail-on", unset: "fail" },
  accounts: { option: "accounts", flag: "--accounts", unset: "the caller's account" },
  roleName: { option: "roleName", flag: "--role-name", unset: "OrganizationAccountAccessRole" },
  roleArn: { option: "roleArn", flag: "--role-arn", unset: "none" },
  externalId: { option: "externalId", flag: "--external-id", unset: "none" },
  breakGlassArns: { option: "breakGlassArn", flag: "--break-glass-arn", unset: "none" },
} as const satisfies Record<SettingKey, Setting>;

const SETTING_KEYS = Object.keys(CONFIG_SETTINGS) as SettingKey[];

/** "policy scp", "audit": the command's names below the program. */
function commandPath(cmd: AnyCommand): string {
  const names: string[] = [];
  for (let c: AnyCommand | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(" ");
}

/** The command (or an ancestor, for global options) that declares the option. */
function ownerOf(cmd: AnyCommand, option: string): AnyCommand | undefined {
  for (let c: AnyCommand | null = cmd; c; c = c.parent) {
    if (c.options.some((o) => o.attributeName() === option)) return c;
  }
  return undefined;
}

/** Gives the command's options the file's values where the command line left them at their default. */
function applyConfig(cmd: AnyCommand, config: ParsedConfig): void {
  const path = commandPath(cmd);
  for (const key of SETTING_KEYS) {
    const value = config.settings[key]?.value;
    const setting: Setting = CONFIG_SETTINGS[key];
    if (value === undefined || setting.notFor?.includes(path)) continue;
    const owner = ownerOf(cmd, setting.option);
    const source = owner?.getOptionValueSource(setting.option);
    if (owner && (source === undefined || source === "default")) {
      owner.setOptionValueWithSource(setting.option, value, "config");
    }
  }
}

/** Before a command runs: read the config file (--config, --no-config, or search) and apply it. */
export function configHook(ctx: CliContext) {
  return async (program: AnyCommand, action: AnyCommand): Promise<void> => {
    const { loadConfig } = await import("../config/load.js");
    const file = program.opts().config as string | false | undefined;
    ctx.config = await loadConfig({ file, cwd: ctx.cwd });
    if (ctx.config) applyConfig(action, ctx.config);
  };
}

const SOURCES: Record<string, SettingSource> = { cli: "flag", env: "flag", implied: "flag", config: "file" };

/** Each setting's effective value for `cmd` and where it came from: flag, file, default, or unset. */
function effectiveSettings(cmd: AnyCommand, config: ParsedConfig | undefined): ConfigRow[] {
  return SETTING_KEYS.map((key) => {
    const setting: Setting = CONFIG_SETTINGS[key];
    const owner = ownerOf(cmd, setting.option);
    const fromFile = config?.settings[key];
    const value: unknown = owner ? owner.getOptionValue(setting.option) : fromFile?.value;
    const raw = owner ? owner.getOptionValueSource(setting.option) : fromFile && "config";
    const source: SettingSource =
      value === undefined ? "unset" : (SOURCES[raw ?? ""] ?? (raw === "default" ? "default" : "unset"));
    const row: ConfigRow = { key, flag: setting.flag, value: value ?? null, source, unset: setting.unset };
    if (source === "file" && fromFile) row.where = fromFile.where;
    if (key === "regions" && cmd.getOptionValueSource("allRegions") === "cli") {
      const { where: _, ...rest } = row;
      return { ...rest, value: null, source: "flag", flag: "--all-regions" };
    }
    return row;
  });
}

/** What `imds config show` writes: a report format that shows a table. */
const CONFIG_FORMATS = ["table", "json", "markdown"] as const;

export interface ConfigWiring {
  io: CommandIO;
  action: <A extends unknown[]>(run: (...args: A) => Promise<number>) => (...args: A) => Promise<void>;
  /** The global options, with the format checked against the ones this command writes. */
  globals: (command: string, allowed: readonly (typeof CONFIG_FORMATS)[number][]) => GlobalOptions;
}

export function registerConfig(program: AnyCommand, ctx: CliContext, wiring: ConfigWiring): void {
  const config = program.command("config").description("the config file: imds.config.yaml or .json");
  addScopeOptions(
    config
      .command("show")
      .description("print the effective settings and where each came from (flag, file, default)"),
  )
    .addOption(statesOption("instance states"))
    .addOption(maxHopLimitOption())
    .addOption(failOnOption())
    .addOption(breakGlassOption())
    .addOption(roleNameOption())
    .addHelpText(
      "after",
      "\nExamples:\n  $ imds config show\n  $ imds config show --config ci/imds.config.yaml --format json\n  $ imds config show --max-hop-limit 1    a flag wins over the file",
    )
    .action(
      wiring.action(async (_opts, cmd) => {
        const { configShow } = await import("../commands/config-show.js");
        const g = wiring.globals("imds config show", CONFIG_FORMATS);
        const rows = effectiveSettings(cmd, ctx.config);
        return configShow({ rows, config: ctx.config, now: ctx.now(), ...g }, wiring.io);
      }),
    );
}
