// What each command receives: its options, made from the values commander parsed and checked.
// The value types come from the declarations in ./options.ts, so a changed option breaks the build
// here rather than a run.
import type { Command, OptionValues } from "@commander-js/extra-typings";
import type { AuditOptions } from "../commands/audit.js";
import type { ChangeRunOptions } from "../commands/change-run.js";
import type { EnforceOptions } from "../commands/enforce.js";
import type { CommandIO, FormatsOptions, GlobalOptions } from "../commands/options.js";
import type { OrgRunOptions } from "../commands/org-session.js";
import type { RollbackOptions } from "../commands/rollback.js";
import type { WatchOptions } from "../commands/watch.js";
import type { ParsedConfig } from "../config/parse.js";
import type { ConfigRules } from "../core/resource-rules.js";
import type { ScopeRequest } from "../core/scope.js";
import { UsageError } from "../errors.js";
import { shouldColor } from "../io/terminal.js";
import { type Format, isReportFormat, REPORT_FORMATS, type ReportFormat } from "../render/formats.js";
import {
  type addAccessOptions,
  type addAuditOptions,
  type addChangeOptions,
  type addEnforceOptions,
  type addGlobalOptions,
  type addOrgOptions,
  type addScopeOptions,
  EVIDENCE_DAYS,
} from "./options.js";
import { environmentEndpoints } from "./parsers.js";

/** Where a command runs: its streams, its environment, and the command line as typed after `imds`. */
export interface CliContext {
  io: CommandIO;
  env: NodeJS.ProcessEnv;
  args: string[];
  /** Where the config file search starts. */
  cwd: string;
  /** The moment exceptions are judged at (their expiry dates). */
  now: () => Date;
  /** The config file in effect, once the hook before each command has read it. */
  config?: ParsedConfig | undefined;
}

