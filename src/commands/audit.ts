// `imds audit`: read every region in scope, evaluate, render, and return the exit code.
import { auditExitCode, EXIT } from "../core/exit-code.js";
import { assembleReport, type EvaluatedRegion, evaluateRegion, InstanceTally } from "../core/report.js";
import type { FailOn } from "../core/types.js";
import { scanEach } from "../engine/scan.js";
import { emitFormats, reportBaseName } from "../io/emit.js";
import { progressLine } from "../io/terminal.js";
import { renderAudit } from "../render/index.js";
import { sarifCuts } from "../render/sarif.js";
import { VERSION } from "../version.js";
import type { CommandIO, FormatsOptions, GlobalOptions } from "./options.js";
import { toSecurityHub } from "./security-hub.js";
import { openSession } from "./session.js";

export interface AuditOptions extends Omit<GlobalOptions, "format">, FormatsOptions {
  /** --to-security-hub: import the findings into Security Hub in each audited region. */
  toSecurityHub: boolean;
  states: string[];
  maxHopLimit: number;
  failOn: FailOn;
  maxRows: number;
  /** --usage: days of CloudWatch evidence to read. */
  usageDays?: number | undefined;
}

export async function audit(opts: AuditOptions, io: CommandIO): Promise<number> {
  const started = Date.now();
  const session = await openSession(opts.aws, opts.scope);
  const progress = progressLine(io.stderr, !opts.quiet);
  progress.update(`imds: reading ${session.regions.length} regions…`);
  // Instances are evaluated page by page as they arrive, and each region as soon as it is read, so
  // memory holds one compact copy of each resource and no raw records.
  const evaluate = { maxHopLimit: opts.maxHopLimit };
  const tallies = new Map(session.regions.map((r) => [r, new InstanceTally(r, evaluate)]));
  const evaluated = new Map<string, EvaluatedRegion>();
  await scanEach(
    session.clients,
    { regions: session.regions, states: opts.states, evidenceDays: opts.usageDays },
    {
      onInstances(region, page) {
        tallies.get(region)?.add(page);
      },
      onRegionDone(scan, done, total) {
        // A read that failed part-way reports no instances rather than some of them.
        const failed = scan.errors.some((e) => e.part === "instances");
        const tally = failed ? undefined : tallies.get(scan.region);
        tallies.delete(scan.region);
        evaluated.set(scan.region, evaluateRegion(scan, evaluate, tally));
        progress.update(`imds: ${done}/${total} regions read (last: ${scan.region})`);
        if (opts.verbose) {
          progress.done();
          const errs = scan.errors.map((e) => ` ${e.part}: ${e.code}`).join(",");
          io.stderr.write(
            `imds: ${scan.region} read in ${Date.now() - started} ms${errs ? `, errors:${errs}` : ""}\n`,
          );
        }
      },
    },
  );
  progress.done();

  const ordered = session.regions.flatMap((r) => evaluated.get(r) ?? []);
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

  if (opts.formats.includes("sarif") && !opts.quiet)
    for (const cut of sarifCuts(report)) io.stderr.write(`imds: ${cut}\n`);
  emitFormats(
    io,
    opts,
    (format, view) => renderAudit(format, report, { ...view, maxRows: opts.maxRows }),
    report.verdict.line,
    reportBaseName("audit", report.account.id, report.generatedAt),
  );
  const imported = opts.toSecurityHub ? await toSecurityHub(session, report, io, opts) : true;
  return imported ? auditExitCode(report, opts.failOn) : EXIT.incomplete;
}
