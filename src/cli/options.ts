// Every option imds takes, each spelled, checked and defaulted here once, and the groups commands
// add them in. Option types come from these declarations (@commander-js/extra-typings); values
// are checked by ./parsers.ts. Where two commands word an option differently, a function takes
// the wording and nothing else.
import { type Command, Option, type OptionValues } from "@commander-js/extra-typings";
import { DEFAULT_ROLE_NAME } from "../core/next-command.js";
import { DEFAULT_STATES, type FailOn } from "../core/types.js";
import { FORMATS, type Format } from "../render/formats.js";
import {
  accountIds,
  endpointUrl,
  enforceHopLimit,
  existingFile,
  externalId,
  formatList,
  instanceIds,
  intIn,
  newJournal,
  ouIds,
  outputDir,
  outputFile,
  profileName,
  regionList,
  regionName,
  roleArnTemplate,
  roleName,
  shardSpec,
  stateList,
  tagPair,
} from "./parsers.js";

// biome-ignore lint/suspicious/noExplicitAny: a group adds to any command, whatever its arguments.
type Args = any[];

/** Days of CloudWatch IMDSv1 evidence read when no number is given. */
export const EVIDENCE_DAYS = 14;
const evidenceDays = intIn(1, 455);
const FAIL_ON = ["fail", "warn", "never"] as const satisfies readonly FailOn[];

/** Options every command takes, on the program (shown under "Global Options" in each command's help). */
export function addGlobalOptions<A extends Args, O extends OptionValues, G extends OptionValues>(
  cmd: Command<A, O, G>,
) {
  return (
    cmd
      .addOption(
        new Option(
          "--profile <name>",
          "AWS profile from the shared config (default: the standard credential chain)",
        ).argParser(profileName),
      )
      .addOption(
        new Option("--region <region>", "home region for global calls (STS, DescribeRegions)").argParser(
          regionName,
        ),
      )
      .addOption(
        new Option(
          "--endpoint-url <url>",
          "EC2 and STS endpoint (the bundled simulator, LocalStack, moto)",
        ).argParser(endpointUrl),
      )
      .addOption(
        new Option(
          "--concurrency <n>",
          "read calls in flight at once, across all regions (writes are paced per region)",
        )
          .argParser(intIn(1, 256))
          .default(32),
      )
      .addOption(
        new Option(
          "--timeout <seconds>",
          "longest wait for one AWS call, retries included, and for credentials: a region that does not answer is marked incomplete",
        )
          .argParser(intIn(1, 3600))
          .default(30),
      )
      .addOption(
        new Option(
          "--format <formats>",
          "report format; several at once (comma-separated) with --output-dir. sarif, ocsf, asff, junit and html are for imds audit",
        )
          .choices(FORMATS)
          .argParser(formatList)
          .default(["table"] as Format[], "table"),
      )
      .addOption(
        new Option(
          "--output <file>",
          "write the report to FILE instead of stdout (a file is replaced atomically; a device or pipe is written to)",
        ).argParser(outputFile),
      )
      .addOption(
        new Option(
          "--output-dir <dir>",
          "write one file per --format to DIR, named imds-<command>-<account>-<time>.<ext> (for cron and CI)",
        )
          .argParser(outputDir)
          .conflicts("output"),
      )
      .addOption(
        new Option(
          "--config <file>",
          "config file (default: imds.config.yaml, .yml or .json here or in a parent folder)",
        ).argParser(existingFile),
      )
      .addOption(new Option("--no-config", "read no config file"))
      .addOption(new Option("--no-color", "no colors (also NO_COLOR=1)"))
      .addOption(new Option("-q, --quiet", "print only the one-line verdict"))
      .addOption(new Option("-v, --verbose", "say more on stderr (per-region timings and errors)"))
      // Escape hatch and benchmark baseline: the AWS SDK's own XML parser for DescribeInstances.
      .addOption(
        new Option("--sdk-parser", "parse DescribeInstances replies with the AWS SDK's parser").hideHelp(),
      )
  );
}

/** --regions, as every command that covers regions spells and checks it. */
export function regionsOption(description = "only these regions (comma-separated)") {
  return new Option("--regions <list>", description).argParser(regionList);
}

export const excludeRegionsOption = () =>
  new Option("--exclude-regions <list>", "leave these regions out (comma-separated)").argParser(regionList);

/** Which regions: audit and enforce. --all-regions overrides a configured region list. */
export function addScopeOptions<A extends Args, O extends OptionValues, G extends OptionValues>(
  cmd: Command<A, O, G>,
) {
  return cmd
    .addOption(regionsOption())
    .addOption(excludeRegionsOption())
    .addOption(
      new Option(
        "--all-regions",
        "every enabled region (the default; overrides a configured region list)",
      ).conflicts("regions"),
    );
}

