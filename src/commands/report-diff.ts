// `imds report diff OLD.json NEW.json`: what changed between two saved audits (exit 1 when anything
// newly fails: a regression gate for CI). `imds report diff DIR`: the compliance trend of every
// audit report under DIR, per day and region.
import { diffReports } from "../core/diff.js";
import { diffExitCode, EXIT } from "../core/exit-code.js";
import { plural } from "../core/text.js";
import { trendOf } from "../core/trend.js";
import type { FailOn } from "../core/types.js";
import { UsageError } from "../errors.js";
import { emitReport } from "../io/emit.js";
import { isDirectory, readAuditReport, readReportDirectory } from "../io/report-file.js";
import { renderDiff, renderTrend } from "../render/diff.js";
import type { CommandIO } from "./options.js";

export interface ReportDiffOptions {
  older: string;
  newer?: string | undefined;
  failOn: Exclude<FailOn, "never">;
  format: "table" | "markdown" | "json";
  maxRows: number;
  output?: string | undefined;
  quiet: boolean;
  color: boolean;
}

function trend(opts: ReportDiffOptions, io: CommandIO): number {
  const { reports, skipped } = readReportDirectory(opts.older);
  if (skipped.length > 0 && !opts.quiet)
    io.stderr.write(`imds: passed over ${plural(skipped.length, "file")} that are not imds audit reports\n`);
  const t = trendOf(reports, opts.failOn);
  const last = t.overall.at(-1);
  const line = `trend over ${plural(t.days.length, "day")}: ${last ? `${last.percent}% compliant on ${t.days.at(-1)}` : "no data"}`;
  emitReport(io, opts, (view) => renderTrend(opts.format, t, { ...view, maxRows: opts.maxRows }), line);
  return EXIT.ok;
}

export async function reportDiff(opts: ReportDiffOptions, io: CommandIO): Promise<number> {
  if (opts.newer === undefined) {
    if (!isDirectory(opts.older))
      throw new UsageError(
        `${opts.older} is one report: give two (OLD.json NEW.json), or a directory of them for the trend`,
      );
    return trend(opts, io);
  }
  if (isDirectory(opts.older) || isDirectory(opts.newer))
    throw new UsageError("compare two report files, or give one directory (alone) for the trend");
  const older = readAuditReport(opts.older);
  const newer = readAuditReport(opts.newer);
  if (older.account.id !== newer.account.id)
    throw new UsageError(`the reports are of different accounts (${older.account.id}, ${newer.account.id})`);
  const [a, b] =
    Date.parse(older.generatedAt) <= Date.parse(newer.generatedAt) ? [older, newer] : [newer, older];
  const d = diffReports(a, b, opts.failOn);
  emitReport(
    io,
    opts,
    (view) => renderDiff(opts.format, d, { ...view, maxRows: opts.maxRows }),
    d.verdict.line,
  );
  return diffExitCode(d);
}
