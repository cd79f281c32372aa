// Commander wiring of `imds report` (saved reports): `diff OLD NEW` and `diff DIR` (the trend).
import { type Command, InvalidArgumentError, Option } from "@commander-js/extra-typings";
import type { CommandIO, GlobalOptions } from "../commands/options.js";
import { REPORT_DIFF_EXAMPLES } from "./examples.js";
import { intIn } from "./parsers.js";

// biome-ignore lint/suspicious/noExplicitAny: the program, whatever its option types
type AnyCommand = Command<any, any, any>;

export interface ReportWiring {
  io: CommandIO;
  /** The global options as report diff reads them: its format is one of DIFF_FORMATS. */
  globals: (command: string, allowed: readonly DiffFormat[]) => GlobalOptions;
  action: <A extends unknown[]>(run: (...args: A) => Promise<number>) => (...args: A) => Promise<void>;
}

function existingPath(value: string): string {
  // Checked when the command runs (file or directory); here only that something was given.
  if (value.trim() === "") throw new InvalidArgumentError("must be a report file or a directory");
  return value;
}

export const DIFF_FORMATS = ["table", "markdown", "json"] as const;
type DiffFormat = (typeof DIFF_FORMATS)[number];

export function registerReport(program: AnyCommand, { io, globals, action }: ReportWiring): void {
  const report = program.command("report").description("work with saved reports (imds audit --format json)");
  report
    .command("diff")
    .description("what changed between two audits; with a directory, the compliance trend per day and region")
    .argument("<old>", "the earlier report, or a directory of reports", existingPath)
    .argument("[new]", "the later report", existingPath)
    .addOption(
      new Option("--fail-on <severity>", "lowest severity that counts as failing")
        .choices(["fail", "warn"] as const)
        .default("fail" as const),
    )
    .addOption(
      new Option("--max-rows <n>", "rows in each table (0: all)").argParser(intIn(0, 1_000_000)).default(50),
    )
    .addHelpText("after", REPORT_DIFF_EXAMPLES)
    .action(
      action(async (older, newer, opts) => {
        const g = globals("imds report diff", DIFF_FORMATS);
        const { reportDiff } = await import("../commands/report-diff.js");
        return reportDiff(
          { ...g, format: g.format as DiffFormat, older, newer, failOn: opts.failOn, maxRows: opts.maxRows },
          io,
        );
      }),
    );
}
