// Every finding format shows what a config exception covers, each in its own vocabulary (SARIF
// suppressions, OCSF "Suppressed", ASFF product fields, a JUnit <skipped>, an HTML section), and
// stays valid against its published schema.
import { describe, expect, it } from "vitest";
import type { AsffFinding } from "../../src/core/asff.js";
import { buildAuditReport } from "../../src/core/report.js";
import { resourceRules } from "../../src/core/resource-rules.js";
import type { AuditReport } from "../../src/core/types.js";
import { auditAsff } from "../../src/render/asff.js";
import { auditHtml } from "../../src/render/html.js";
import { joined } from "../../src/render/index.js";
import { auditJunit } from "../../src/render/junit.js";
import { auditOcsf } from "../../src/render/ocsf.js";
import { auditSarif } from "../../src/render/sarif.js";
import { asffProblems, junitProblems, ocsfProblems, sarifProblems } from "./format-validators.js";

const ACCOUNT = { id: "111122223333" };
const VENDOR = "i-0abc0000000000001";
const EXCEPTION = {
  where: "imds.config.yaml:5",
  reason: "vendor appliance",
  owner: "platform@example.com",
  expires: "2026-12-31",
};

/** One region: the vendor box's IMDSv1 finding excepted, another instance failing, a stale exception. */
function report(): AuditReport {
  const rules = resourceRules(
    {
      exceptions: [
        { value: { match: { resource: VENDOR }, ...EXCEPTION }, where: EXCEPTION.where },
        { value: { match: { resource: "i-0gone*" }, ...EXCEPTION }, where: "imds.config.yaml:9" },
      ],
      hopLimits: [],
    },
    { account: ACCOUNT, now: new Date("2026-06-01T00:00:00Z"), maxHopLimit: 2 },
  );
  const instance = (id: string) => ({
    id,
    state: "running",
    tags: {},
    metadata: { httpTokens: "optional", hopLimit: 1 },
  });
  return buildAuditReport(
    [
      {
        region: "eu-west-1",
        defaults: { httpTokens: "required" },
        instances: [instance(VENDOR), instance("i-0000000000000000f")],
        errors: [],
      },
    ],
    {
      version: "0.1.0",
      account: ACCOUNT,
      generatedAt: new Date("2026-06-01T00:00:00Z"),
      durationMs: 5,
      options: { maxHopLimit: 2, states: ["running"], failOn: "fail" },
      everyEnabledRegion: true,
    },
    rules,
  );
}

describe("excepted findings in the finding formats", () => {
  it("SARIF: a result with an external, accepted suppression naming the exception", () => {
    const log = JSON.parse(auditSarif(report()));
    expect(sarifProblems(log)).toEqual([]);
    const results = log.runs[0].results as { suppressions?: unknown[]; message: { text: string } }[];
    expect(results).toHaveLength(2);
    // The open finding first; the excepted one last, suppressed.
    expect(results[0]?.suppressions).toBeUndefined();
    expect(results[1]?.suppressions).toEqual([
      {
        kind: "external",
        status: "accepted",
        justification:
          "excepted (imds.config.yaml:5, owner platform@example.com, until 2026-12-31: vendor appliance)",
        properties: EXCEPTION,
      },
    ]);
  });

  it("OCSF: status Suppressed with the exception as its detail", () => {
    const events = joined(auditOcsf(report()))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    for (const e of events) expect(ocsfProblems(e)).toEqual([]);
    // In report order: the vendor box (excepted) comes first.
    expect(events.map((e) => [e.resources[0].name, e.status_id, e.status])).toEqual([
      [VENDOR, 3, "Suppressed"],
      ["i-0000000000000000f", 1, "New"],
    ]);
    expect(events[0].status_detail).toContain("imds.config.yaml:5");
  });

  it("ASFF: the exception in ProductFields, suppressed when created; valid per botocore", () => {
    const findings = JSON.parse(joined(auditAsff(report()))) as AsffFinding[];
    expect(asffProblems(findings)).toBe("");
    const excepted = findings.find((f) => f.ProductFields?.["imds/exception"]);
    expect(excepted?.ProductFields).toMatchObject({
      "imds/exception": "imds.config.yaml:5",
      "imds/exception-owner": "platform@example.com",
      "imds/exception-expires": "2026-12-31",
    });
    expect(excepted?.Workflow).toEqual({ Status: "SUPPRESSED" });
    expect(findings.filter((f) => f.Workflow)).toHaveLength(1);
  });

  it("JUnit: the excepted resource is a skipped test, counted; valid per the xunit XSD", async () => {
    const xml = joined(auditJunit(report()));
    expect(await junitProblems(xml)).toEqual([]);
    expect(xml).toContain(
      '<skipped message="excepted (imds.config.yaml:5, owner platform@example.com, until 2026-12-31: vendor appliance)"/>',
    );
    expect(xml).toMatch(/<testsuite [^>]*failures="1" errors="0" skipped="1"/);
  });

  it("HTML: a section of excepted findings and of every exception's verdict", () => {
    const html = auditHtml(report());
    expect(html).toContain("<h2>Excepted by the config file (1)</h2>");
    expect(html).toContain("<td>imds.config.yaml:9</td><td>stale</td>");
    expect(html).toContain("matches no finding: remove it, or correct its match");
  });
});
