// `imds audit --org` (and --ou, --accounts, --accounts-file): every account in scope read in its own
// enabled regions, under one bound on calls in flight; each account's regions and resources written
// to a spool as soon as it is done, so memory holds the summary rows and the accounts in flight.
// Every format reads the spool back an account at a time (render/org-findings.ts for SARIF, OCSF,
// ASFF, JUnit, HTML). --to-security-hub imports each account's findings into that account's own
// Security Hub through its role as soon as the account is read (AWS takes a finding under the
// default product only from its own account), so its lines come before the report.
import { joinVerdicts } from "../core/exceptions.js";
import { auditExitCode, EXIT } from "../core/exit-code.js";
import { invocationOf } from "../core/next-command.js";
import { summarizeAccount } from "../core/org-account.js";
import { assembleOrgHead } from "../core/org-report.js";
import type { AccountBlock, AccountRow, OrgAuditView } from "../core/org-types.js";
import { assembleReport } from "../core/report.js";
import { resourceRules } from "../core/resource-rules.js";
import type { ExceptionVerdict } from "../core/types.js";
import { evaluateRegions } from "../engine/evaluate-regions.js";
import { type EnteredAccount, perAccount } from "../engine/per-account.js";
import { emitFormats, reportBaseName } from "../io/emit.js";
import { Spool } from "../io/spool.js";
import { progressLine } from "../io/terminal.js";
import { renderOrgAny } from "../render/index.js";
import { VERSION } from "../version.js";
import { type AuditOptions, optionsEcho } from "./audit.js";
import type { CommandIO } from "./options.js";
import { type OrgRunOptions, openOrgSession } from "./org-session.js";
import { toSecurityHub } from "./security-hub.js";

export interface OrgAuditOptions extends AuditOptions {
  org: OrgRunOptions;
  /** --detail: each account's per-region table. */
  detail: boolean;
}

/** A line per account for --verbose: how long it took and what failed (never a credential). */
function verboseLine(row: AccountRow, ms: number): string {
  const errs = [...row.errors.map((e) => `${e.action} ${e.code}`), ...row.incompleteRegions];
  return `imds: account ${row.id} read in ${ms} ms (${row.regions.read}/${row.regions.total} regions)${errs.length ? `, not read: ${errs.join(", ")}` : ""}\n`;
}

/** One account's regions, evaluated with the config's exceptions and hop-limit rules for it. */
async function readAccount(account: EnteredAccount, opts: OrgAuditOptions, at: Date, io: CommandIO) {
  const id = account.ref.id;
  const rules = resourceRules(opts.rules, { account: { id }, now: opts.now, maxHopLimit: opts.maxHopLimit });
  const evaluated = await evaluateRegions(account.clients, {
    regions: account.regions,
    states: opts.states,
    evaluate: { maxHopLimit: opts.maxHopLimit, rules },
    evidenceDays: opts.evidenceDays,
  });
  const exceptions = rules.exceptions.verdicts(id, account.regions);
  if (!opts.toSecurityHub) return { evaluated, exceptions, imported: true };
  // Into the account's own Security Hub, through its role, while its credentials are at hand.
  const report = assembleReport(evaluated, {
    version: VERSION,
    account: { id },
    generatedAt: at,
    durationMs: 0,
    options: optionsEcho(opts),
    everyEnabledRegion: false,
  });
  const clients = { clients: account.clients, account: { id } };
  const imported = await toSecurityHub(clients, report, io, { quiet: opts.quiet, named: true });
  return { evaluated, exceptions, imported };
}

/** Notes from the finding formats (what GitHub's SARIF limits cut), unless --quiet. */
function noter(io: CommandIO, quiet: boolean) {
  return (line: string) => {
    if (!quiet) io.stderr.write(`imds: ${line}\n`);
  };
}

/** The report as renderers take it: its head, and each account's block read back from the spool in id order. */
function spooledView(
  head: OrgAuditView["head"],
  spool: Spool<AccountBlock>,
  ids: readonly string[],
): OrgAuditView {
  return {
    head,
    *blocks() {
      for (const id of ids) {
        const block = spool.get(id);
        if (block) yield block;
      }
    },
  };
}

export async function orgAudit(opts: OrgAuditOptions, io: CommandIO): Promise<number> {
  const started = Date.now();
  const session = await openOrgSession(opts.aws, opts.org, opts.scope, "audit");
  const progress = progressLine(io.stderr, !opts.quiet);
  progress.update(`imds: reading ${session.accounts.length} accounts…`);
  const spool = new Spool<AccountBlock>();
  try {
    const rows: AccountRow[] = [];
    let exceptions: ExceptionVerdict[] = [];
    let imported = true;
    await perAccount(
      session.access,
      session.accounts,
      { maxAccounts: opts.org.maxAccounts, scope: opts.scope },
      (account) => readAccount(account, opts, new Date(started), io),
      (outcome) => {
        if (outcome.ok) {
          // Joined as accounts finish: memory holds one verdict per exception, whatever the accounts.
          exceptions = joinVerdicts([exceptions, outcome.value.exceptions]);
          imported &&= outcome.value.imported;
        }
        const { row, block } = summarizeAccount(
          outcome.ok
            ? { ref: outcome.ref, evaluated: outcome.value.evaluated, notEnabled: outcome.entered.notEnabled }
            : { ref: outcome.ref, error: outcome.error },
          { scpDeniedAsExcluded: opts.org.scpDeniedAsExcluded },
        );
        spool.put(row.id, block);
        rows.push(row);
        progress.update(`imds: ${rows.length}/${session.accounts.length} accounts read (last: ${row.id})`);
        if (opts.verbose) {
          progress.done();
          io.stderr.write(verboseLine(row, Date.now() - started));
        }
      },
    );
    progress.done();
    const head = assembleOrgHead(rows, {
      version: VERSION,
      caller: session.caller,
      generatedAt: new Date(started),
      durationMs: Date.now() - started,
      endpoint: opts.aws.recordedEndpoint,
      options: { ...optionsEcho(opts), scpDeniedAsExcluded: opts.org.scpDeniedAsExcluded },
      organization: session.organization,
      selection: session.selection,
      invocation: invocationOf(opts.aws, { externalId: opts.org.externalId }, opts.configFlag),
      errors: session.errors,
      skipped: session.skipped,
      exceptions,
    });
    const view = spooledView(
      head,
      spool,
      session.accounts.map((a) => a.id),
    );
    const note = noter(io, opts.quiet);
    const split = opts.outputDir !== undefined;
    emitFormats(
      io,
      opts,
      (format, v) =>
        renderOrgAny(format, view, { ...v, maxRows: opts.maxRows, detail: opts.detail, split, note }),
      head.verdict.line,
      reportBaseName("audit", head.caller.id, head.generatedAt),
    );
    return imported ? auditExitCode(head, opts.failOn) : EXIT.incomplete;
  } finally {
    spool.close();
  }
}
