// Commander wiring of `imds report merge`, added with `registerReport(program, wiring)`; the
// command loads on demand (src/commands/report-merge.ts).
import type { Command } from "@commander-js/extra-typings";
import { detailOption, maxRowsOption } from "./options.js";
import { existingFile } from "./parsers.js";
import type { PolicyWiring } from "./policy.js";

// biome-ignore lint/suspicious/noExplicitAny: any command of the program, whatever its option types
type AnyCommand = Command<any, any, any>;

const MERGE_HELP = `
Examples:
  $ imds audit --org --shard 1/2 --format json --output shard-1.json   (one machine or job)
  $ imds audit --org --shard 2/2 --format json --output shard-2.json   (another)
  $ imds report merge shard-1.json shard-2.json                        the one report, and its exit code

The merged report, in any --format, is the one a single run over every account would have printed
(apart from its times), with the same exit code. Shards that overlap or were run with other options
are refused (exit 2); a shard missing from the list makes the report incomplete (exit 3).`;

function files(value: string, previous: string[] = []): string[] {
  return [...previous, existingFile(value)];
}

export function registerReport(program: AnyCommand, wiring: PolicyWiring): void {
  const report = program
    .command("report")
    .description("work with imds reports: merge the reports of --shard runs");
  report
    .command("merge")
    .description("join the JSON reports of imds audit --org --shard I/N runs into the report of one run")
    .argument("<reports...>", "the JSON reports of every shard (--format json)", files)
    .addOption(maxRowsOption("findings"))
    .addOption(detailOption())
    .addHelpText("after", MERGE_HELP)
    .action(
      wiring.action(async (reports, raw) => {
        const { reportMerge } = await import("../commands/report-merge.js");
        const g = wiring.globals();
        return reportMerge(
          {
            files: reports,
            format: g.format,
            output: g.output,
            color: g.color,
            quiet: g.quiet,
            maxRows: raw.maxRows,
            detail: raw.detail === true,
          },
          wiring.io,
        );
      }),
    );
}
