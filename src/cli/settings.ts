// What each command receives: its options, made from the values commander parsed and checked.
// The value types come from the declarations in ./options.ts, so a changed option breaks the build
// here rather than a run.
import type { Command, OptionValues } from "@commander-js/extra-typings";
import type { AuditOptions } from "../commands/audit.js";
import type { ChangeRunOptions } from "../commands/change-run.js";
import type { EnforceOptions } from "../commands/enforce.js";
import type { CommandIO, FormatsOptions, GlobalOptions } from "../commands/options.js";
import type { RollbackOptions } from "../commands/rollback.js";
import type { WatchOptions } from "../commands/watch.js";
import { UsageError } from "../errors.js";
import { shouldColor } from "../io/terminal.js";
import { type Format, isReportFormat, REPORT_FORMATS, type ReportFormat } from "../render/formats.js";
import {
  type addAuditOptions,
  type addChangeOptions,
  type addEnforceOptions,
  type addGlobalOptions,
  type addScopeOptions,
  EVIDENCE_DAYS,
} from "./options.js";

/** Where a command runs: its streams, its environment, and the command line as typed after `imds`. */
export interface CliContext {
  io: CommandIO;
  env: NodeJS.ProcessEnv;
  args: string[];
}

type None = Record<never, never>;
type Bare = Command<[], None, None>;
/** The values an option group adds, as commander parses them. */
type ValuesOf<Add extends (cmd: Bare) => Command<[], OptionValues, OptionValues>> = ReturnType<
  ReturnType<Add>["opts"]
>;
type GlobalValues = ValuesOf<typeof addGlobalOptions<[], None, None>>;
type ScopeValues = Partial<ValuesOf<typeof addScopeOptions<[], None, None>>>;
type ChangeValues = ValuesOf<typeof addChangeOptions<[], None, None>>;
type AuditValues = ValuesOf<typeof addAuditOptions<[], None, None>>;
type EnforceValues = ValuesOf<typeof addEnforceOptions<[], None, None>>;

/** Everything every command takes but its format. */
function commonFrom(v: GlobalValues & ScopeValues, { io, env }: CliContext): Omit<GlobalOptions, "format"> {
  return {
    aws: {
      profile: v.profile,
      region: v.region,
      endpoint: v.endpointUrl,
      concurrency: v.concurrency,
      fastReader: v.sdkParser !== true,
      warn: (message) => io.stderr.write(`imds: warning: ${message}\n`),
    },
    scope: { regions: v.regions, excludeRegions: v.excludeRegions, allRegions: v.allRegions === true },
    concurrency: v.concurrency,
    output: v.output,
    color: shouldColor({ flag: v.color, env, isTTY: Boolean((io.stdout as NodeJS.WriteStream).isTTY) }),
    quiet: v.quiet === true,
    verbose: v.verbose === true,
  };
}

/** The one report format of a command that is not audit: several, or a finding format, is bad usage. */
export function reportFormat(
  formats: readonly Format[],
  outputDir: string | undefined,
  command: string,
  allowed: readonly ReportFormat[] = REPORT_FORMATS,
): ReportFormat {
  const [format = "table", ...more] = formats;
  if (more.length > 0 || outputDir !== undefined)
    throw new UsageError(`${command} writes one report: several formats and --output-dir are for imds audit`);
  if (!isReportFormat(format) || !allowed.includes(format))
    throw new UsageError(`--format ${format} does not apply to ${command} (it writes ${allowed.join(", ")})`);
  return format;
}

export function globalsFrom(
  v: GlobalValues & ScopeValues,
  ctx: CliContext,
  command = "this command",
  allowed: readonly ReportFormat[] = REPORT_FORMATS,
): GlobalOptions {
  return { ...commonFrom(v, ctx), format: reportFormat(v.format, v.outputDir, command, allowed) };
}

/** Audit's formats: any, several with --output-dir (each to its own file). */
function formatsFrom(v: GlobalValues): FormatsOptions {
  if (v.format.length > 1 && v.outputDir === undefined)
    throw new UsageError(`several formats (${v.format.join(", ")}) need --output-dir DIR: one file each`);
  return { formats: v.format, outputDir: v.outputDir };
}

export function auditFrom(v: GlobalValues & ScopeValues & AuditValues, ctx: CliContext): AuditOptions {
  return {
    ...commonFrom(v, ctx),
    ...formatsFrom(v),
    toSecurityHub: v.toSecurityHub === true,
    states: v.states,
    maxHopLimit: v.maxHopLimit,
    failOn: v.failOn,
    maxRows: v.maxRows,
    usageDays: v.usage,
  };
}

function changeFrom(
  v: GlobalValues & ScopeValues & ChangeValues,
  ctx: CliContext,
  command: string,
): ChangeRunOptions {
  return {
    ...globalsFrom(v, ctx, command),
    dryRun: v.dryRun === true,
    yes: v.yes === true,
    journal: v.journal,
    waitSeconds: v.wait,
    writeRate: v.writeRate,
    writeBurst: v.writeBurst,
    maxRows: v.maxRows,
  };
}

export function enforceFrom(
  v: GlobalValues & ScopeValues & ChangeValues & EnforceValues,
  ctx: CliContext,
): EnforceOptions {
  return {
    ...changeFrom(v, ctx, "imds enforce"),
    // --instance-ids and --tag imply --instances (commander's .implies()).
    instances: v.instances === true,
    instanceIds: v.instanceIds,
    tags: v.tag ?? [],
    excludeTags: v.excludeTag ?? [],
    states: v.states,
    hopLimit: v.hopLimit,
    maxChanges: v.maxChanges,
    enforceLaunches: v.enforceLaunches === true,
    usageDays: v.usage ?? v.usageDays ?? EVIDENCE_DAYS,
    force: v.force === true,
    launchTemplates: v.launchTemplates === true,
    asgs: v.asgs === true,
    includeManaged: v.includeManaged === true,
    args: ctx.args,
  };
}

export function rollbackFrom(
  journal: string,
  v: GlobalValues &
    ScopeValues &
    ChangeValues & { instanceIds?: string[] | undefined; deleteCreated?: true | undefined },
  ctx: CliContext,
): RollbackOptions {
  return {
    ...changeFrom(v, ctx, "imds rollback"),
    journalToRestore: journal,
    instanceIds: v.instanceIds,
    deleteCreated: v.deleteCreated === true,
    args: ctx.args,
  };
}

export function watchFrom(journal: string, v: GlobalValues & ScopeValues, ctx: CliContext): WatchOptions {
  return { ...globalsFrom(v, ctx, "imds watch"), journal };
}
