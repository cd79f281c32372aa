// Commander wiring only: options, choices, help text and examples. Value checks live in
// cli-parsers.ts, commands in src/commands.
import { Command, Option } from "commander";
import {
  endpointUrl,
  existingFile,
  hopLimit,
  instanceIds,
  intIn,
  newJournal,
  outputFile,
  regionList,
  regionName,
  stateList,
  tagPair,
} from "./cli-parsers.js";
import type { AuditOptions } from "./commands/audit.js";
import type { CommandIO, GlobalOptions } from "./commands/options.js";
import { DEFAULT_STATES } from "./core/types.js";
import { shouldColor } from "./io/terminal.js";
import { FORMATS, type Format } from "./render/formats.js";
import { VERSION } from "./version.js";

interface RawGlobals {
  profile?: string;
  region?: string;
  endpointUrl?: string;
  concurrency: number;
  format: Format;
  output?: string;
  color: boolean;
  quiet: boolean;
  verbose: boolean;
  regions?: string[];
  excludeRegions?: string[];
  sdkParser?: boolean;
}

function globalsFrom(raw: RawGlobals, io: CommandIO, env: NodeJS.ProcessEnv): GlobalOptions {
  return {
    aws: {
      profile: raw.profile,
      region: raw.region,
      endpoint: raw.endpointUrl,
      concurrency: raw.concurrency,
      warn: (message) => io.stderr.write(`imds: warning: ${message}\n`),
      fastReader: !raw.sdkParser,
    },
    scope: { regions: raw.regions, excludeRegions: raw.excludeRegions },
    concurrency: raw.concurrency,
    format: raw.format,
    output: raw.output,
    color: shouldColor({ flag: raw.color, env, isTTY: Boolean((io.stdout as NodeJS.WriteStream).isTTY) }),
    quiet: raw.quiet,
    verbose: raw.verbose,
  };
}

function addScopeOptions(cmd: Command): Command {
  return cmd
    .option("--regions <list>", "only these regions (comma-separated)", regionList)
    .option("--exclude-regions <list>", "leave these regions out (comma-separated)", regionList)
    .option("--all-regions", "every enabled region (the default)");
}

interface RawChange {
  dryRun?: boolean;
  yes?: boolean;
  journal?: string;
  wait: number;
  writeRate?: number;
  writeBurst?: number;
  maxRows: number;
}

interface RawEnforce {
  instances?: boolean;
  instanceIds?: string[];
  tag?: [string, string][];
  excludeTag?: [string, string][];
  states: string[];
  hopLimit?: number | "no-preference";
  maxChanges?: number;
  usageDays: number;
  force?: boolean;
}

function addChangeOptions(cmd: Command): Command {
  return cmd
    .option("--dry-run", "show the plan and ask AWS (DryRun=true) whether it is permitted; change nothing")
    .option("-y, --yes", "apply without asking (needed to change instances without a terminal)")
    .option(
      "--journal <file>",
      "where to journal every change (default: imds-<command>-<account>-<time>.jsonl)",
      newJournal,
    )
    .option("--wait <seconds>", "how long to wait for changes to show as applied", intIn(0, 3600), 120)
    .option(
      "--write-rate <n>",
      "instance changes per second per region (AWS's bucket refills 5/s)",
      intIn(1, 1000),
    )
    .option(
      "--write-burst <n>",
      "instance changes at once before pacing (AWS's bucket holds 100)",
      intIn(1, 1000),
    )
    .option("--max-rows <n>", "rows in the changes table (0: all)", intIn(0, 1_000_000), 20);
}

function changeOptionsFrom(raw: RawGlobals & RawChange, io: CommandIO, env: NodeJS.ProcessEnv) {
  return {
    ...globalsFrom(raw, io, env),
    dryRun: Boolean(raw.dryRun),
    yes: Boolean(raw.yes),
    journal: raw.journal,
    waitSeconds: raw.wait,
    writeRate: raw.writeRate,
    writeBurst: raw.writeBurst,
    maxRows: raw.maxRows,
  };
}

const ENFORCE_EXAMPLES = `
Examples:
  $ imds enforce --dry-run                      the plan for every enabled region, and whether IAM allows it
  $ imds enforce                                require IMDSv2 by default in every enabled region
  $ imds enforce --hop-limit 2                  ... with hop limit 2 for container hosts
  $ imds enforce --instances --tag env=dev --yes        existing dev instances too
  $ imds enforce --instances --exclude-tag legacy=true  all instances but the legacy ones
  $ imds enforce --instances --max-changes 500 --journal change-42.jsonl

Every change is journaled before and after it is made; undo with imds rollback JOURNAL.
Exit codes: 0 everything planned was applied, 2 bad usage (nothing changed), 3 something
could not be read, changed or verified, 130 interrupted (the journal has what was applied).`;

