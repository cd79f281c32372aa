// An organization run's change tables: one row per account (its regions summed, worst first, each
// permission answer with how many regions gave it) unless --detail asks for a row per region. The
// JSON report always carries every region.
import { describe, expect, it } from "vitest";
import { buildChangeReport, type ProbeResult } from "../../src/core/change-report.js";
import type { Change, ChangeResult } from "../../src/core/changes.js";
import { changeRegionTable } from "../../src/render/change-cells.js";
import { joined, renderChanges } from "../../src/render/index.js";

const A = "111111111111";
const B = "222222222222";
const C = "333333333333";

function change(account: string, region: string): Change {
  return {
    account,
    region,
    kind: "account-default",
    id: "account-default",
    before: {},
    requested: { httpTokens: "required" },
  };
}

function orgReport(more: { probes?: ProbeResult[]; mode?: "apply" | "dry-run" } = {}) {
  const changes = [
    change(A, "eu-west-1"),
    change(A, "us-east-1"),
    change(B, "eu-west-1"),
    change(C, "eu-west-1"),
  ];
  const [a1, a2, b1, c1] = changes as [Change, Change, Change, Change];
  const results: ChangeResult[] = [
    { change: a1, outcome: "applied", verified: "applied" },
    { change: a2, outcome: "applied", verified: "applied" },
    {
      change: b1,
      outcome: "failed",
      error: { code: "UnauthorizedOperation", kind: "permission", message: "no" },
    },
    { change: c1, outcome: "applied", verified: "applied" },
  ];
  const ok = (account: string, region: string) => ({
    account,
    region,
    action: "ModifyInstanceMetadataDefaults",
    result: "permitted" as const,
    code: "DryRunOperation",
  });
  return buildChangeReport({
    command: "enforce",
    version: "0.0.0",
    account: { id: A },
    generatedAt: new Date("2026-11-22T10:51:00Z"),
    mode: more.mode ?? "apply",
    interrupted: false,
    regions: [
      { account: A, region: "eu-west-1", errors: [] },
      { account: A, region: "us-east-1", errors: [] },
      { account: A, region: "sa-east-1", errors: [] },
      { account: B, region: "eu-west-1", errors: [] },
      {
        account: C,
        region: "eu-west-1",
        errors: [],
      },
      {
        account: C,
        region: "ap-south-1",
        errors: [
          {
            part: "defaults",
            kind: "scp-denied",
            action: "ec2:GetInstanceMetadataDefaults",
            code: "UnauthorizedOperation",
            message: "explicit deny in a service control policy",
            hint: "The SCP denies this region.",
          },
        ],
      },
    ],
    changes,
    ...(more.mode === "dry-run" ? {} : { results }),
    probes: [
      ...(more.probes ?? []),
      ok(A, "eu-west-1"),
      ok(A, "us-east-1"),
      ok(B, "eu-west-1"),
      ok(C, "eu-west-1"),
    ],
    skipped: [
      {
        account: A,
        region: "sa-east-1",
        kind: "account-default",
        id: "account-default",
        reason: "already requires IMDSv2",
      },
    ],
  });
}

describe("an organization run's change tables", () => {
  it("sum each account's regions into one row, worst first", () => {
    const table = changeRegionTable(orgReport(), false);
    expect(table.lead).toEqual(["Account"]);
    expect(table.head[0]).toBe("Regions");
    expect(table.rows.map((r) => [...r.lead, ...r.cells])).toEqual([
      // B failed a change; C has a region it could not read; A is complete.
      [B, "1 region", "1", "0", "1", "0", "0", "0", "ModifyInstanceMetadataDefaults ok"],
      [
        C,
        "2 regions",
        "1",
        "1",
        "0",
        "0",
        "0",
        "0",
        "not read: ec2:GetInstanceMetadataDefaults UnauthorizedOperation (1 region); ModifyInstanceMetadataDefaults ok (1 region)",
      ],
      [A, "3 regions", "2", "2", "0", "0", "0", "1", "ModifyInstanceMetadataDefaults ok (2 regions)"],
    ]);
  });

  it("put an account whose permission probe was refused before complete ones, and its refusal first", () => {
    // A dry run: nothing failed; C has a region it could not read. A plans the most changes.
    const denied = (account: string, region: string): ProbeResult => ({
      account,
      region,
      action: "ModifyInstanceMetadataOptions",
      result: "denied",
      code: "UnauthorizedOperation",
    });
    const order = (probes: ProbeResult[]) =>
      changeRegionTable(orgReport({ mode: "dry-run", probes }), false).rows.map((r) => r.lead[0]);
    expect(order([])).toEqual([C, A, B]);
    // B's role may not change instances: B goes before A, whatever A plans.
    expect(order([denied(B, "eu-west-1")])).toEqual([C, B, A]);
    // The refusal is listed first however its probes read ("..., ... ok" included).
    const table = changeRegionTable(orgReport({ mode: "dry-run", probes: [denied(A, "us-east-1")] }), false);
    expect(table.rows.find((r) => r.lead[0] === A)?.cells.at(-1)).toBe(
      "ModifyInstanceMetadataOptions UnauthorizedOperation, ModifyInstanceMetadataDefaults ok (1 region); ModifyInstanceMetadataDefaults ok (1 region)",
    );
  });

  it("show every region with --detail, as a one-account run always does", () => {
    const report = orgReport();
    const table = changeRegionTable(report, true);
    expect(table.head[0]).toBe("Region");
    expect(table.rows.map((r) => `${r.lead[0]} ${r.cells[0]}`)).toEqual(
      report.regions.map((r) => `${r.account} ${r.region}`),
    );
  });

  it("in the terminal and in markdown; JSON keeps every region whatever --detail says", () => {
    const report = orgReport();
    const plain = { color: false, width: 200, maxRows: 20 };
    for (const format of ["table", "markdown"] as const) {
      const summary = joined(renderChanges(format, report, plain));
      const detail = joined(renderChanges(format, report, { ...plain, detail: true }));
      expect(summary, format).toContain("3 regions");
      expect(detail, format).not.toContain("3 regions");
      expect(detail, format).toMatch(/111111111111 *\| *sa-east-1|111111111111 +sa-east-1 +0/);
    }
    const json = JSON.parse(joined(renderChanges("json", report, plain)));
    expect(json.regions).toHaveLength(6);
    // A dry run's markdown keeps the plan's columns, the same for the header and every row.
    const dry = joined(renderChanges("markdown", orgReport({ mode: "dry-run" }), plain));
    expect(dry).toContain("| Account | Regions | Planned | Left alone | Permission |");
    expect(dry).toContain(`| ${A} | 3 regions | 2 | 1 | ModifyInstanceMetadataDefaults ok (2 regions) |`);
  });
});
