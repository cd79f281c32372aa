// The organization report from per-account results: rows, failure kinds, worst first, totals,
// verdict, the published schema, and every format reading the accounts' blocks.
import { describe, expect, it } from "vitest";
import { auditExitCode } from "../../src/core/exit-code.js";
import { reclassifyForAccount, summarizeAccount } from "../../src/core/org-account.js";
import { orgEnforceCommand } from "../../src/core/org-verdict.js";
import type { ReadError } from "../../src/core/types.js";
import { joined, renderOrgAudit } from "../../src/render/index.js";
import { problemsAgainst } from "../published-schemas.js";
import { denied, fullReport, meta, orgRun, read, scan, scpDeny } from "./org-fixtures.js";

const A = { id: "111111111111", name: "management" };
const B = { id: "222222222222", name: "prod" };
const C = { id: "333333333333", name: "sandbox", joinedMethod: "INVITED" };
const D = { id: "444444444444", name: "compliant" };

const scpRegion = () => ({
  ...scan("sa-east-1", "optional"),
  defaults: undefined,
  instances: undefined,
  errors: [
    scpDeny("defaults", "ec2:GetInstanceMetadataDefaults"),
    scpDeny("instances", "ec2:DescribeInstances"),
  ],
});

function organization(scpDeniedAsExcluded = false) {
  return orgRun(
    [
      read(A, [scan("us-east-1", "optional", 2), scan("eu-west-1", "required", 0)]),
      read(B, [scan("us-east-1", "required", 1), scpRegion()], ["me-central-1"]),
      denied(C),
      read(D, [scan("us-east-1", "required", 0)]),
    ],
    meta({ options: { ...meta().options, scpDeniedAsExcluded } }),
    scpDeniedAsExcluded,
  );
}

describe("an account's row", () => {
  it("counts what was read, says why it is incomplete, and lists regions left out", () => {
    const row = organization().rows[1];
    expect(row).toMatchObject({
      id: B.id,
      status: "incomplete",
      complete: false,
      regions: { read: 1, total: 2 },
      excludedRegions: [{ region: "me-central-1", reason: "not enabled in this account" }],
      counts: { instances: 2, v1Allowed: 1, defaultsFailing: 0 },
      failureKinds: ["scp-denied"],
      incompleteRegions: ["sa-east-1"],
    });
  });

  it("with --scp-denied-as-excluded, an SCP-denied region is excluded and the account complete", () => {
    const row = organization(true).rows[1];
    expect(row).toMatchObject({ status: "fail", complete: true, regions: { read: 1, total: 2 } });
    expect(row?.excludedRegions.map((x) => x.reason)).toEqual([
      "not enabled in this account",
      "denied by a service control policy",
    ]);
  });

  it("an SCP that denies one part only keeps the region incomplete, even with the flag", () => {
    const partly = {
      ...scan("sa-east-1", "optional"),
      images: undefined,
      errors: [scpDeny("images", "ec2:DescribeImages")],
    };
    const { row } = summarizeAccount(read(B, [partly]), { scpDeniedAsExcluded: true });
    expect(row.status).toBe("incomplete");
  });

  it("an account never entered is incomplete with its error, and no region or resource", () => {
    const { row, block } = summarizeAccount(denied(C), { scpDeniedAsExcluded: false });
    expect(row).toMatchObject({
      status: "incomplete",
      complete: false,
      failureKinds: ["assume-role-denied"],
    });
    expect(block).toEqual({ account: C.id, regions: [], resources: [] });
  });

  it("AuthFailure or a refused token in a region the account listed as enabled means the account stopped answering", () => {
    const auth: ReadError = {
      part: "instances",
      kind: "region-not-enabled",
      action: "ec2:DescribeInstances",
      code: "AuthFailure",
      message: "AWS was not able to validate the provided access credentials",
      hint: "enable the region",
    };
    expect(reclassifyForAccount(auth, B.id)).toMatchObject({
      kind: "account-suspended",
      code: "AuthFailure",
    });
    expect(reclassifyForAccount({ ...auth, kind: "permission" }, B.id).kind).toBe("permission");
  });
});

