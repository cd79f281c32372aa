// What each command receives: its options, made from the values commander parsed and checked.
// The value types come from the declarations in ./options.ts, so a changed option breaks the build
// here rather than a run.
import type { Command, OptionValues } from "@commander-js/extra-typings";
import type { AuditOptions } from "../commands/audit.js";
import type { ChangeRunOptions } from "../commands/change-run.js";
import type { EnforceOptions } from "../commands/enforce.js";
import type { CommandIO, GlobalOptions } from "../commands/options.js";
import type { RollbackOptions } from "../commands/rollback.js";
import type { WatchOptions } from "../commands/watch.js";
import { shouldColor } from "../io/terminal.js";
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

export function globalsFrom(v: GlobalValues & ScopeValues, { io, env }: CliContext): GlobalOptions {
  return {
    aws: {
      profile: v.profile,
      region: v.region,
      endpoint: v.endpointUrl,
      concurrency: v.concurrency,
      warn: (message) => io.stderr.write(`imds: warning: ${message}\n`),
    },
    scope: { regions: v.regions, excludeRegions: v.excludeRegions, allRegions: v.allRegions === true },
    concurrency: v.concurrency,
    format: v.format,
    output: v.output,
    color: shouldColor({ flag: v.color, env, isTTY: Boolean((io.stdout as NodeJS.WriteStream).isTTY) }),
    quiet: v.quiet === true,
    verbose: v.verbose === true,
  };
}

export function auditFrom(v: GlobalValues & ScopeValues & AuditValues, ctx: CliContext): AuditOptions {
  return {
    ...globalsFrom(v, ctx),
    states: v.states,
    maxHopLimit: v.maxHopLimit,
    failOn: v.failOn,
    maxRows: v.maxRows,
    usageDays: v.usage,
  };
}

function changeFrom(v: GlobalValues & ScopeValues & ChangeValues, ctx: CliContext): ChangeRunOptions {
  return {
    ...globalsFrom(v, ctx),
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
    ...changeFrom(v, ctx),
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
    args: ctx.args,
  };
}

export function rollbackFrom(
  journal: string,
  v: GlobalValues & ScopeValues & ChangeValues & { instanceIds?: string[] | undefined },
  ctx: CliContext,
): RollbackOptions {
  return { ...changeFrom(v, ctx), journalToRestore: journal, instanceIds: v.instanceIds, args: ctx.args };
}

export function watchFrom(journal: string, v: GlobalValues & ScopeValues, ctx: CliContext): WatchOptions {
  return { ...globalsFrom(v, ctx), journal };
}
