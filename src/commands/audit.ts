// `imds audit`: read every region in scope, evaluate, render, and return the exit code.
import { auditExitCode } from "../core/exit-code.js";
import { assembleReport } from "../core/report.js";
import type { FailOn } from "../core/types.js";
import { evaluateRegions } from "../engine/evaluate-regions.js";
import { emitReport } from "../io/emit.js";
import { progressLine } from "../io/terminal.js";
import { renderAudit } from "../render/index.js";
import { VERSION } from "../version.js";
import type { CommandIO, GlobalOptions } from "./options.js";
import type { OrgRunOptions } from "./org-session.js";
import { openSession } from "./session.js";

export interface AuditOptions extends GlobalOptions {
  states: string[];
  maxHopLimit: number;
  failOn: FailOn;
  maxRows: number;
  /** --usage: days of CloudWatch evidence to read. */
  usageDays?: number | undefined;
  /** --org, --ou, --accounts or --accounts-file: every account in scope. */
  org?: OrgRunOptions | undefined;
  /** Organization runs: each account's region table too. */
  detail?: boolean;
}

export async function audit(opts: AuditOptions, io: CommandIO): Promise<number> {
  const started = Date.now();
  const session = await openSession(opts.aws, opts.scope);
  const progress = progressLine(io.stderr, !opts.quiet);
  progress.update(`imds: reading ${session.regions.length} regions…`);
  const ordered = await evaluateRegions(
    session.clients,
    {
      regions: session.regions,
      states: opts.states,
      maxHopLimit: opts.maxHopLimit,
      evidenceDays: opts.usageDays,
    },
    (scan, done, total) => {
      progress.update(`imds: ${done}/${total} regions read (last: ${scan.region})`);
      if (opts.verbose) {
        progress.done();
        const errs = scan.errors.map((e) => ` ${e.part}: ${e.code}`).join(",");
        io.stderr.write(
          `imds: ${scan.region} read in ${Date.now() - started} ms${errs ? `, errors:${errs}` : ""}\n`,
        );
      }
    },
  );
  progress.done();
  const report = assembleReport(ordered, {
    version: VERSION,
    account: session.account,
    generatedAt: new Date(started),
    durationMs: Date.now() - started,
    ...(opts.aws.endpoint ? { endpoint: opts.aws.endpoint } : {}),
    options: {
      maxHopLimit: opts.maxHopLimit,
      states: opts.states,
      failOn: opts.failOn,
      ...(opts.usageDays === undefined ? {} : { usageDays: opts.usageDays }),
    },
    everyEnabledRegion: !opts.scope.regions?.length && !opts.scope.excludeRegions?.length,
  });

  emitReport(
    io,
    opts,
    (view) => renderAudit(opts.format, report, { ...view, maxRows: opts.maxRows }),
    report.verdict.line,
  );
  return auditExitCode(report, opts.failOn);
}
