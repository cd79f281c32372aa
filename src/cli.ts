// Commander wiring only: options, choices, help text and examples. Commands live in src/commands.
import { existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import type { AuditOptions } from "./commands/audit.js";
import type { CommandIO, GlobalOptions } from "./commands/options.js";
import { DEFAULT_STATES, INSTANCE_STATES } from "./core/types.js";
import { shouldColor } from "./io/terminal.js";
import { FORMATS, type Format } from "./render/formats.js";
import { VERSION } from "./version.js";

function intIn(min: number, max: number) {
  return (value: string): number => {
    if (!/^-?\d+$/.test(value.trim()))
      throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`);
    const n = Number(value);
    if (n < min || n > max) throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`);
    return n;
  };
}

function list(value: string, previous: string[] = []): string[] {
  const items = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) throw new InvalidArgumentError("must be a comma-separated list");
  return [...previous, ...items];
}

function regionList(value: string, previous: string[] = []): string[] {
  const items = list(value);
  const bad = items.find((r) => !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(r));
  if (bad) throw new InvalidArgumentError(`"${bad}" is not a region name (like eu-west-1)`);
  return [...previous, ...items];
}

function stateList(value: string): string[] {
  const items = list(value);
  const bad = items.find((s) => !(INSTANCE_STATES as readonly string[]).includes(s));
  if (bad)
    throw new InvalidArgumentError(`"${bad}" is not an instance state (${INSTANCE_STATES.join(", ")})`);
  return items;
}

function endpointUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError("must be a URL like http://127.0.0.1:4566");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new InvalidArgumentError("must be http or https");
  return value;
}

function outputFile(value: string): string {
  const dir = dirname(resolve(value));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new InvalidArgumentError(`directory ${dir} does not exist`);
  }
  if (existsSync(value) && statSync(value).isDirectory())
    throw new InvalidArgumentError(`${value} is a directory`);
  return value;
}

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
}

function globalsFrom(raw: RawGlobals, io: CommandIO, env: NodeJS.ProcessEnv): GlobalOptions {
  return {
    aws: {
      profile: raw.profile,
      region: raw.region,
      endpoint: raw.endpointUrl,
      warn: (message) => io.stderr.write(`imds: warning: ${message}\n`),
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
  io: CommandIO,
  env: NodeJS.ProcessEnv,
  setCode: (code: number) => void,
): Command {
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
    .option("--region <region>", "home region for global calls (STS, DescribeRegions)")
    .option(
      "--endpoint-url <url>",
      "EC2 and STS endpoint (the bundled simulator, LocalStack, moto)",
      endpointUrl,
    )
    .option("--concurrency <n>", "API calls in flight at once, across all regions", intIn(1, 256), 32)
    .addOption(new Option("--format <format>", "report format").choices(FORMATS).default("table"))
    .option("--output <file>", "write the report to FILE (atomically) instead of stdout", outputFile)
    .option("--no-color", "no colors (also NO_COLOR=1)")
    .option("-q, --quiet", "print only the one-line verdict")
    .option("-v, --verbose", "say more on stderr (per-region timings and errors)")
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
    .addHelpText("after", AUDIT_EXAMPLES)
    .action(async (_opts, cmd: Command) => {
      const raw = cmd.optsWithGlobals<RawGlobals & Omit<AuditOptions, keyof GlobalOptions>>();
      const opts: AuditOptions = {
        ...globalsFrom(raw, io, env),
        states: raw.states,
        maxHopLimit: raw.maxHopLimit,
        failOn: raw.failOn,
        maxRows: raw.maxRows,
      };
      // Loaded on demand: --version and --help never pay for the AWS SDK.
      const { audit } = await import("./commands/audit.js");
      setCode(await audit(opts, io));
    });
  addScopeOptions(auditCmd);
  return program;
}
