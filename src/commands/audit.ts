// `imds audit`: read every region in scope, evaluate, render, and return the exit code.
import { auditExitCode, EXIT } from "../core/exit-code.js";
import { invocationOf } from "../core/next-command.js";
import { assembleReport } from "../core/report.js";
import { type ConfigRules, resourceRules } from "../core/resource-rules.js";
import type { FailOn } from "../core/types.js";
import { evaluateRegions } from "../engine/evaluate-regions.js";
import { emitFormats, reportBaseName } from "../io/emit.js";
import { progressLine } from "../io/terminal.js";
import { renderAudit } from "../render/index.js";
import { sarifCuts } from "../render/sarif.js";
import { VERSION } from "../version.js";
import type { CommandIO, FormatsOptions, GlobalOptions } from "./options.js";
import type { OrgRunOptions } from "./org-session.js";
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
  evidenceDays?: number | undefined;
  /** The config file's exceptions and hop-limit rules. */
  rules: ConfigRules;
  /** When the audit runs: exceptions expire by it. */
  now: Date;
  /** The config file read, for the report. */
  configFile?: string | undefined;
  /** --org, --ou, --accounts or --accounts-file: every account in scope. */
  org?: OrgRunOptions | undefined;
  /** Organization runs: each account's region table too. */
  detail?: boolean;
}

/** The audit options that shaped the findings, as the report echoes them. */
export function optionsEcho(opts: AuditOptions) {
  return {
    maxHopLimit: opts.maxHopLimit,
    states: opts.states,
    failOn: opts.failOn,
    ...(opts.evidenceDays === undefined ? {} : { usageDays: opts.evidenceDays }),
    ...(opts.configFile === undefined ? {} : { config: opts.configFile }),
  };
}

export async function audit(opts: AuditOptions, io: CommandIO): Promise<number> {
  const started = Date.now();
  const session = await openSession(opts.aws, opts.scope);
  const progress = progressLine(io.stderr, !opts.quiet);
  progress.update(`imds: reading ${session.regions.length} regions…`);
  const rules = resourceRules(opts.rules, {
    account: session.account,
    now: opts.now,
    maxHopLimit: opts.maxHopLimit,
  });
  const evaluate = { maxHopLimit: opts.maxHopLimit, rules };
  const ordered = await evaluateRegions(
    session.clients,
    { regions: session.regions, states: opts.states, evaluate, evidenceDays: opts.evidenceDays },
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
    ...(opts.aws.recordedEndpoint ? { endpoint: opts.aws.recordedEndpoint } : {}),
    options: optionsEcho(opts),
    everyEnabledRegion:
      (opts.scope.allRegions || !opts.scope.regions?.length) && !opts.scope.excludeRegions?.length,
    exceptions: rules.exceptions.verdicts(session.account.id, session.regions),
    invocation: invocationOf(opts.aws, undefined, opts.configFlag),
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
