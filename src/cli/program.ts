// Commander wiring only: the program, its commands, which option groups each takes, help text.
// Options are declared in ./options.ts, checked by ./parsers.ts, and turned into each command's
// options by ./settings.ts; the commands themselves live in src/commands.
import { Command } from "@commander-js/extra-typings";
import type { AuditOptions } from "../commands/audit.js";
import type { EnforceOptions } from "../commands/enforce.js";
import type { CommandIO } from "../commands/options.js";
import type { RollbackOptions } from "../commands/rollback.js";
import type { WatchOptions } from "../commands/watch.js";
import { EXIT } from "../core/exit-code.js";
import { errorLine } from "../core/text.js";
import type { ReportFormat } from "../render/formats.js";
import { VERSION } from "../version.js";
import { actionFor, type Outcome } from "./action.js";
import { configHook, registerConfig } from "./config.js";
import {
  AUDIT_EXAMPLES,
  ENFORCE_EXAMPLES,
  PROGRAM_FOOTER,
  ROLLBACK_EXAMPLES,
  WATCH_EXAMPLES,
} from "./examples.js";
import {
  addAccessOptions,
  addAuditOptions,
  addChangeOptions,
  addEnforceOptions,
  addGlobalOptions,
  addOrgOptions,
  addScopeOptions,
  deleteCreatedOption,
  detailOption,
  excludeRegionsOption,
  instanceIdsOption,
  narrowAccountsOption,
  regionsOption,
} from "./options.js";
import { existingFile } from "./parsers.js";
import { registerPolicy } from "./policy.js";
import { registerReport } from "./report.js";
import { auditFrom, type CliContext, enforceFrom, globalsFrom, rollbackFrom, watchFrom } from "./settings.js";

/** What each command does once its options are parsed; returns the exit code. */
export interface Commands {
  audit(opts: AuditOptions, io: CommandIO): Promise<number>;
  enforce(opts: EnforceOptions, io: CommandIO): Promise<number>;
  rollback(opts: RollbackOptions, io: CommandIO): Promise<number>;
  watch(opts: WatchOptions, io: CommandIO): Promise<number>;
}

/** The commands, each loaded when it runs: --version and --help never pay for the AWS SDK. */
const lazyCommands: Commands = {
  audit: async (opts, io) =>
    opts.org
      ? (await import("../commands/org-audit.js")).orgAudit(
          { ...opts, org: opts.org, detail: opts.detail === true },
          io,
        )
      : (await import("../commands/audit.js")).audit(opts, io),
  enforce: async (opts, io) =>
    opts.org
      ? (await import("../commands/org-enforce.js")).orgEnforce({ ...opts, org: opts.org }, io)
      : (await import("../commands/enforce.js")).enforce(opts, io),
  rollback: async (opts, io) => (await import("../commands/rollback.js")).rollback(opts, io),
  watch: async (opts, io) => (await import("../commands/watch.js")).watch(opts, io),
};

export interface ProgramInput {
  /** process.argv as given: the node binary, the script, then the command line. */
  argv: readonly string[];
  io: CommandIO;
  env: NodeJS.ProcessEnv;
  commands?: Commands;
  /** Where the config file search starts (default: the working directory). */
  cwd?: string;
  /** The clock exceptions are judged by (default: the system clock). */
  now?: () => Date;
}

/** One line, said once: commander's own message, then where to look. */
function oneLine(message: string, write: (s: string) => void): void {
  const text = message
    .trim()
    .replace(/^error: /, "")
    .replace(/\s*\n\s*/g, " ");
  write(`imds: ${errorLine(text)} (see imds --help)\n`);
}

function rootCommand(io: CommandIO) {
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
      outputError: oneLine,
    });
  return addGlobalOptions(program).addHelpText("after", PROGRAM_FOOTER);
}

/** rollback and watch: the commands that start from a journal. */
function addJournalCommands(
  program: ReturnType<typeof rootCommand>,
  ctx: CliContext,
  action: ReturnType<typeof actionFor>,
  commands: Commands,
): void {
  const { io } = ctx;
  addAccessOptions(
    addChangeOptions(
      program
        .command("rollback")
        .description("restore the settings a journal recorded, where nothing changed them since")
        .argument("<journal>", "a journal written by imds enforce or imds rollback", existingFile)
        .addOption(regionsOption())
        .addOption(excludeRegionsOption())
        .addOption(instanceIdsOption("only these instances"))
        .addOption(deleteCreatedOption())
        .addOption(narrowAccountsOption()),
    ),
  )
    .addHelpText("after", ROLLBACK_EXAMPLES)
    .action(
      action(async (journal, _opts, cmd) =>
        commands.rollback(rollbackFrom(journal, cmd.optsWithGlobals(), ctx), io),
      ),
    );

  addAccessOptions(
    program
      .command("watch")
      .description(
        "after enforce: name the changed instances that have rejected IMDSv1 calls since (CloudWatch)",
      )
      .argument("<journal>", "a journal written by imds enforce", existingFile)
      .addOption(regionsOption())
      .addOption(narrowAccountsOption()),
  )
    .addHelpText("after", WATCH_EXAMPLES)
    .action(
      action(async (journal, _opts, cmd) =>
        commands.watch(watchFrom(journal, cmd.optsWithGlobals(), ctx), io),
      ),
    );
}

/** Builds the program; after parseAsync, `outcome.code` holds the exit code of the command that ran. */
export function buildProgram(input: ProgramInput) {
  const { argv, io, env, commands = lazyCommands } = input;
  const ctx: CliContext = {
    io,
    env,
    // The command line as typed after `imds`, for journal headers.
    args: argv.slice(2),
    cwd: input.cwd ?? process.cwd(),
    now: input.now ?? (() => new Date()),
  };
  const outcome: Outcome = { code: EXIT.ok };
  const action = actionFor(outcome);
  // The config file is read before a command runs, never for --version or --help.
  const program = rootCommand(io).hook("preAction", configHook(ctx));

  addOrgOptions(
    addScopeOptions(
      addAuditOptions(
        program
          .command("audit")
          .description(
            "show where IMDSv1 is still allowed: account defaults, instances, launch templates, AMIs",
          ),
      ),
    ),
  )
    .addOption(detailOption())
    .addHelpText("after", AUDIT_EXAMPLES)
    .action(action(async (_opts, cmd) => commands.audit(auditFrom(cmd.optsWithGlobals(), ctx), io)));

  addOrgOptions(
    addScopeOptions(
      addChangeOptions(
        addEnforceOptions(
          program
            .command("enforce")
            .description(
              "require IMDSv2: account defaults in every region in scope, and with --instances existing instances",
            ),
        ),
      ),
    ),
  )
    .addHelpText("after", ENFORCE_EXAMPLES)
    .action(action(async (_opts, cmd) => commands.enforce(enforceFrom(cmd.optsWithGlobals(), ctx), io)));

  addJournalCommands(program, ctx, action, commands);

  // A policy subcommand's globals are the program's: read them with the program's own types.
  const globals = () => globalsFrom(program.opts(), ctx);
  registerPolicy(program, { io, action, globals });
  const checkedGlobals = (command: string, allowed: readonly ReportFormat[]) =>
    globalsFrom(program.opts(), ctx, command, allowed);
  registerReport(program, { io, action, globals: checkedGlobals });
  registerConfig(program, ctx, { io, action, globals: checkedGlobals });
  return { program, outcome };
}
