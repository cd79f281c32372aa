// `imds report diff OLD.json NEW.json`: what changed between two saved audits (exit 1 when anything
// newly fails: a regression gate for CI). `imds report diff DIR`: the compliance trend of every
// audit report under DIR, per day and account (and region, with --detail). Organization reports
// (audit --org) compare account by account; a one-account report beside an organization report is
// compared with that account of it.

import { diffReports } from "../core/diff.js";
import { type ComparableReport, comparable, onlyAccount } from "../core/diff-input.js";
import { diffExitCode, EXIT } from "../core/exit-code.js";
import { echo, plural } from "../core/text.js";
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
  /** The trend: a row per region of each account too. */
  detail: boolean;
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
  const now = last?.percent == null ? "nothing read" : `${last.percent}% compliant`;
  const line = `trend over ${plural(t.days.length, "day")}: ${last ? `${now} on ${t.days.at(-1)}` : "no data"}`;
  emitReport(
    io,
    opts,
    (view) => renderTrend(opts.format, t, { ...view, maxRows: opts.maxRows, detail: opts.detail }),
    line,
  );
  return EXIT.ok;
}

/**
 * The two reports, the older first, as one scope: two one-account reports must be of the same
 * account; beside an organization report, a one-account report is compared with its account there.
 */
function comparablePair(olderPath: string, newerPath: string): [ComparableReport, ComparableReport] {
  let older = comparable(readAuditReport(olderPath));
  let newer = comparable(readAuditReport(newerPath));
  const single = [older, newer].find((r) => r.scope === "account");
  const id = single ? [...single.accounts.keys()][0] : undefined;
  if (older.scope === "account" && newer.scope === "account" && !newer.accounts.has(id ?? ""))
    throw new UsageError(`the reports are of different accounts (${id}, ${[...newer.accounts.keys()][0]})`);
  if (id !== undefined && older.scope !== newer.scope) {
    const [org, path] = older.scope === "organization" ? [older, olderPath] : [newer, newerPath];
    if (!org.accounts.has(id) && !org.leftOut.has(id))
      throw new UsageError(
        `${echo(path)} does not cover account ${id}, the account of the other report: compare it with an organization report that does, or with a report of ${id}`,
      );
    older = onlyAccount(older, id);
    newer = onlyAccount(newer, id);
  }
  return Date.parse(older.generatedAt) <= Date.parse(newer.generatedAt) ? [older, newer] : [newer, older];
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
  if (opts.detail)
    throw new UsageError(
      "--detail adds each account's regions to the trend: give one directory, or drop --detail",
    );
  const [a, b] = comparablePair(opts.older, opts.newer);
  const d = diffReports(a, b, opts.failOn);
  emitReport(
    io,
    opts,
    (view) => renderDiff(opts.format, d, { ...view, maxRows: opts.maxRows }),
    d.verdict.line,
  );
  return diffExitCode(d);
}
