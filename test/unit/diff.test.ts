// `imds report diff` in pure terms: what counts as newly failing, fixed and still failing, what an
// unread region proves (nothing), the exit code, the trend per day, and which files are reports.
import { describe, expect, it } from "vitest";
import { compliance, diffReports as diffComparable } from "../../src/core/diff.js";
import { comparable, type SavedReport } from "../../src/core/diff-input.js";
import { diffExitCode } from "../../src/core/exit-code.js";
import { trendOf } from "../../src/core/trend.js";
import type { AuditReport, FailOn, Resource } from "../../src/core/types.js";
import { auditReportProblem } from "../../src/io/report-file.js";
import { renderDiff, renderTrend } from "../../src/render/diff.js";
import { sampleReport } from "./fixtures.js";

const view = { color: false, width: 120, maxRows: 0, detail: false };
const diffReports = (a: SavedReport, b: SavedReport, failOn: FailOn) =>
  diffComparable(comparable(a), comparable(b), failOn);

function instance(id: string, severity: Resource["severity"], region = "us-east-1"): Resource {
  const findings =
    severity === "pass" ? [] : [{ severity, code: "imdsv1-allowed", message: `${id} allows IMDSv1` }];
  return { region, kind: "instance", id, severity, findings, settings: {} };
}

function report(at: string, resources: Resource[], patch: Partial<AuditReport> = {}): AuditReport {
  const base = sampleReport();
  return {
    ...base,
    generatedAt: at,
    resources,
    regions: base.regions.map((r) => ({ ...r, complete: true, errors: [] })),
    ...patch,
  };
}

