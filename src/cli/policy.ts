// Commander wiring of `imds policy` and its four generators, in one block that the CLI adds with
// `registerPolicy(program, wiring)`. Generators load on demand (src/commands/policy.ts).
import { type Command, InvalidArgumentError, Option } from "@commander-js/extra-typings";
import type { CommandIO, GlobalOptions } from "../commands/options.js";
import { UsageError } from "../errors.js";
import { USE_LABELS } from "../policy/actions.js";
import { PARTITIONS, PRINCIPAL_ARN } from "../policy/document.js";
import { IAM_TARGETS } from "../policy/iam.js";
import { DEFAULT_SCP_STATEMENTS, SCP_CATALOG, SCP_STATEMENTS } from "../policy/scp-statements.js";
import { excludeRegionsOption, regionsOption } from "./options.js";
import { hopLimit, intIn, list, roleName } from "./parsers.js";

// biome-ignore lint/suspicious/noExplicitAny: any command of the program, whatever its option types
type AnyCommand = Command<any, any, any>;

export interface PolicyWiring {
  io: CommandIO;
  /** The program's action(run) wrapper: the handler's returned exit code becomes the run's. */
  action: <A extends unknown[]>(run: (...args: A) => Promise<number>) => (...args: A) => Promise<void>;
  /** The global options, read as every command reads them (--output, --quiet, --profile...). */
  globals: () => GlobalOptions;
}

function choiceList<T extends string>(choices: readonly T[], what: string) {
  return (value: string): T[] => {
    const items = list(value);
    const bad = items.find((s) => !(choices as readonly string[]).includes(s));
    if (bad) throw new InvalidArgumentError(`"${bad}" is not ${what} (${choices.join(", ")})`);
    return items as T[];
  };
}

function principalArn(value: string, previous: string[] = []): string[] {
  if (!PRINCIPAL_ARN.test(value)) {
    throw new InvalidArgumentError(
      "must be an IAM role or user ARN (wildcards allowed), like arn:aws:iam::123456789012:role/break-glass",
    );
  }
  return [...previous, value];
}

/** --break-glass-arn: scp, and config show (the config's breakGlassArns). */
export const breakGlassOption = () =>
  new Option(
    "--break-glass-arn <arn>",
    "principal still allowed to change the account defaults and roll back (repeatable)",
  ).argParser(principalArn);

/** --role-name: iam --for org, and config show (the config's roleName). */
export const roleNameOption = () =>
  new Option("--role-name <name>", "org: the role imds assumes in member accounts")
    .argParser(roleName)
    .default("OrganizationAccountAccessRole");

/** Policies are JSON or HCL whatever the report format: refuse a --format that would be ignored. */
function output(cmd: AnyCommand, wiring: PolicyWiring) {
  const source = cmd.getOptionValueSourceWithGlobals("format");
  if (source === "cli" || source === "env") {
    throw new UsageError(
      "--format does not apply to imds policy: it writes JSON (scp, declarative, iam) or HCL",
    );
  }
  const g = wiring.globals();
  return { output: g.output, quiet: g.quiet, aws: g.aws };
}

const partition = () =>
  new Option("--partition <partition>", "AWS partition of the ARNs").choices(PARTITIONS).default("aws");

const SCP_HELP = `
Statements (--statements, comma-separated; default: all but role-delivery):
${SCP_STATEMENTS.map((s) => `  ${s.padEnd(14)} ${SCP_CATALOG[s].summary}`).join("\n")}

Examples:
  $ imds policy scp > imds-scp.json
  $ imds policy scp --statements require-v2,hop-limit,no-downgrade --max-hop-limit 1
  $ imds policy scp --break-glass-arn arn:aws:iam::123456789012:role/break-glass --minify

Checked against AWS's SCP limit of 5,120 characters (minified); over it, exit 2 unless --split.`;

function scpCommand(policy: AnyCommand, wiring: PolicyWiring): void {
  policy
    .command("scp")
    .description("a service control policy that keeps IMDSv2 required in every account it is attached to")
    .option(
      "--statements <list>",
      `statements to include: ${SCP_STATEMENTS.join(", ")}, or all`,
      choiceList([...SCP_STATEMENTS, "all"], "a statement"),
    )
    .option("--max-hop-limit <n>", "hop-limit: the highest hop limit a launch may ask for", intIn(1, 64), 2)
    .addOption(breakGlassOption())
    .addOption(partition())
    .option("--split", "over the size limit, write several policies (a JSON array) instead of refusing")
    .option("--minify", "no white space (the API and CLI count it)")
    .addHelpText("after", SCP_HELP)
    .action(
      wiring.action(async (raw, cmd) => {
        const named = raw.statements ?? [...DEFAULT_SCP_STATEMENTS];
        const arns = raw.breakGlassArn ?? [];
        const wrong = arns.find((a) => a.split(":")[1] !== raw.partition);
        if (wrong) throw new UsageError(`--break-glass-arn ${wrong} is not in partition ${raw.partition}`);
        const { policyScp } = await import("../commands/policy.js");
        const statements = SCP_STATEMENTS.filter((st) => named.includes("all") || named.includes(st));
        if (cmd.getOptionValueSource("maxHopLimit") === "cli" && !statements.includes("hop-limit"))
          throw new UsageError(
            "--max-hop-limit applies to the hop-limit statement, which --statements leaves out: add hop-limit to --statements, or drop --max-hop-limit",
          );
        return policyScp(
          {
            ...output(cmd, wiring),
            statements,
            maxHopLimit: raw.maxHopLimit,
            breakGlassArns: arns,
            partition: raw.partition,
            split: Boolean(raw.split),
            minify: Boolean(raw.minify),
          },
          wiring.io,
        );
      }),
    );
}

