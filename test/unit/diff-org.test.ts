// `imds report diff` on organization reports, in pure terms: every row carries its account; accounts
// that appear, disappear, or cannot be entered are listed as such, and nothing in an account not
// read now counts as fixed; a one-account report beside an organization report compares with that
// account of it; the trend per day and account (and region).
import { describe, expect, it } from "vitest";
import type { AccountRef } from "../../src/core/accounts.js";
import { diffReports } from "../../src/core/diff.js";
import { comparable, onlyAccount, type SavedReport } from "../../src/core/diff-input.js";
import { diffExitCode } from "../../src/core/exit-code.js";
import type { OrgAuditReport } from "../../src/core/org-types.js";
import { trendOf } from "../../src/core/trend.js";
import type { AuditReport, RegionScan } from "../../src/core/types.js";
import { auditReportProblem } from "../../src/io/report-file.js";
import { renderDiff, renderTrend } from "../../src/render/diff.js";
import { sampleReport } from "./fixtures.js";
import { denied, fullReport, meta, orgRun, read, scan } from "./org-fixtures.js";

const A: AccountRef = { id: "222222222201", name: "prod-app" };
const B: AccountRef = { id: "222222222202", name: "prod-data" };
const C: AccountRef = { id: "222222222203", name: "closing" };
const D: AccountRef = { id: "222222222204", name: "new-team" };
const view = { color: false, width: 140, maxRows: 0, detail: false };

/** The scan after an enforce: the same instances, every one requiring IMDSv2. */
function enforced(s: RegionScan): RegionScan {
  return {
    ...s,
    defaults: { httpTokens: "required", hopLimit: 2 },
    instances: (s.instances ?? []).map((i) => ({
      ...i,
      metadata: { ...i.metadata, httpTokens: "required" },
    })),
  };
}

const failing = (region: string) => scan(region, "optional", 2);

function orgReport(at: string, results: Parameters<typeof orgRun>[0], skipped = meta().skipped) {
  const { view: v } = orgRun(results, meta({ generatedAt: new Date(at), skipped }));
  return JSON.parse(JSON.stringify(fullReport(v))) as OrgAuditReport;
}

const before = orgReport("2026-11-24T10:00:00Z", [
  read(A, [failing("us-east-1"), failing("eu-west-1")]),
  read(B, [failing("us-east-1")]),
  read(C, [failing("us-east-1")]),
]);
const after = orgReport(
  "2026-11-25T10:00:00Z",
  [
    read(A, [enforced(failing("us-east-1")), failing("eu-west-1")]),
    denied(B),
    read(D, [failing("us-east-1")]),
  ],
  [{ ...C, reason: "SUSPENDED in Organizations" }],
);
const diff = (a: SavedReport, b: SavedReport) => diffReports(comparable(a), comparable(b), "fail");

