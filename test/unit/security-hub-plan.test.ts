// What --to-security-hub sends: current findings (same Ids, first CreatedAt kept), earlier ones
// resolved or archived only where this audit read that kind of resource, in batches of 100 / 6 MB.
import { describe, expect, it } from "vitest";
import { type AsffFinding, asffFinding } from "../../src/core/asff.js";
import type { FindingRow } from "../../src/core/finding-rows.js";
import { IMPORT_LIMITS, importBatches, importPlan } from "../../src/core/security-hub-plan.js";
import type { ResourceKind } from "../../src/core/types.js";

function row(id: string, kind: ResourceKind = "instance"): FindingRow {
  return {
    account: "111122223333",
    region: "us-east-1",
    kind,
    resourceId: id,
    code: "imdsv1-allowed",
    severity: "fail",
    message: "allows IMDSv1",
    resource: { region: "us-east-1", kind, id, severity: "fail", findings: [], settings: {} },
  };
}

const AT = "2026-11-22T10:00:00.000Z";
const LATER = "2026-11-23T10:00:00.000Z";
const old = (id: string, kind: ResourceKind = "instance"): AsffFinding =>
  asffFinding(row(id, kind), AT, "0.1.0");

describe("importPlan", () => {
  it("updates current findings by Id, keeping when they were first created", () => {
    const plan = importPlan(
      {
        rows: [row("i-1"), row("i-2")],
        readKinds: new Set(["instance"]),
        seen: new Set(["instance/i-1", "instance/i-2"]),
      },
      [old("i-1")],
      LATER,
      "0.1.0",
    );
    expect(plan.findings.map((f) => [f.Id, f.CreatedAt, f.UpdatedAt, f.RecordState])).toEqual([
      [old("i-1").Id, AT, LATER, "ACTIVE"],
      [old("i-2").Id, LATER, LATER, "ACTIVE"],
    ]);
    expect(plan).toMatchObject({ resolved: [], archived: [], kept: 0, already: 0 });
  });

  it("resolves fixed resources (PASSED, ARCHIVED), archives gone ones, and leaves unread kinds alone", () => {
    const plan = importPlan(
      { rows: [], readKinds: new Set(["instance"]), seen: new Set(["instance/i-fixed"]) },
      [old("i-fixed"), old("i-gone"), old("lt-1:v1", "launch-template")],
      LATER,
      "0.1.0",
    );
    expect(plan).toMatchObject({
      resolved: [old("i-fixed").Id],
      archived: [old("i-gone").Id],
      kept: 1,
      already: 0,
    });
    const [fixed, gone] = plan.findings;
    expect(fixed).toMatchObject({
      Id: old("i-fixed").Id,
      Compliance: { Status: "PASSED" },
      RecordState: "ARCHIVED",
      UpdatedAt: LATER,
    });
    expect(fixed?.Severity.Label).toBe("INFORMATIONAL");
    expect(gone).toMatchObject({
      Id: old("i-gone").Id,
      Compliance: { Status: "FAILED" },
      RecordState: "ARCHIVED",
    });
    expect(plan.findings).toHaveLength(2); // the template's finding: its part was not read
  });

  it("an earlier finding already archived is neither sent nor counted: nothing to change", () => {
    const archived = { ...old("i-fixed-before"), RecordState: "ARCHIVED" as const };
    const plan = importPlan(
      { rows: [], readKinds: new Set(["instance"]), seen: new Set(["instance/i-fixed-before"]) },
      [archived],
      LATER,
      "0.1.0",
    );
    expect(plan).toMatchObject({ findings: [], resolved: [], archived: [], kept: 0, already: 1 });
  });

  it("one a person already resolved in Security Hub is archived, but not counted as resolved by this run", () => {
    const resolved = { ...old("i-resolved"), Workflow: { Status: "RESOLVED" as const } };
    const plan = importPlan(
      { rows: [], readKinds: new Set(["instance"]), seen: new Set(["instance/i-resolved"]) },
      [resolved],
      LATER,
      "0.1.0",
    );
    expect(plan).toMatchObject({ resolved: [], archived: [], kept: 0, already: 1 });
    expect(plan.findings.map((f) => [f.Id, f.RecordState, f.Compliance.Status])).toEqual([
      [resolved.Id, "ARCHIVED", "PASSED"],
    ]);
  });
});

describe("importBatches", () => {
  it("at most 100 findings per call", () => {
    const findings = Array.from({ length: 250 }, (_, i) => old(`i-${i}`));
    expect(importBatches(findings).map((b) => b.length)).toEqual([100, 100, 50]);
    expect(importBatches([])).toEqual([]);
  });

  it("at most 6 MB per call", () => {
    const big = (i: number): AsffFinding => ({ ...old(`i-${i}`), Description: "x".repeat(1_000_000) });
    const batches = importBatches(Array.from({ length: 13 }, (_, i) => big(i)));
    expect(batches.map((b) => b.length)).toEqual([6, 6, 1]);
    for (const b of batches)
      expect(Buffer.byteLength(JSON.stringify({ Findings: b }))).toBeLessThanOrEqual(IMPORT_LIMITS.bytes);
  });
});