/** What enforce and rollback share: planning, confirming, journaling, pacing and verifying changes. */
export function addChangeOptions<A extends Args, O extends OptionValues, G extends OptionValues>(
  cmd: Command<A, O, G>,
) {
  return cmd
    .addOption(
      new Option(
        "--dry-run",
        "show the plan and ask AWS (DryRun=true) whether it is permitted; change nothing",
      ),
    )
    .addOption(
      new Option("-y, --yes", "apply without asking (needed to change instances without a terminal)"),
    )
    .addOption(
      new Option(
        "--journal <file>",
        "where to journal every change (default: imds-<command>-<account>-<time>.jsonl)",
      ).argParser(newJournal),
    )
    .addOption(
      new Option("--wait <seconds>", "how long to wait for changes to show as applied")
        .argParser(intIn(0, 3600))
        .default(120),
    )
    .addOption(
      new Option(
        "--write-rate <n>",
        "instance changes per second per region (AWS's bucket refills 5/s)",
      ).argParser(intIn(1, 1000)),
    )
    .addOption(
      new Option(
        "--write-burst <n>",
        "instance changes at once before pacing (AWS's bucket holds 100)",
      ).argParser(intIn(1, 1000)),
    )
    .addOption(maxRowsOption("changes"))
    .addOption(
      new Option("--detail", "organization runs: a row per account and region, not one per account"),
    );
}

/** --states: which instance states a command reads (audit) or changes (enforce). */
export function statesOption(description: string) {
  return new Option("--states <list>", description)
    .argParser(stateList)
    .default([...DEFAULT_STATES] as string[], DEFAULT_STATES.join(","));
}

/** --max-rows: rows in a report's table (the findings or the changes). */
export function maxRowsOption(what: string) {
  return new Option("--max-rows <n>", `rows in the ${what} table (0: all)`)
    .argParser(intIn(0, 1_000_000))
    .default(20);
}

/**
 * The evidence window, one option object for audit and enforce: `--usage` alone means 14 days.
 * audit reads evidence only when given it; enforce always does, over 14 days unless given it.
 */
const evidenceOption = new Option(
  "--usage [days]",
  "read DAYS of CloudWatch evidence of IMDSv1 calls per instance, and say which are ready",
)
  .preset(String(EVIDENCE_DAYS))
  .argParser(evidenceDays);

/** The name enforce gave the evidence window before --usage: kept, hidden, so scripts do not break. */
const evidenceAliasOption = new Option("--usage-days <n>", "the old name of --usage on enforce")
  .argParser(evidenceDays)
  .conflicts("usage")
  .hideHelp();

export const maxHopLimitOption = () =>
  new Option(
    "--max-hop-limit <n>",
    "warn above this hop limit (where no hop-limit rule of the config applies)",
  )
    .argParser(intIn(1, 64))
    .default(2);

export const failOnOption = () =>
  new Option("--fail-on <severity>", "lowest severity that makes the exit code 1")
    .choices(FAIL_ON)
    .default("fail");

/** What audit alone takes. */
export function addAuditOptions<A extends Args, O extends OptionValues, G extends OptionValues>(
  cmd: Command<A, O, G>,
) {
  return cmd
    .addOption(statesOption("instance states to read"))
    .addOption(maxHopLimitOption())
    .addOption(failOnOption())
    .addOption(maxRowsOption("findings"))
    .addOption(evidenceOption)
    .addOption(
      new Option(
        "--to-security-hub",
        "also import the findings into AWS Security Hub in each audited region (BatchImportFindings), and resolve the ones now fixed",
      ),
    );
}

/** --instance-ids: enforce and rollback narrow to these instances. */
export function instanceIdsOption(description: string) {
  return new Option("--instance-ids <list>", description).argParser(instanceIds);
}

