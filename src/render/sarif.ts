// SARIF 2.1.0 for GitHub code scanning: one run per account (runAutomationDetails.id per account),
// one rule per finding code, one result per finding with a stable partial fingerprint from
// (account, region, resource, code), so a re-run updates alerts instead of duplicating them.
// A finding a config exception covers is a result with a suppression (external, accepted).
//
// GitHub wants every result to have a physical location with an artifact URI (it rejects the file
// otherwise): the URI names the resource under aws/ACCOUNT/REGION/KIND/ID, and the logical
// location carries its ARN. GitHub's hard limits: 20 runs per file, 25,000 results per run
// (it shows the top 5,000 by severity); anything over them is cut here, fails kept first, and
// each cut is said in the run's notifications and by `sarifCuts` for the command to print.
import { exceptedText } from "../core/exceptions.js";
import { codeInfo, IMDS_GUIDE_URL } from "../core/finding-codes.js";
import {
  accountOf,
  type FindingRow,
  findingHash,
  findingRows,
  resourceArn,
  resourceLabel,
  type WithAccount,
} from "../core/finding-rows.js";
import { ownerText } from "../core/owners.js";
import { groupBy, plural } from "../core/text.js";
import type { AuditReport, ExceptionRef, RegionReport, Severity } from "../core/types.js";
import { safeJson } from "./json.js";

export const SARIF_LIMITS = { runsPerFile: 20, resultsPerRun: 25_000 } as const;

const LEVELS = { fail: "error", warn: "warning", pass: "note" } as const satisfies Record<Severity, string>;
/** GitHub's security-severity scale: 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low. */
const SECURITY_SEVERITY = { fail: "7.5", warn: "4.0", pass: "0.0" } as const satisfies Record<
  Severity,
  string
>;

interface AccountRun {
  account: string;
  rows: FindingRow[];
  regions: RegionReport[];
}

/** Failures first, then warnings, then what a config exception covers (cut first when over a limit). */
const rank = (row: FindingRow) => (row.exception ? 2 : row.severity === "fail" ? 0 : 1);

/** Findings grouped per account, in `rank` order within each, in report order otherwise. */
function accountRuns(report: AuditReport): AccountRun[] {
  const rows = findingRows(report, { excepted: true });
  const byAccount = groupBy(rows, (r) => r.account);
  const regions = groupBy(report.regions as WithAccount<RegionReport>[], (r) => accountOf(report, r));
  const accounts = [...new Set([...regions.keys(), ...byAccount.keys(), report.account.id])];
  return accounts.map((account) => ({
    account,
    rows: [...(byAccount.get(account) ?? [])].sort((a, b) => rank(a) - rank(b)),
    regions: regions.get(account) ?? [],
  }));
}

/** What GitHub's limits cut from this report's SARIF, one line each ([] when nothing). */
export function sarifCuts(report: AuditReport): string[] {
  const runs = accountRuns(report);
  const cuts: string[] = [];
  if (runs.length > SARIF_LIMITS.runsPerFile) {
    cuts.push(
      `SARIF: ${plural(runs.length - SARIF_LIMITS.runsPerFile, "account")} left out (GitHub takes ${SARIF_LIMITS.runsPerFile} runs per file): write one file per account`,
    );
  }
  for (const run of runs.slice(0, SARIF_LIMITS.runsPerFile)) {
    const over = run.rows.length - SARIF_LIMITS.resultsPerRun;
    if (over > 0)
      cuts.push(
        `SARIF: ${plural(over, "finding")} of account ${run.account} left out (GitHub takes ${SARIF_LIMITS.resultsPerRun} results per run; failures kept first)`,
      );
  }
  return cuts;
}

function rule(code: string) {
  const info = codeInfo(code);
  return {
    id: code,
    // A Pascal-case friendly name from the code: "imdsv1-allowed" -> "Imdsv1Allowed".
    name: code.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_, _sep: string, c: string) => c.toUpperCase()),
    shortDescription: { text: info.title },
    fullDescription: { text: `${info.summary} ${info.detail}` },
    help: {
      text: info.remedy,
      markdown: `${info.remedy}\n\nSee [AWS: transition to IMDSv2](${IMDS_GUIDE_URL}).`,
    },
    helpUri: IMDS_GUIDE_URL,
    defaultConfiguration: { level: LEVELS[info.severity] },
    properties: {
      "security-severity": SECURITY_SEVERITY[info.severity],
      precision: "very-high",
      tags: ["security", "aws", "ec2", "imds"],
    },
  };
}

