// A saved audit report as `imds report diff` compares it, whatever its scope: a one-account report
// (schema 1) and an organization report (schema 2) both become the accounts they cover, each read
// or not, and every region and resource with its account. Pure.
import type { OrgAuditReport } from "./org-types.js";
import type { AuditReport, RegionReport, Resource } from "./types.js";

/** A saved report `imds report diff` takes. */
export type SavedReport = AuditReport | OrgAuditReport;

interface CoveredAccount {
  name?: string;
  /** False when the account could not be entered or its regions listed: nothing in it was read. */
  entered: boolean;
  /** True when the account was entered and every region in scope read completely. */
  complete: boolean;
  /** Why it was not entered ("sts:AssumeRole AccessDenied (assume-role-denied)"), or not complete. */
  problems: string[];
}

export interface ComparableReport {
  scope: "account" | "organization";
  generatedAt: string;
  /** Every account the report covers, by id (accounts it left out on purpose are in `leftOut`). */
  accounts: Map<string, CoveredAccount>;
  /** Accounts listed but left out (not ACTIVE, --exclude-accounts), with why. */
  leftOut: Map<string, string>;
  regions: (RegionReport & { account: string })[];
  resources: (Resource & { account: string })[];
}

function isOrgReport(report: SavedReport): report is OrgAuditReport {
  return "scope" in report && report.scope === "organization";
}

function ofAccountReport(r: AuditReport): ComparableReport {
  const account = r.account.id;
  const problems = r.regions.filter((g) => !g.complete).map((g) => `${g.region} not read completely`);
  return {
    scope: "account",
    generatedAt: r.generatedAt,
    accounts: new Map([[account, { entered: true, complete: problems.length === 0, problems }]]),
    leftOut: new Map(),
    regions: r.regions.map((g) => ({ ...g, account })),
    resources: r.resources.map((x) => ({ ...x, account })),
  };
}

function ofOrgReport(r: OrgAuditReport): ComparableReport {
  const accounts = new Map<string, CoveredAccount>();
  for (const row of r.accounts) {
    const entered = row.errors.length === 0;
    const problems = entered
      ? row.incompleteRegions.map((g) => `${g} not read completely`)
      : row.errors.map((e) => `${e.action} ${e.code} (${e.kind})`);
    accounts.set(row.id, {
      ...(row.name === undefined ? {} : { name: row.name }),
      entered,
      complete: row.complete,
      problems,
    });
  }
  return {
    scope: "organization",
    generatedAt: r.generatedAt,
    accounts,
    leftOut: new Map(r.skipped.map((s) => [s.id, s.reason])),
    regions: r.regions,
    resources: r.resources,
  };
}

export function comparable(report: SavedReport): ComparableReport {
  return isOrgReport(report) ? ofOrgReport(report) : ofAccountReport(report);
}

/** The part of a report that covers one account (an organization report beside a one-account one). */
export function onlyAccount(c: ComparableReport, account: string): ComparableReport {
  const covered = c.accounts.get(account);
  return {
    ...c,
    accounts: new Map(covered ? [[account, covered]] : []),
    leftOut: new Map([...c.leftOut].filter(([id]) => id === account)),
    regions: c.regions.filter((g) => g.account === account),
    resources: c.resources.filter((x) => x.account === account),
  };
}