describe("diffReports", () => {
  const before = report("2026-11-01T00:00:00Z", [
    instance("i-a", "fail"),
    instance("i-b", "pass"),
    instance("i-c", "fail"),
    instance("i-d", "fail"),
  ]);
  const after = report("2026-11-02T00:00:00Z", [
    instance("i-a", "pass"),
    instance("i-b", "fail"),
    instance("i-c", "fail"),
    instance("i-e", "fail"),
  ]);

  it("newly failing, fixed (passing now, or gone where read), still failing", () => {
    const d = diffReports(before, after, "fail");
    expect(d.newlyFailing.map((e) => e.id)).toEqual(["i-b", "i-e"]);
    expect(d.fixed.map((e) => [e.id, e.after ?? "gone"])).toEqual([
      ["i-a", "pass"],
      ["i-d", "gone"],
    ]);
    expect(d.stillFailing.map((e) => e.id)).toEqual(["i-c"]);
    expect(d.verdict.status).toBe("regressed");
    expect(diffExitCode(d)).toBe(1);
    expect(d.fixed[0]?.message).toBe("i-a allows IMDSv1");
  });

  it("a resource missing from a part not read now is not fixed, and the region became incomplete", () => {
    const unread = report("2026-11-02T00:00:00Z", [instance("i-c", "fail")]);
    const us = unread.regions[0];
    if (us) {
      us.complete = false;
      us.errors = [
        {
          part: "instances",
          kind: "permission",
          action: "ec2:DescribeInstances",
          code: "UnauthorizedOperation",
          message: "m",
          hint: "h",
        },
      ];
    }
    const d = diffReports(before, unread, "fail");
    expect(d.fixed).toEqual([]);
    expect(d.becameIncomplete).toEqual([
      {
        account: "123456789012",
        region: "us-east-1",
        errors: ["ec2:DescribeInstances UnauthorizedOperation"],
      },
    ]);
    expect(d.verdict.status).toBe("incomplete");
    expect(diffExitCode(d)).toBe(3);
  });

  it("judged at --fail-on: a warning fails only at warn", () => {
    const warn = report("2026-11-02T00:00:00Z", [instance("i-w", "warn")]);
    expect(diffReports(report("2026-11-01T00:00:00Z", []), warn, "fail").newlyFailing).toEqual([]);
    expect(
      diffReports(report("2026-11-01T00:00:00Z", []), warn, "warn").newlyFailing.map((e) => e.id),
    ).toEqual(["i-w"]);
  });

  it("nothing changed: exit 0; compliance in percent", () => {
    const d = diffReports(before, before, "fail");
    expect(d.verdict).toMatchObject({ status: "unchanged" });
    expect(diffExitCode(d)).toBe(0);
    expect(compliance(before.resources, "fail")).toBe(25);
    expect(compliance([], "fail")).toBe(100);
  });

  it("a finding a config exception now covers is excepted, not fixed, in every format", () => {
    const exception = {
      where: "imds.config.yaml:3",
      owner: "app@example.com",
      expires: "2099-12-31",
      reason: "migrating",
    };
    const accepted: Resource = {
      ...instance("i-a", "pass"),
      excepted: [{ severity: "fail", code: "imdsv1-allowed", message: "i-a allows IMDSv1", exception }],
    };
    const now = report("2026-11-02T00:00:00Z", [accepted, instance("i-b", "pass"), instance("i-c", "fail")]);
    const d = diffReports(before, now, "fail");
    expect(d.excepted.map((e) => [e.id, e.before, e.after])).toEqual([["i-a", "fail", "pass"]]);
    expect(d.excepted[0]?.message).toBe("i-a allows IMDSv1");
    expect(d.fixed.map((e) => e.id)).toEqual(["i-d"]);
    expect(d.verdict.line).toContain("1 fixed, 1 newly excepted, 1 still failing");
    expect(renderDiff("table", d, view)).toMatch(/^Newly excepted by the config file \(1\):$/m);
    expect(renderDiff("markdown", d, view)).toMatch(/^### Newly excepted by the config file \(1\)$/m);
    expect(JSON.parse(renderDiff("json", d, view)).excepted).toHaveLength(1);
    // At --fail-on never nothing fails, so nothing is excepted either.
    expect(diffReports(before, now, "never").excepted).toEqual([]);
  });

  it("renders as a table, markdown and JSON", () => {
    const d = diffReports(before, after, "fail");
    expect(renderDiff("table", d, view)).toMatch(/^Newly failing \(2\):$/m);
    expect(renderDiff("markdown", d, view)).toMatch(/^### Fixed \(2\)$/m);
    expect(JSON.parse(renderDiff("json", d, view))).toMatchObject({ verdict: { status: "regressed" } });
  });
});

describe("trendOf", () => {
  it("per day and region, the last report of each day, incomplete regions marked", () => {
    const day1early = report("2026-11-01T01:00:00Z", [instance("i-a", "fail"), instance("i-b", "fail")]);
    const day1late = report("2026-11-01T23:00:00Z", [instance("i-a", "fail"), instance("i-b", "pass")]);
    const day2 = report("2026-11-02T12:00:00Z", [instance("i-a", "pass"), instance("i-b", "pass")]);
    const eu = day2.regions[1];
    if (eu) eu.complete = false;
    const t = trendOf([day2, day1early, day1late], "fail");
    expect(t.days).toEqual(["2026-11-01", "2026-11-02"]);
    expect(t.reports).toEqual({ read: 3, used: 2 });
    const regions = t.rows[0]?.regions ?? [];
    const us = regions.find((r) => r.region === "us-east-1");
    expect(us?.points).toEqual([
      { percent: 50, complete: true },
      { percent: 100, complete: true },
    ]);
    expect(regions.find((r) => r.region === "eu-west-1")?.points[1]).toEqual({
      percent: 100,
      complete: false,
    });
    expect(t.overall.map((p) => p?.percent)).toEqual([50, 100]);
    expect(t.rows.map((r) => r.points)).toEqual([
      [
        { percent: 50, complete: true },
        { percent: 100, complete: false },
      ],
    ]);
    expect(renderTrend("table", t, view)).toMatch(/^123456789012 +50\.0% +100\.0%\?$/m);
    const detail = renderTrend("table", t, { ...view, detail: true });
    expect(detail).toMatch(/^123456789012 +all regions +50\.0% +100\.0%\?$/m);
    expect(detail).toMatch(/^123456789012 +us-east-1 +50\.0% +100\.0%$/m);
    expect(detail).toMatch(/^123456789012 +eu-west-1 +100\.0% +100\.0%\?$/m);
  });
});

describe("auditReportProblem", () => {
  it("accepts an audit report and names what is wrong with anything else", () => {
    expect(auditReportProblem(sampleReport())).toBeUndefined();
    expect(auditReportProblem([])).toBe("not a JSON object");
    expect(auditReportProblem({ tool: { name: "prowler" } })).toMatch(/not an imds report/);
    expect(auditReportProblem({ ...sampleReport(), resources: undefined })).toMatch(/not an audit report/);
    expect(auditReportProblem({ ...sampleReport(), schemaVersion: 3 })).toMatch(
      /schemaVersion 3 is not 1 or 2/,
    );
    expect(auditReportProblem({ ...sampleReport(), schemaVersion: 2, scope: "organization" })).toBe(
      "an organization report without accounts",
    );
  });
});
