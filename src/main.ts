// Entry point: runs the CLI and turns every outcome into an exit code. Never throws.
import { CommanderError } from "@commander-js/extra-typings";
import { buildProgram } from "./cli/program.js";
import type { CommandIO } from "./commands/options.js";
import { EXIT, signalExitCode } from "./core/exit-code.js";
import { errorLine, firstLine } from "./core/text.js";
import { IncompleteError, UsageError } from "./errors.js";
import { Interrupt, STOP_SIGNALS, type StopSignal } from "./io/interrupt.js";

export async function main(
  argv: string[],
  io: CommandIO = {
    stdout: process.stdout,
    stderr: process.stderr,
    // Made when a command asks (enforce's prompt): opening stdin costs every run a millisecond.
    get stdin() {
      return process.stdin;
    },
    interrupt: new Interrupt(),
  },
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const { program, outcome } = buildProgram({ argv, io, env });
  const onSignal = (signal: StopSignal) => {
    if (io.interrupt.graceful && !io.interrupt.requested) {
      io.interrupt.signal = signal;
      const how = signal === "SIGINT" ? "Ctrl-C" : signal;
      io.stderr.write(
        `\nimds: stopping: finishing the changes in flight (${how} received; Ctrl-C again to quit now)\n`,
      );
      return;
    }
    io.stderr.write(`\nimds: ${signal === "SIGINT" ? "interrupted" : `ended by ${signal}`}\n`);
    process.exit(signalExitCode(signal));
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  try {
    if (argv.length <= 2) {
      program.outputHelp();
      return EXIT.usage;
    }
    await program.parseAsync(argv);
    return outcome.code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with exit code 0; parse errors were already printed, one line.
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (err instanceof UsageError) {
      io.stderr.write(`imds: ${errorLine(err.message)}\n`);
      return EXIT.usage;
    }
    if (err instanceof IncompleteError) {
      io.stderr.write(`imds: ${errorLine(err.message)}\n`);
      return EXIT.incomplete;
    }
    const e = err as Error;
    io.stderr.write(`imds: ${errorLine(`unexpected error: ${e?.name ?? "Error"}: ${firstLine(e)}`)}\n`);
    if (argv.includes("--verbose") || argv.includes("-v")) io.stderr.write(`${e?.stack ?? ""}\n`);
    return EXIT.incomplete;
  } finally {
    for (const signal of STOP_SIGNALS) process.removeListener(signal, onSignal);
  }
}
