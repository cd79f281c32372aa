// Commander wiring of `imds report` (saved reports): `diff OLD NEW` and `diff DIR` (the trend), and
// `merge A.json B.json ...` (the shards of an organization audit, joined).
import { type Command, InvalidArgumentError, Option } from "@commander-js/extra-typings";
import type { CommandIO, GlobalOptions } from "../commands/options.js";
import { REPORT_FORMATS, type ReportFormat } from "../render/formats.js";
import { REPORT_DIFF_EXAMPLES, REPORT_MERGE_EXAMPLES } from "./examples.js";
import { detailOption, maxRowsOption } from "./options.js";
import { existingFile, intIn } from "./parsers.js";

// biome-ignore lint/suspicious/noExplicitAny: the program, whatever its option types
type AnyCommand = Command<any, any, any>;

export interface ReportWiring {
  io: CommandIO;
  /** The global options as report diff reads them: its format is one of DIFF_FORMATS. */
  globals: (command: string, allowed: readonly ReportFormat[]) => GlobalOptions;
  action: <A extends unknown[]>(run: (...args: A) => Promise<number>) => (...args: A) => Promise<void>;
}

function existingPath(value: string): string {
  // Checked when the command runs (file or directory); here only that something was given.
  if (value.trim() === "") throw new InvalidArgumentError("must be a report file or a directory");
  return value;
}

const DIFF_FORMATS = ["table", "markdown", "json"] as const;
type DiffFormat = (typeof DIFF_FORMATS)[number];

export function registerReport(program: AnyCommand, { io, globals, action }: ReportWiring): void {
  const report = program.command("report").description("work with saved reports (imds audit --format json)");
  report
    .command("diff")
    .description(
      "what changed between two audits (one account or an organization); with a directory, the compliance trend per day and account",
    )
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
    .addOption(new Option("--detail", "the trend (a directory): each account's regions too"))
    .addHelpText("after", REPORT_DIFF_EXAMPLES)
    .action(
      action(async (older, newer, opts) => {
        const g = globals("imds report diff", DIFF_FORMATS);
        const { reportDiff } = await import("../commands/report-diff.js");
        return reportDiff(
          {
            ...g,
            format: g.format as DiffFormat,
            older,
            newer,
            failOn: opts.failOn,
            maxRows: opts.maxRows,
            detail: opts.detail === true,
          },
          io,
        );
      }),
    );
  mergeCommand(report, { io, globals, action });
}

function files(value: string, previous: string[] = []): string[] {
  return [...previous, existingFile(value)];
}

function mergeCommand(report: AnyCommand, { io, globals, action }: ReportWiring): void {
  report
    .command("merge")
    .description("join the JSON reports of imds audit --org --shard I/N runs into the report of one run")
    .argument("<reports...>", "the JSON reports of every shard (--format json)", files)
    .addOption(maxRowsOption("findings"))
    .addOption(detailOption())
    .addHelpText("after", REPORT_MERGE_EXAMPLES)
    .action(
      action(async (reports: string[], raw: { maxRows: number; detail?: true }) => {
        const g = globals("imds report merge", REPORT_FORMATS);
        const { reportMerge } = await import("../commands/report-merge.js");
        return reportMerge({ ...g, files: reports, maxRows: raw.maxRows, detail: raw.detail === true }, io);
      }),
    );
}