function declarativeCommand(policy: AnyCommand, wiring: PolicyWiring): void {
  policy
    .command("declarative")
    .description("an AWS Organizations declarative policy (EC2) that sets every account's IMDS defaults")
    .option("--hop-limit <n|no-preference>", "default hop limit for new instances", hopLimit, 2)
    .addOption(
      new Option("--tokens-enforced <state>", "http_tokens_enforced: refuse launches that would allow IMDSv1")
        .choices(["enabled", "disabled", "no-preference"])
        .default("enabled"),
    )
    .option("--exception-message <text>", "what a refused caller is told (exception_message)")
    .addHelpText(
      "after",
      "\nExamples:\n  $ imds policy declarative > imds-declarative.json\n  $ imds policy declarative --tokens-enforced disabled --hop-limit no-preference",
    )
    .action(
      wiring.action(async (raw, cmd) => {
        const { policyDeclarative } = await import("../commands/policy.js");
        return policyDeclarative(
          {
            ...output(cmd, wiring),
            hopLimit: raw.hopLimit,
            tokensEnforced: raw.tokensEnforced,
            exceptionMessage: raw.exceptionMessage,
          },
          wiring.io,
        );
      }),
    );
}

function iamCommand(policy: AnyCommand, wiring: PolicyWiring): void {
  const uses = Object.entries(USE_LABELS).map(([u, label]) => `  ${u.padEnd(12)} ${label}`);
  policy
    .command("iam")
    .description("the least-privilege IAM policy imds itself needs, from the table of actions it calls")
    .requiredOption(
      "--for <list>",
      `what the policy is for: ${IAM_TARGETS.join(", ")} (comma-separated)`,
      choiceList(IAM_TARGETS, "a command"),
    )
    .addOption(roleNameOption())
    .addOption(partition())
    .addHelpText(
      "after",
      `\n--for:\n${uses.join("\n")}\n\nExamples:\n  $ imds policy iam --for audit\n  $ imds policy iam --for enforce,rollback,watch --output imds-operator.json`,
    )
    .action(
      wiring.action(async (raw, cmd) => {
        const { policyIam } = await import("../commands/policy.js");
        return policyIam(
          { ...output(cmd, wiring), for: raw.for, roleName: raw.roleName, partition: raw.partition },
          wiring.io,
        );
      }),
    );
}

function terraformCommand(policy: AnyCommand, wiring: PolicyWiring): void {
  policy
    .command("terraform")
    .description("aws_ec2_instance_metadata_defaults for each region in scope, one provider alias each")
    .addOption(regionsOption("these regions (default: every region enabled for the account)"))
    .addOption(excludeRegionsOption())
    .option("--hop-limit <n|no-preference>", "default hop limit for new instances", hopLimit, 2)
    .addHelpText(
      "after",
      "\nExamples:\n  $ imds policy terraform --regions eu-west-1,us-east-1 > imds-defaults.tf\n  $ imds policy terraform --profile prod --exclude-regions ap-east-1 --output imds-defaults.tf\n\nWithout --regions, reads the account's enabled regions (sts:GetCallerIdentity, ec2:DescribeRegions).",
    )
    .action(
      wiring.action(async (raw, cmd) => {
        const { policyTerraform } = await import("../commands/policy.js");
        const scope = { regions: raw.regions, excludeRegions: raw.excludeRegions };
        return policyTerraform({ ...output(cmd, wiring), hopLimit: raw.hopLimit, scope }, wiring.io);
      }),
    );
}

export function registerPolicy(program: AnyCommand, wiring: PolicyWiring): void {
  const policy = program
    .command("policy")
    .description("generate the policies that keep IMDSv2 required: scp, declarative, iam, terraform");
  scpCommand(policy, wiring);
  declarativeCommand(policy, wiring);
  iamCommand(policy, wiring);
  terraformCommand(policy, wiring);
}
