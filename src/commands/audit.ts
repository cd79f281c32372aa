// `imds audit`: read every region in scope, evaluate, render, and return the exit code.
import { auditExitCode } from "../core/exit-code.js";
import { assembleReport, type EvaluatedRegion, evaluateRegion } from "../core/report.js";
import type { FailOn } from "../core/types.js";
import { scanRegions } from "../engine/scan.js";
import { emitReport } from "../io/emit.js";
import { progressLine } from "../io/terminal.js";
import { renderChunks } from "../render/index.js";
import { VERSION } from "../version.js";
import type { CommandIO, GlobalOptions } from "./options.js";
import { openSession } from "./session.js";

export interface AuditOptions extends GlobalOptions {
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
  // Each region is evaluated as soon as it is read and its raw records dropped, so memory holds
  // one copy of each resource, not two.
  const evaluated = new Map<string, EvaluatedRegion>();
  await scanRegions(session.clients, {
    regions: session.regions,
    states: opts.states,
    concurrency: opts.concurrency,
    usageDays: opts.usageDays,
    onRegionDone(scan, done, total) {
      evaluated.set(scan.region, evaluateRegion(scan, { maxHopLimit: opts.maxHopLimit }));
      scan.instances = undefined;
      scan.templates = undefined;
      scan.images = undefined;
      scan.usage = undefined;
      progress.update(`imds: ${done}/${total} regions read (last: ${scan.region})`);
      if (opts.verbose) {
        progress.done();
        const errs = scan.errors.map((e) => ` ${e.part}: ${e.code}`).join(",");
        io.stderr.write(
          `imds: ${scan.region} read in ${Date.now() - started} ms${errs ? `, errors:${errs}` : ""}\n`,
        );
      }
    },
  });
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

  emitReport(
    io,
    opts,
    (color) => renderChunks(opts.format, report, { color, maxRows: opts.maxRows }),
    report.verdict.line,
  );
  return auditExitCode(report, opts.failOn);
}
