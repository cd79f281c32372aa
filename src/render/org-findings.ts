// The finding formats of an organization audit, each account rendered as its own audit would be
// (core/account-report.ts) and written as soon as it is, so memory holds one account's findings at
// a time whatever the number of accounts:
// - OCSF: JSON lines, each event with its account (cloud.account.uid);
// - ASFF: one JSON array, each finding with its account (AwsAccountId) and that account's product;
// - JUnit: a testsuite per account and region; the totals on <testsuites> need a first pass over
//   the accounts, so the spool is read twice;
// - SARIF: a run per account, at most GitHub's 20 runs per file: past 20 accounts, several files
//   (--output-dir), or only the first file and a note where there is room for one (stdout, --output);
// - HTML: the organization summary first; at most HTML_MAX_ROWS findings kept (failures first),
//   and every region for the heat map.
import { accountReport, accountReports } from "../core/account-report.js";
import type { AccountRow, OrgAuditView } from "../core/org-types.js";
import { plural } from "../core/text.js";
import { asffArray } from "./asff.js";
import type { Files, Text } from "./formats.js";
import { HtmlParts, htmlPage, htmlText, plainTable } from "./html.js";
import { streamJson } from "./json.js";
import { junitDocument, junitSuites } from "./junit.js";
import { auditOcsf } from "./ocsf.js";
import { ACCOUNT_HEADERS, accountCells, orgNotes, orgScopeParts, totalCells } from "./org-cells.js";
import { accountSarifRun, SARIF_LIMITS, SARIF_LOG } from "./sarif.js";

/** Where a renderer tells what it had to leave out (GitHub's SARIF limits). */
export type Note = (line: string) => void;

export function* orgOcsf(view: OrgAuditView): Generator<string> {
  for (const report of accountReports(view)) yield* auditOcsf(report);
}

export function orgAsff(view: OrgAuditView): Iterable<string> {
  return asffArray(accountReports(view));
}

export function* orgJunit(view: OrgAuditView): Generator<string> {
  const totals = { tests: 0, failures: 0, errors: 0 };
  for (const report of accountReports(view)) {
    const t = junitSuites(report).totals;
    totals.tests += t.tests;
    totals.failures += t.failures;
    totals.errors += t.errors;
  }
  const { head } = view;
  const suites = (function* () {
    for (const report of accountReports(view)) yield* junitSuites(report).xml();
  })();
  yield* junitDocument(
    { name: `imds audit --org (caller ${head.caller.id})`, durationMs: head.durationMs, totals },
    suites,
  );
}

/** Why an account was not read at all, as a run's notifications say it. */
function accountProblems(row: AccountRow | undefined): string[] {
  return (row?.errors ?? []).map((e) => `account ${row?.id} not read: ${e.action} ${e.code}: ${e.hint}`);
}

/**
 * One SARIF log per 20 accounts, in account id order; the files share one reading of the spool, so
 * they must be read in order (emitFormats does). `note` hears every cut.
 */
export function orgSarif(view: OrgAuditView, opts: { split: boolean; note: Note }): Files {
  const { head } = view;
  const rows = new Map(head.accounts.map((r) => [r.id, r]));
  const count = Math.max(1, Math.ceil(head.accounts.length / SARIF_LIMITS.runsPerFile));
  const files = opts.split ? count : 1;
  if (count > 1) {
    opts.note(
      opts.split
        ? `SARIF: ${plural(head.accounts.length, "account")} in ${files} files of at most ${SARIF_LIMITS.runsPerFile} runs (GitHub takes ${SARIF_LIMITS.runsPerFile} runs per file): upload each`
        : `SARIF: ${plural(head.accounts.length - SARIF_LIMITS.runsPerFile, "account")} left out (GitHub takes ${SARIF_LIMITS.runsPerFile} runs per file): use --output-dir DIR for one file per ${SARIF_LIMITS.runsPerFile} accounts`,
    );
  }
  const blocks = view.blocks()[Symbol.iterator]();
  function* runs(): Generator<unknown> {
    for (let i = 0; i < SARIF_LIMITS.runsPerFile; i++) {
      const next = blocks.next();
      if (next.done) return;
      const { run, cut } = accountSarifRun(
        accountReport(head, next.value),
        accountProblems(rows.get(next.value.account)),
      );
      if (cut > 0)
        opts.note(
          `SARIF: ${plural(cut, "finding")} of account ${next.value.account} left out (GitHub takes ${SARIF_LIMITS.resultsPerRun} results per run; failures kept first)`,
        );
      yield run;
    }
  }
  function* each(): Generator<{ suffix: string; text: Text }> {
    for (let i = 0; i < files; i++)
      yield { suffix: i === 0 ? "" : `.${i + 1}`, text: streamJson({ ...SARIF_LOG, runs: [] }, { runs }) };
  }
  return { files: each() };
}

/** The organization's summary: one row per account, worst first, the totals, and the notes. */
function summarySection(view: OrgAuditView): string {
  const { head } = view;
  const rows = [...head.accounts.map(accountCells), totalCells(head)];
  const notes = orgNotes(head).map((line) => `<li>${htmlText(line)}</li>`);
  return `<section><h2>Organization (${plural(head.accounts.length, "account")})</h2>${plainTable(ACCOUNT_HEADERS, rows)}${notes.length ? `<ul class="errors">${notes.join("")}</ul>` : ""}</section>`;
}

export function orgHtml(view: OrgAuditView): string {
  const parts = new HtmlParts();
  let resources = 0;
  for (const report of accountReports(view)) {
    parts.add(report);
    resources += report.resources.length;
  }
  const { head } = view;
  return htmlPage(
    {
      title: `imds audit · ${head.organization?.id ?? `caller ${head.caller.id}`} · ${head.verdict.status}`,
      scope: `${orgScopeParts(head).join(" · ")} · ${plural(resources, "resource")}`,
      verdict: head.verdict,
      version: head.tool.version,
      generatedAt: head.generatedAt,
      exceptions: head.exceptions,
      first: summarySection(view),
      many: true,
    },
    parts,
  );
}