describe("the organization report", () => {
  it("lists accounts worst first (incomplete, fail, warn, pass), then by IMDSv1-allowed instances", () => {
    const { head } = organization().view;
    expect(head.accounts.map((a) => a.id)).toEqual([B.id, C.id, A.id, D.id]);
    expect(head.totals).toMatchObject({ accounts: 4, accountsComplete: 2, instances: 7, v1Allowed: 3 });
    expect(head.totals.byStatus).toEqual({ pass: 1, warn: 0, fail: 1, incomplete: 2 });
  });

  it("is incomplete (exit 3) when any account is, and says which and why", () => {
    const { head } = organization().view;
    expect(head.complete).toBe(false);
    expect(head.verdict.status).toBe("incomplete");
    expect(head.verdict.line).toContain(
      `2 accounts of 4 could not be read completely (${B.id} (prod): scp-denied in sa-east-1; ${C.id}`,
    );
    expect(auditExitCode(head, "fail")).toBe(3);
  });

  it("without failures it judges the findings; the next command names the accounts to enforce", () => {
    const { head } = organization(true).view;
    const complete = orgRun([
      read(A, [scan("us-east-1", "optional")]),
      read(D, [scan("us-east-1", "required", 0)]),
    ]);
    expect(head.complete).toBe(false); // C still could not be entered
    expect(complete.view.head.verdict).toEqual({
      status: "findings",
      line: "FAIL: IMDSv1 is allowed in 1 of 2 accounts: 1 account default, 1 instance.",
      nextCommand: "imds enforce --accounts 111111111111",
    });
    expect(auditExitCode(complete.view.head, "fail")).toBe(1);
  });

  it("a listing that failed makes it incomplete even when every listed account was read", () => {
    const { view } = orgRun(
      [read(D, [scan("us-east-1", "required", 0)])],
      meta({
        errors: [
          {
            kind: "org-throttled",
            action: "organizations:ListAccountsForParent",
            code: "TooManyRequestsException",
            message: "slow down",
            hint: "run again",
            parent: "ou-ab12-cd34ef56",
          },
        ],
      }),
    );
    expect(view.head.complete).toBe(false);
    expect(view.head.verdict.line).toContain(
      "the account list is incomplete (organizations:ListAccountsForParent ou-ab12-cd34ef56 TooManyRequestsException)",
    );
  });

  it("the next command repeats the selection past 10 accounts, and the role when it is not the default", () => {
    const rows = organization().rows.map((r) => ({ ...r, counts: { ...r.counts, enforceable: 1 } }));
    const many = Array.from({ length: 11 }, (_, i) => ({
      ...rows[0],
      id: String(500000000000 + i),
    })) as typeof rows;
    const selection = {
      source: "ou" as const,
      ous: ["ou-ab12-cd34ef56"],
      role: "arn:aws:iam::{account}:role/imds-audit",
      regions: ["eu-west-1"],
    };
    expect(orgEnforceCommand(many, selection)).toBe(
      "imds enforce --ou ou-ab12-cd34ef56 --role-name imds-audit --regions eu-west-1",
    );
  });

  it("matches the published schema (org-audit-report.schema.json), with the account on every row", () => {
    const report = fullReport(organization().view);
    expect(problemsAgainst("org-audit-report.schema.json", report)).toEqual([]);
    expect(report.resources.every((r) => typeof r.account === "string")).toBe(true);
    expect(new Set(report.regions.map((r) => r.account))).toEqual(new Set([A.id, B.id, D.id]));
  });
});

describe("rendering it, account block by account block", () => {
  const opts = { color: false, width: 120, maxRows: 3, detail: false };

  it("JSON is exactly JSON.stringify of the whole report, blocks in account id order", () => {
    const { view } = organization();
    expect(joined(renderOrgAudit("json", view, opts))).toBe(`${JSON.stringify(fullReport(view), null, 2)}\n`);
  });

  it("the table: summary with totals first, notes, then findings with the account, capped", () => {
    const text = joined(renderOrgAudit("table", organization().view, opts));
    const summary = text.indexOf("Total (4)");
    expect(summary).toBeGreaterThan(0);
    expect(
      text.indexOf(`${C.id} (sandbox): sts:AssumeRole AccessDenied [assume-role-denied]`),
    ).toBeGreaterThan(summary);
    expect(text).toMatch(/Account +Region +Kind +Resource/);
    expect(text).toContain("… and 1 more finding");
    expect(text).not.toContain("Account 111111111111 (management)");
    const detail = joined(renderOrgAudit("table", organization().view, { ...opts, detail: true }));
    expect(detail).toContain("Account 111111111111 (management)");
  });

  it("CSV: the account first on every row; an account not entered has an error row", () => {
    const lines = joined(renderOrgAudit("csv", organization().view, opts))
      .trimEnd()
      .split("\n");
    expect(lines[0]?.startsWith("account,region,kind,id")).toBe(true);
    expect(lines.filter((l) => l.startsWith(`${C.id},,error,assume-role,sts:AssumeRole`))).toHaveLength(1);
    expect(lines.slice(1).every((l) => /^\d{12},/.test(l))).toBe(true);
  });

  it("markdown: the summary table and the findings with an account column", () => {
    const text = joined(renderOrgAudit("markdown", organization().view, opts));
    expect(text).toContain("| Account | Name | Regions |");
    expect(text).toContain("| Account | Region | Kind |");
    expect(text).toContain("## imds audit (organization): Incomplete");
  });
});