function result(row: FindingRow, ruleIndex: number) {
  const arn = resourceArn(row.account, row.region, row.kind, row.resourceId, row.resource.settings.arn);
  const uri = ["aws", row.account, row.region, row.kind, row.resourceId].map(encodeURIComponent).join("/");
  return {
    ruleId: row.code,
    ruleIndex,
    level: LEVELS[row.severity],
    message: {
      text: `${resourceLabel(row)} in ${row.region}, account ${row.account}: ${row.message}`,
    },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri }, region: { startLine: 1 } },
        logicalLocations: [{ name: row.resourceId, fullyQualifiedName: arn, kind: "resource" }],
      },
    ],
    partialFingerprints: { "imdsFinding/v1": findingHash(row) },
    ...(row.exception ? { suppressions: [suppression(row.exception)] } : {}),
    properties: {
      account: row.account,
      region: row.region,
      resourceKind: row.kind,
      resourceArn: arn,
      ...(row.resource.owner ? { owner: ownerText(row.resource.owner) } : {}),
    },
  };
}

/** A config exception as SARIF says it: suppressed outside the code (the config file), accepted. */
function suppression(e: ExceptionRef) {
  return {
    kind: "external",
    status: "accepted",
    justification: exceptedText(e),
    properties: { where: e.where, owner: e.owner, expires: e.expires, reason: e.reason },
  };
}

function notifications(run: AccountRun, cut: number, problems: readonly string[]) {
  const accountErrors = problems.map((text) => ({ level: "error", message: { text } }));
  const errors = run.regions.flatMap((r) =>
    r.errors.map((e) => ({
      level: "error",
      message: { text: `${r.region} not read completely: ${e.action} ${e.code}: ${e.hint}` },
    })),
  );
  const cutNote =
    cut > 0
      ? [
          {
            level: "warning",
            message: {
              text: `${plural(cut, "finding")} left out: GitHub takes ${SARIF_LIMITS.resultsPerRun} results per run`,
            },
          },
        ]
      : [];
  return [...accountErrors, ...errors, ...cutNote];
}

/** One account's run; `problems` say why the account could not be read at all (organization runs). */
function sarifRun(report: AuditReport, run: AccountRun, problems: readonly string[] = []) {
  const codes = [...new Set(run.rows.map((r) => r.code))].sort();
  const index = new Map(codes.map((c, i) => [c, i]));
  const kept = run.rows.slice(0, SARIF_LIMITS.resultsPerRun);
  const complete = problems.length === 0 && run.regions.every((r) => r.complete);
  return {
    tool: {
      driver: {
        name: "imds",
        semanticVersion: report.tool.version,
        version: report.tool.version,
        informationUri: IMDS_GUIDE_URL,
        rules: codes.map(rule),
      },
    },
    automationDetails: { id: `imds/audit/${run.account}/` },
    invocations: [
      {
        executionSuccessful: complete,
        endTimeUtc: report.generatedAt,
        toolExecutionNotifications: notifications(run, run.rows.length - kept.length, problems),
      },
    ],
    results: kept.map((row) => result(row, index.get(row.code) ?? 0)),
    properties: { account: run.account, regions: run.regions.map((r) => r.region), complete },
  };
}

/** A SARIF log around its runs (the runs' key filled in by the caller, or streamed). */
export const SARIF_LOG = {
  $schema: "https://json.schemastore.org/sarif-2.1.0.json",
  version: "2.1.0",
} as const;

export function auditSarif(report: AuditReport): string {
  const runs = accountRuns(report).slice(0, SARIF_LIMITS.runsPerFile);
  const log = { ...SARIF_LOG, runs: runs.map((run) => sarifRun(report, run)) };
  return `${safeJson(log, 2)}\n`;
}

/**
 * The one account of a one-account report as a SARIF run (organization runs render each account's
 * report in turn), and how many of its findings GitHub's results-per-run limit cut.
 */
export function accountSarifRun(report: AuditReport, problems: readonly string[]) {
  const run = accountRuns(report).find((r) => r.account === report.account.id) ?? {
    account: report.account.id,
    rows: [],
    regions: [],
  };
  return {
    run: sarifRun(report, run, problems),
    cut: Math.max(0, run.rows.length - SARIF_LIMITS.resultsPerRun),
  };
}