const ROLLBACK_EXAMPLES = `
Examples:
  $ imds rollback imds-enforce-123456789012-20261122T105100Z.jsonl --dry-run
  $ imds rollback change-42.jsonl --instance-ids i-0123456789abcdef0 --yes

Only resources that still have the settings imds set are restored; anything changed since is
left alone and reported.`;

const WATCH_EXAMPLES = `
Examples:
  $ imds watch imds-enforce-123456789012-20261122T105100Z.jsonl
  $ imds watch change-42.jsonl --format json --output watch.json

Reads CloudWatch's MetadataNoTokenRejected for every instance the journal changed, since its
change. Exit codes: 0 none rejected calls, 1 some did (the report prints the rollback command
for just those), 2 bad usage or journal, 3 metrics could not be read.`;

const AUDIT_EXAMPLES = `
Examples:
  $ imds audit                                  every enabled region, tables in the terminal
  $ imds audit --regions eu-west-1,us-east-1    two regions only
  $ imds audit --format json --output imds.json a versioned JSON report for CI
  $ imds audit --fail-on warn --quiet           exit 1 on warnings too, print only the verdict
  $ imds audit --profile prod --states running  one profile, running instances only

Exit codes: 0 compliant, 1 findings at or above --fail-on, 2 bad usage, 3 incomplete (a region or
resource could not be read), 130 interrupted.`;