/** The config's exceptions and hop-limit rules (none without a config file). */
function rulesFrom(config: ParsedConfig | undefined): ConfigRules {
  return { exceptions: config?.exceptions ?? [], hopLimits: config?.hopLimits ?? [] };
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
type AccessValues = ValuesOf<typeof addAccessOptions<[], None, None>>;
type OrgValues = ValuesOf<typeof addOrgOptions<[], None, None>>;

/**
 * The options that only mean something in an organization run, by their flags. The role options
 * are left out: a config file may set them for the organization runs it also serves.
 */
function orgOnlyFlags(v: OrgValues): string[] {
  const given: [string, boolean][] = [
    ["--exclude-accounts", v.excludeAccounts !== undefined],
    ["--shard", v.shard !== undefined],
    ["--scp-denied-as-excluded", v.scpDeniedAsExcluded === true],
  ];
  return given.filter(([, on]) => on).map(([flag]) => flag);
}

/** How to reach member accounts, as given. */
function accessFrom(v: AccessValues) {
  return {
    roleName: v.roleName,
    roleArn: v.roleArn,
    externalId: v.externalId,
    maxAccounts: v.maxAccounts,
  };
}

/** An organization run when --org, --ou, --accounts or --accounts-file says so; otherwise undefined. */
function orgFrom(v: OrgValues): OrgRunOptions | undefined {
  const source = v.ou
    ? "ou"
    : v.org
      ? "org"
      : v.accounts
        ? "accounts"
        : v.accountsFile
          ? "accounts-file"
          : undefined;
  if (source === undefined) {
    const stray = orgOnlyFlags(v);
    if (stray.length) {
      throw new UsageError(`${stray.join(", ")}: only with --org, --ou, --accounts or --accounts-file`);
    }
    return undefined;
  }
  return {
    source,
    ous: v.ou ?? [],
    accounts: v.accounts,
    accountsFile: v.accountsFile,
    excludeAccounts: v.excludeAccounts ?? [],
    ...accessFrom(v),
    shard: v.shard,
    scpDeniedAsExcluded: v.scpDeniedAsExcluded === true,
  };
}

/** Everything every command takes but its format. */
/** Where the config file gave the region lists the run uses (not lists given by a flag). */
function regionsAt(v: ScopeValues, config: CliContext["config"]): ScopeRequest["at"] {
  if (!config) return undefined;
  const { settings, regionsAt: at } = config;
  const fromFile = (key: "regions" | "excludeRegions") =>
    v[key] !== undefined && v[key] === settings[key]?.value ? { [key]: at[key] } : {};
  const out = { ...fromFile("regions"), ...fromFile("excludeRegions") };
  return Object.keys(out).length ? out : undefined;
}

function commonFrom(
  v: GlobalValues & ScopeValues,
  { io, env, config }: CliContext,
): Omit<GlobalOptions, "format"> {
  const configured = environmentEndpoints(env);
  const at = regionsAt(v, config);
  return {
    aws: {
      profile: v.profile,
      region: v.region,
      endpoint: v.endpointUrl,
      recordedEndpoint: v.endpointUrl ?? configured.ec2,
      stsEndpoint: v.endpointUrl ?? configured.sts,
      timeoutMs: v.timeout * 1000,
      concurrency: v.concurrency,
      fastReader: v.sdkParser !== true,
      warn: (message) => io.stderr.write(`imds: warning: ${message}\n`),
    },
    scope: {
      regions: v.regions,
      excludeRegions: v.excludeRegions,
      allRegions: v.allRegions === true,
      ...(at ? { at } : {}),
    },
    concurrency: v.concurrency,
    output: v.output,
    color: shouldColor({ flag: v.color, env, isTTY: Boolean((io.stdout as NodeJS.WriteStream).isTTY) }),
    quiet: v.quiet === true,
    verbose: v.verbose === true,
    configFlag: typeof v.config === "string" ? v.config : undefined,
  };
}

/** The one report format of a command that is not audit: several, or a finding format, is bad usage. */
function reportFormat(
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

/** --detail says how an organization is shown: refused where there is none. */
function detailNeedsOrg(detail: true | undefined, org: unknown): void {
  if (detail && !org) throw new UsageError("--detail: only with --org, --ou, --accounts or --accounts-file");
}

export function auditFrom(
  v: GlobalValues & ScopeValues & AuditValues & OrgValues & { detail?: true | undefined },
  ctx: CliContext,
): AuditOptions {
  const org = orgFrom(v);
  detailNeedsOrg(v.detail, org);
  return {
    ...commonFrom(v, ctx),
    ...formatsFrom(v),
    toSecurityHub: v.toSecurityHub === true,
    states: v.states,
    maxHopLimit: v.maxHopLimit,
    failOn: v.failOn,
    maxRows: v.maxRows,
    evidenceDays: v.usage,
    rules: rulesFrom(ctx.config),
    now: ctx.now(),
    configFile: ctx.config?.file,
    ...(org ? { org, detail: v.detail === true } : {}),
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
    detail: v.detail === true,
  };
}

export function enforceFrom(
  v: GlobalValues & ScopeValues & ChangeValues & EnforceValues & OrgValues,
  ctx: CliContext,
): EnforceOptions {
  const org = orgFrom(v);
  detailNeedsOrg(v.detail, org);
  if (v.raiseHopLimit && typeof v.hopLimit !== "number")
    throw new UsageError(
      "--raise-hop-limit sets exactly --hop-limit N: give a number with --hop-limit, or drop it",
    );
  return {
    ...changeFrom(v, ctx, "imds enforce"),
    // --instance-ids and --tag imply --instances (commander's .implies()).
    instances: v.instances === true,
    instanceIds: v.instanceIds,
    tags: v.tag ?? [],
    excludeTags: v.excludeTag ?? [],
    states: v.states,
    hopLimit: v.hopLimit,
    raiseHopLimit: v.raiseHopLimit === true,
    maxChanges: v.maxChanges,
    enforceLaunches: v.enforceLaunches === true,
    evidenceDays: v.usage ?? v.usageDays ?? EVIDENCE_DAYS,
    force: v.force === true,
    launchTemplates: v.launchTemplates === true,
    asgs: v.asgs === true,
    includeManaged: v.includeManaged === true,
    args: ctx.args,
    rules: rulesFrom(ctx.config),
    // --hop-limit policy: resources no rule matches get the config's maxHopLimit, else audit's default.
    maxHopLimit: ctx.config?.settings.maxHopLimit?.value ?? 2,
    now: ctx.now(),
    ...(org ? { org } : {}),
  };
}

type JournalAccessValues = AccessValues & { accounts?: string[] | undefined };

export function rollbackFrom(
  journal: string,
  v: GlobalValues &
    ScopeValues &
    ChangeValues &
    JournalAccessValues & { instanceIds?: string[] | undefined; deleteCreated?: true | undefined },
  ctx: CliContext,
): RollbackOptions {
  return {
    ...changeFrom(v, ctx, "imds rollback"),
    journalToRestore: journal,
    instanceIds: v.instanceIds,
    deleteCreated: v.deleteCreated === true,
    accounts: v.accounts,
    access: accessFrom(v),
    args: ctx.args,
  };
}

export function watchFrom(
  journal: string,
  v: GlobalValues & ScopeValues & JournalAccessValues,
  ctx: CliContext,
): WatchOptions {
  return { ...globalsFrom(v, ctx, "imds watch"), journal, accounts: v.accounts, access: accessFrom(v) };
}
