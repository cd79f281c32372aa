// `imds audit --org` (and --ou, --accounts, --accounts-file): every account in scope read in its own
// enabled regions, under one bound on calls in flight; each account's regions and resources written
// to a spool as soon as it is done, so memory holds the summary rows and the accounts in flight.
import { auditExitCode } from "../core/exit-code.js";
import { summarizeAccount } from "../core/org-account.js";
import { assembleOrgHead } from "../core/org-report.js";
import type { AccountBlock, AccountRow, OrgAuditView } from "../core/org-types.js";
import { resourceRules } from "../core/resource-rules.js";
import { evaluateRegions } from "../engine/evaluate-regions.js";
import { type EnteredAccount, perAccount } from "../engine/per-account.js";
import { UsageError } from "../errors.js";
import { emitFormats, reportBaseName } from "../io/emit.js";
import { Spool } from "../io/spool.js";
import { progressLine } from "../io/terminal.js";
import { isReportFormat, type ReportFormat, renderOrgAudit } from "../render/index.js";
import { VERSION } from "../version.js";
import { type AuditOptions, optionsEcho } from "./audit.js";
import type { CommandIO } from "./options.js";
import { type OrgRunOptions, openOrgSession } from "./org-session.js";

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

/** What an organization audit cannot do yet: bad usage, said before anything is read. */
function refuseUnsupported(opts: OrgAuditOptions): void {
  const finding = opts.formats.find((f) => !isReportFormat(f));
  if (finding) {
    throw new UsageError(
      `--format ${finding}: not for an organization audit yet (it writes table, json, csv, markdown); run each account's audit for ${finding}`,
    );
  }
  if (opts.toSecurityHub) {
    throw new UsageError(
      "--to-security-hub: not with --org yet; run it in each account (or from Security Hub's delegated administrator)",
    );
  }
}

/** One account's regions, evaluated with the config's exceptions and hop-limit rules for it. */
function readAccount(account: EnteredAccount, opts: OrgAuditOptions) {
  const rules = resourceRules(opts.rules, {
    account: { id: account.ref.id },
    now: opts.now,
    maxHopLimit: opts.maxHopLimit,
  });
  return evaluateRegions(account.clients, {
    regions: account.regions,
    states: opts.states,
    evaluate: { maxHopLimit: opts.maxHopLimit, rules },
    evidenceDays: opts.evidenceDays,
  });
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
  refuseUnsupported(opts);
  const started = Date.now();
  const session = await openOrgSession(opts.aws, opts.org, opts.scope, "audit");
  const progress = progressLine(io.stderr, !opts.quiet);
  progress.update(`imds: reading ${session.accounts.length} accounts…`);
  const spool = new Spool<AccountBlock>();
  try {
    const rows: AccountRow[] = [];
    await perAccount(
      session.access,
      session.accounts,
      { maxAccounts: opts.org.maxAccounts, scope: opts.scope },
      (account) => readAccount(account, opts),
      (outcome) => {
        const { row, block } = summarizeAccount(
          outcome.ok
            ? { ref: outcome.ref, evaluated: outcome.value, notEnabled: outcome.entered.notEnabled }
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
      endpoint: opts.aws.endpoint,
      options: { ...optionsEcho(opts), scpDeniedAsExcluded: opts.org.scpDeniedAsExcluded },
      organization: session.organization,
      selection: session.selection,
      errors: session.errors,
      skipped: session.skipped,
    });
    const view = spooledView(
      head,
      spool,
      session.accounts.map((a) => a.id),
    );
    emitFormats(
      io,
      opts,
      (format, v) =>
        renderOrgAudit(format as ReportFormat, view, { ...v, maxRows: opts.maxRows, detail: opts.detail }),
      head.verdict.line,
      reportBaseName("audit", head.caller.id, head.generatedAt),
    );
    return auditExitCode(head, opts.failOn);
  } finally {
    spool.close();
  }
}