describe("report diff of organization reports", () => {
  it("accepts organization reports as input", () => {
    expect(auditReportProblem(before)).toBeUndefined();
    const noAccount = { ...before, resources: before.resources.map(({ account: _, ...r }) => r) };
    expect(auditReportProblem(noAccount)).toBe("a region or resource without its account");
  });

  it("accounts that appeared, disappeared, could not be entered; nothing in them is fixed", () => {
    const d = diff(before, after);
    expect(d.accounts).toEqual([
      {
        account: B.id,
        name: B.name,
        change: "unreadable",
        detail: "sts:AssumeRole AccessDenied (assume-role-denied)",
      },
      { account: C.id, name: C.name, change: "disappeared", detail: "left out: SUSPENDED in Organizations" },
      { account: D.id, name: D.name, change: "appeared", detail: "not in the older report" },
    ]);
    expect(d.fixed.map((e) => [e.account, e.region, e.id])).toEqual([
      [A.id, "us-east-1", "account-default"],
      [A.id, "us-east-1", "i-useast10001"],
      [A.id, "us-east-1", "i-useast10002"],
    ]);
    expect(new Set(d.stillFailing.map((e) => `${e.account} ${e.region}`))).toEqual(
      new Set([`${A.id} eu-west-1`]),
    );
    expect(new Set(d.newlyFailing.map((e) => e.account))).toEqual(new Set([D.id]));
    expect(d.verdict.status).toBe("incomplete");
    expect(d.verdict.line).toMatch(
      /^INCOMPLETE: 1 account could not be read completely this time \(222222222202 not entered\); 1 account appeared, 1 disappeared; 3 newly failing resources, 3 fixed/,
    );
    expect(diffExitCode(d)).toBe(3);
    expect(d.new).toMatchObject({ scope: "organization", accounts: 3 });
  });

  it("exit 1 when an account newly fails and every account was read; the table names the accounts", () => {
    const worse = orgReport("2026-11-25T10:00:00Z", [
      read(A, [failing("us-east-1"), failing("eu-west-1")]),
      read(B, [failing("us-east-1"), failing("sa-east-1")]),
      read(C, [failing("us-east-1")]),
    ]);
    const d = diff(before, worse);
    expect(d.accounts).toEqual([]);
    expect(d.verdict.status).toBe("regressed");
    expect(diffExitCode(d)).toBe(1);
    expect(d.newlyFailing.every((e) => e.account === B.id && e.region === "sa-east-1")).toBe(true);
    const text = renderDiff("table", diff(before, after), view);
    expect(text).toMatch(/^222222222202 +prod-data +not entered +sts:AssumeRole AccessDenied/m);
    expect(text).toMatch(/^222222222201 +us-east-1 +instance +i-useast10001 .*fail +pass/m);
  });

  it("a region not read now, in an account read before, is incomplete, not fixed", () => {
    const partly = orgReport("2026-11-25T10:00:00Z", [
      read(A, [
        { ...enforced(failing("us-east-1")) },
        {
          ...failing("eu-west-1"),
          instances: [],
          errors: [
            {
              part: "instances",
              kind: "throttled",
              action: "ec2:DescribeInstances",
              code: "RequestLimitExceeded",
              message: "m",
              hint: "h",
            },
          ],
        },
      ]),
      read(B, [failing("us-east-1")]),
      read(C, [failing("us-east-1")]),
    ]);
    const d = diff(before, partly);
    expect(d.fixed.filter((e) => e.region === "eu-west-1" && e.kind === "instance")).toEqual([]);
    expect(d.accounts).toEqual([
      { account: A.id, name: A.name, change: "incomplete", detail: "eu-west-1 not read completely" },
    ]);
    expect(d.becameIncomplete).toEqual([
      { account: A.id, region: "eu-west-1", errors: ["ec2:DescribeInstances RequestLimitExceeded"] },
    ]);
    expect(diffExitCode(d)).toBe(3);
  });

  it("a one-account report beside an organization report: that account of it", () => {
    const single: AuditReport = {
      ...sampleReport(),
      account: { id: A.id },
      generatedAt: "2026-11-23T10:00:00Z",
      regions: [],
      resources: [],
    };
    const org = onlyAccount(comparable(after), A.id);
    expect([...org.accounts.keys()]).toEqual([A.id]);
    expect(new Set(org.resources.map((r) => r.account))).toEqual(new Set([A.id]));
    const d = diffReports(comparable(single), org, "fail");
    expect(d.accounts).toEqual([]);
    expect(new Set(d.newlyFailing.map((e) => e.account))).toEqual(new Set([A.id]));
  });
});

describe("trend of organization reports", () => {
  it("per day and account; an account not entered is unread, never compliant; regions with --detail", () => {
    const t = trendOf([after, before], "fail");
    expect(t.days).toEqual(["2026-11-24", "2026-11-25"]);
    expect(t.rows.map((r) => r.account)).toEqual([A.id, B.id, C.id, D.id]);
    const b = t.rows[1];
    expect(b?.points).toEqual([
      { percent: 25, complete: true },
      { percent: null, complete: false },
    ]);
    expect(b?.regions.map((g) => [g.region, g.points.map((p) => p?.percent ?? "-")])).toEqual([
      ["us-east-1", [25, "-"]],
    ]);
    expect(t.rows[0]?.regions.map((g) => g.region)).toEqual(["eu-west-1", "us-east-1"]);
    expect(t.rows[3]?.points[0]).toBeNull();
    expect(t.reports).toEqual({ read: 2, used: 2 });
    const table = renderTrend("table", t, view);
    expect(table).toMatch(/^222222222202 +prod-data +25\.0% +unread$/m);
    expect(table).not.toMatch(/us-east-1/);
    const detail = renderTrend("table", t, { ...view, detail: true });
    expect(detail).toMatch(/^222222222201 +us-east-1 +25\.0% +100\.0%$/m);
    expect(detail).toMatch(/^222222222201 +eu-west-1 +25\.0% +25\.0%$/m);
  });

  it("the last report of the day covering each account, one-account reports mixed in", () => {
    const single: AuditReport = {
      ...sampleReport(),
      account: { id: A.id },
      generatedAt: "2026-11-25T23:00:00Z",
      regions: [],
      resources: [],
    };
    const t = trendOf([before, after, single], "fail");
    expect(t.rows[0]?.points[1]).toEqual({ percent: 100, complete: true });
    expect(t.rows[1]?.points[1]).toEqual({ percent: null, complete: false });
    expect(t.reports).toEqual({ read: 3, used: 3 });
  });
});