/** What enforce alone takes: which instances, which settings, and how careful to be. */
export function addEnforceOptions<A extends Args, O extends OptionValues, G extends OptionValues>(
  cmd: Command<A, O, G>,
) {
  return cmd
    .addOption(new Option("--instances", "also require IMDSv2 on existing instances"))
    .addOption(instanceIdsOption("only these instances (implies --instances)").implies({ instances: true }))
    .addOption(
      new Option(
        "--tag <key=value>",
        "only instances with this tag; repeat to require several (implies --instances)",
      )
        .argParser(tagPair)
        .implies({ instances: true }),
    )
    .addOption(
      new Option("--exclude-tag <key=value>", "leave instances with this tag alone; repeatable").argParser(
        tagPair,
      ),
    )
    .addOption(statesOption("instance states to change"))
    .addOption(
      new Option(
        "--hop-limit <n|no-preference|policy>",
        "also lower hop limits above N to N (2 suits containers; lower ones are kept); policy: lower each to its config hop-limit rule",
      ).argParser(enforceHopLimit),
    )
    .addOption(
      new Option(
        "--raise-hop-limit",
        "with --hop-limit N: set exactly N, raising lower hop limits too (loosens: containers reach IMDS)",
      ),
    )
    .addOption(
      new Option("--max-changes <n>", "refuse a plan that changes more instances than this").argParser(
        intIn(0, 10_000_000),
      ),
    )
    .addOption(evidenceOption)
    .addOption(evidenceAliasOption)
    .addOption(
      new Option(
        "--enforce-launches",
        "then turn on HttpTokensEnforced: launches that would allow IMDSv1 fail (every launch template version is checked first)",
      ),
    )
    .addOption(
      new Option(
        "--force",
        "change instances even when they still call IMDSv1 or their evidence cannot be read; with --enforce-launches, enforce even where launch templates would fail",
      ),
    )
    .addOption(
      new Option(
        "--launch-templates",
        "also give the account's launch templates a new version that requires IMDSv2 (and make it the default)",
      ),
    )
    .addOption(
      new Option(
        "--asgs",
        "also move Auto Scaling groups pinned to a fixed version to the new one (implies --launch-templates)",
      ).implies({ launchTemplates: true }),
    )
    .addOption(
      new Option(
        "--include-managed",
        "also change templates and groups a service or stack owns (EKS, Beanstalk, ECS, Karpenter, CloudFormation, Terraform)",
      ).implies({ launchTemplates: true }),
    );
}

/** What rollback alone takes. */
export const deleteCreatedOption = () =>
  new Option(
    "--delete-created",
    "delete the launch template versions the run created (default: keep them; their description says imds made them)",
  );
/** Accounts in flight at once when none is given. */
const MAX_ACCOUNTS = 10;

/** How imds gets into member accounts: every command that can act across an organization. */
export function addAccessOptions<A extends Args, O extends OptionValues, G extends OptionValues>(
  cmd: Command<A, O, G>,
) {
  return cmd
    .addOption(
      new Option("--role-name <name>", "the role to assume in each member account (sts:AssumeRole)")
        .argParser(roleName)
        .default(DEFAULT_ROLE_NAME),
    )
    .addOption(
      new Option("--role-arn <arn>", "the role to assume, {account} standing for each account id")
        .argParser(roleArnTemplate)
        .conflicts("roleName"),
    )
    .addOption(
      new Option("--external-id <id>", "the ExternalId the role's trust policy asks for").argParser(
        externalId,
      ),
    )
    .addOption(
      new Option(
        "--max-accounts <n>",
        "accounts in flight at once (calls in flight stay bound by --concurrency)",
      )
        .argParser(intIn(1, 1000))
        .default(MAX_ACCOUNTS),
    );
}

/** --accounts: rollback and watch narrow an organization journal to these accounts. */
export function narrowAccountsOption() {
  return new Option("--accounts <list>", "only these accounts of an organization journal").argParser(
    accountIds,
  );
}

/** Which accounts of an organization: audit and enforce. */
export function addOrgOptions<A extends Args, O extends OptionValues, G extends OptionValues>(
  cmd: Command<A, O, G>,
) {
  return addAccessOptions(
    cmd
      .addOption(
        new Option(
          "--org",
          "every ACTIVE account of the organization (from the management account or a delegated administrator)",
        ).conflicts(["accounts", "accountsFile"]),
      )
      .addOption(
        new Option("--ou <id>", "only the accounts under this OU or root, recursively (repeatable)")
          .argParser(ouIds)
          .conflicts(["accounts", "accountsFile"]),
      )
      .addOption(
        new Option("--accounts <list>", "these accounts (12-digit ids, comma-separated)")
          .argParser(accountIds)
          .conflicts("accountsFile"),
      )
      .addOption(
        new Option(
          "--accounts-file <file>",
          "the accounts in FILE: one id per line, or what aws organizations list-accounts prints",
        ).argParser(existingFile),
      )
      .addOption(new Option("--exclude-accounts <list>", "leave these accounts out").argParser(accountIds))
      .addOption(
        new Option(
          "--shard <i/n>",
          "only shard I of N of the accounts (by account id); merge with imds report merge",
        ).argParser(shardSpec),
      )
      .addOption(
        new Option(
          "--scp-denied-as-excluded",
          "report regions a service control policy denies as excluded, not incomplete",
        ),
      ),
  );
}

/** --detail: audit of an organization shows each account's region table too. */
export const detailOption = () =>
  new Option("--detail", "organization audits: each account's per-region table, after the summary");