/** Builds the program; `run` receives each command's work and reports its exit code. */
export function buildProgram(
  argv: readonly string[],
  io: CommandIO,
  env: NodeJS.ProcessEnv,
  setCode: (code: number) => void,
): Command {
  // The command line as typed after `imds`, for journal headers.
  const args = argv.slice(2);
  const program = new Command("imds")
    .description("Audit and enforce IMDSv2 across every region of an AWS account, and prove it.")
    .version(VERSION, "-V, --version", "print the version")
    .helpOption("-h, --help", "show help")
    .showSuggestionAfterError()
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // One line, said once: commander's own message, then where to look.
      outputError: (s, write) =>
        write(
          `imds: ${s
            .trim()
            .replace(/^error: /, "")
            .replace(/\s*\n\s*/g, " ")} (see imds --help)\n`,
        ),
    })
    .option("--profile <name>", "AWS profile from the shared config (default: the standard credential chain)")
    .option("--region <region>", "home region for global calls (STS, DescribeRegions)", regionName)
    .option(
      "--endpoint-url <url>",
      "EC2 and STS endpoint (the bundled simulator, LocalStack, moto)",
      endpointUrl,
    )
    .option(
      "--concurrency <n>",
      "read calls in flight at once, across all regions (writes are paced per region)",
      intIn(1, 256),
      32,
    )
    .addOption(new Option("--format <format>", "report format").choices(FORMATS).default("table"))
    .option("--output <file>", "write the report to FILE (atomically) instead of stdout", outputFile)
    .option("--no-color", "no colors (also NO_COLOR=1)")
    .option("-q, --quiet", "print only the one-line verdict")
    .option("-v, --verbose", "say more on stderr (per-region timings and errors)")
    // Escape hatch and benchmark baseline: the AWS SDK's own XML parser for DescribeInstances.
    .addOption(
      new Option("--sdk-parser", "parse DescribeInstances replies with the AWS SDK's parser").hideHelp(),
    )
    .addHelpText("after", "\nRun imds <command> --help for a command's options and examples.");

  const auditCmd = program
    .command("audit")
    .description("show where IMDSv1 is still allowed: account defaults, instances, launch templates, AMIs")
    .addOption(
      new Option("--states <list>", "instance states to read")
        .argParser(stateList)
        .default([...DEFAULT_STATES], DEFAULT_STATES.join(",")),
    )
    .option("--max-hop-limit <n>", "warn above this hop limit", intIn(1, 64), 2)
    .addOption(
      new Option("--fail-on <severity>", "lowest severity that makes the exit code 1")
        .choices(["fail", "warn", "never"])
        .default("fail"),
    )
    .option("--max-rows <n>", "rows in the findings table (0: all)", intIn(0, 1_000_000), 20)
    .option(
      "--usage [days]",
      "read IMDSv1 calls per instance from CloudWatch over DAYS (default 14) and say which are ready",
      intIn(1, 455),
    )
    .addHelpText("after", AUDIT_EXAMPLES)
    .action(async (_opts, cmd: Command) => {
      const raw = cmd.optsWithGlobals<
        RawGlobals & Omit<AuditOptions, keyof GlobalOptions | "usageDays"> & { usage?: true | number }
      >();
      const opts: AuditOptions = {
        ...globalsFrom(raw, io, env),
        states: raw.states,
        maxHopLimit: raw.maxHopLimit,
        failOn: raw.failOn,
        maxRows: raw.maxRows,
        usageDays: raw.usage === undefined ? undefined : raw.usage === true ? 14 : raw.usage,
      };
      // Loaded on demand: --version and --help never pay for the AWS SDK.
      const { audit } = await import("./commands/audit.js");
      setCode(await audit(opts, io));
    });
  addScopeOptions(auditCmd);

  const enforceCmd = program
    .command("enforce")
    .description(
      "require IMDSv2: account defaults in every region in scope, and with --instances existing instances",
    )
    .option("--instances", "also require IMDSv2 on existing instances")
    .option("--instance-ids <list>", "only these instances (implies --instances)", instanceIds)
    .option(
      "--tag <key=value>",
      "only instances with this tag; repeat to require several (implies --instances)",
      tagPair,
    )
    .option("--exclude-tag <key=value>", "leave instances with this tag alone; repeatable", tagPair)
    .addOption(
      new Option("--states <list>", "instance states to change")
        .argParser(stateList)
        .default([...DEFAULT_STATES], DEFAULT_STATES.join(",")),
    )
    .option("--hop-limit <n|no-preference>", "also set the hop limit (2 suits containers)", hopLimit)
    .option("--max-changes <n>", "refuse a plan that changes more instances than this", intIn(0, 10_000_000))
    .option(
      "--usage-days <n>",
      "days of CloudWatch IMDSv1 evidence that decide which instances are safe",
      intIn(1, 455),
      14,
    )
    .option("--force", "change instances even when they still call IMDSv1, or their evidence cannot be read");
  addChangeOptions(enforceCmd)
    .addHelpText("after", ENFORCE_EXAMPLES)
    .action(async (_opts, cmd: Command) => {
      const raw = cmd.optsWithGlobals<RawGlobals & RawChange & RawEnforce>();
      const { enforce } = await import("./commands/enforce.js");
      setCode(
        await enforce(
          {
            ...changeOptionsFrom(raw, io, env),
            instances: Boolean(raw.instances || raw.instanceIds || raw.tag),
            instanceIds: raw.instanceIds,
            tags: raw.tag ?? [],
            excludeTags: raw.excludeTag ?? [],
            states: raw.states,
            hopLimit: raw.hopLimit,
            maxChanges: raw.maxChanges,
            usageDays: raw.usageDays,
            force: Boolean(raw.force),
            args,
          },
          io,
        ),
      );
    });
  addScopeOptions(enforceCmd);

  const rollbackCmd = program
    .command("rollback")
    .description("restore the settings a journal recorded, where nothing changed them since")
    .argument("<journal>", "a journal written by imds enforce or imds rollback", existingFile)
    .option("--regions <list>", "only these regions (comma-separated)", regionList)
    .option("--instance-ids <list>", "only these instances", instanceIds);
  addChangeOptions(rollbackCmd)
    .addHelpText("after", ROLLBACK_EXAMPLES)
    .action(async (journal: string, _opts, cmd: Command) => {
      const raw = cmd.optsWithGlobals<RawGlobals & RawChange & RawEnforce>();
      const { rollback } = await import("./commands/rollback.js");
      setCode(
        await rollback(
          {
            ...changeOptionsFrom(raw, io, env),
            journalToRestore: journal,
            instanceIds: raw.instanceIds,
            args,
          },
          io,
        ),
      );
    });
  program
    .command("watch")
    .description(
      "after enforce: name the changed instances that have rejected IMDSv1 calls since (CloudWatch)",
    )
    .argument("<journal>", "a journal written by imds enforce", existingFile)
    .option("--regions <list>", "only these regions (comma-separated)", regionList)
    .addHelpText("after", WATCH_EXAMPLES)
    .action(async (journal: string, _opts, cmd: Command) => {
      const raw = cmd.optsWithGlobals<RawGlobals>();
      const { watch } = await import("./commands/watch.js");
      setCode(await watch({ ...globalsFrom(raw, io, env), journal }, io));
    });
  return program;
}
