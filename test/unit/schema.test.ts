import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { buildAuditReport } from "../../src/core/report.js";
import type { RegionScan } from "../../src/core/types.js";
import { minimalReport, sampleReport } from "./fixtures.js";

const schema = JSON.parse(
  readFileSync(new URL("../../schema/audit-report.schema.json", import.meta.url), "utf8"),
);
// Strict mode rejects unknown keywords in the schema itself; "date-time" is declared as an
// annotation here (the schema's own pattern checks the timestamp), so ajv-formats is not needed.
const ajv = new Ajv2020({ strict: true, allErrors: true, formats: { "date-time": true } });
const validate = ajv.compile(schema);

/** Validates a report after it has been through JSON, as a consumer would see it. */
function check(report: unknown): string[] {
  const ok = validate(JSON.parse(JSON.stringify(report)));
  return ok ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

describe("audit report schema", () => {
  it("has the published $id and draft", () => {
    expect(schema.$id).toBe("https://imds.dev/schema/audit-report-1.json");
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
  });

  it("accepts the sample report and a minimal one", () => {
    expect(check(sampleReport())).toEqual([]);
    expect(check(minimalReport())).toEqual([]);
  });

  it("accepts what the report builder makes, so the two cannot drift apart", () => {
    const scans: RegionScan[] = [
      {
        region: "us-east-1",
        defaults: { httpTokens: "optional", hopLimit: 3 },
        instances: [
          {
            id: "i-1",
            name: "web",
            state: "running",
            tags: { Name: "web" },
            metadata: { httpTokens: "optional", hopLimit: 1, httpEndpoint: "enabled", state: "applied" },
          },
        ],
        templates: [
          {
            templateId: "lt-1",
            templateName: "web",
            version: 2,
            isDefault: true,
            isLatest: true,
            imageId: "ami-1",
          },
        ],
        images: [{ id: "ami-1", name: "golden", imdsSupport: "v2.0" }],
        errors: [],
      },
      {
        region: "eu-west-1",
        defaults: {
          httpTokens: "required",
          managedBy: "declarative-policy",
          managedExceptionMessage: "Ask IT.",
        },
        templates: [],
        images: [],
        errors: [
          {
            part: "instances",
            kind: "permission",
            action: "ec2:DescribeInstances",
            code: "UnauthorizedOperation",
            message: "denied",
            hint: "Allow ec2:DescribeInstances.",
          },
        ],
      },
    ];
    const report = buildAuditReport(scans, {
      version: "0.1.0",
      account: { id: "123456789012" },
      generatedAt: new Date("2026-11-22T10:51:00Z"),
      durationMs: 12,
      options: { maxHopLimit: 2, states: ["running"], failOn: "fail" },
      everyEnabledRegion: false,
    });
    expect(check(report)).toEqual([]);
  });

  it("accepts a report with usage evidence (--usage)", () => {
    const instance = (id: string) => ({
      id,
      state: "running",
      tags: {},
      metadata: { httpTokens: "optional", httpEndpoint: "enabled", hopLimit: 1 },
    });
    const scan: RegionScan = {
      region: "us-east-1",
      defaults: { httpTokens: "required" },
      instances: [instance("i-1"), instance("i-2"), instance("i-3")],
      templates: [],
      images: [],
      usage: new Map([
        ["i-1", { readiness: "ready", calls: 0 }],
        ["i-2", { readiness: "in-use", calls: 42, lastSeen: "2026-11-20" }],
        ["i-3", { readiness: "unknown", reason: "no metric data in the window" }],
      ]),
      errors: [],
    };
    const report = buildAuditReport([scan], {
      version: "0.1.0",
      account: { id: "123456789012" },
      generatedAt: new Date("2026-11-22T10:51:00Z"),
      durationMs: 12,
      options: { maxHopLimit: 2, states: ["running"], failOn: "fail", usageDays: 14 },
      everyEnabledRegion: false,
    });
    expect(report.regions[0]?.usage).toEqual({ ready: 1, inUse: 1, unknown: 1 });
    expect(report.resources.find((r) => r.id === "i-2")?.usage?.calls).toBe(42);
    expect(check(report)).toEqual([]);
  });

  it("rejects a report without `complete`", () => {
    const { complete: _, ...report } = sampleReport();
    expect(check(report)).toContainEqual(expect.stringContaining("must have required property 'complete'"));
  });

  it("rejects an unknown severity on a finding", () => {
    const report = sampleReport();
    const finding = report.resources[1]?.findings[0];
    if (!finding) throw new Error("fixture changed: resource 1 has no finding");
    (finding as { severity: string }).severity = "critical";
    expect(check(report)).toContainEqual(expect.stringMatching(/^\/resources\/1\/findings\/0\/severity /));
  });

  it("rejects an incomplete region that claims to pass", () => {
    const report = sampleReport();
    const region = report.regions[2];
    if (!region) throw new Error("fixture changed: no third region");
    region.status = "pass";
    expect(check(report)).toContainEqual(expect.stringMatching(/^\/regions\/2\/status /));
  });

  it("rejects fields the report type does not have", () => {
    const report = { ...minimalReport(), extra: true };
    expect(check(report)).toContainEqual(expect.stringContaining("must NOT have additional properties"));
  });

  it("rejects a wrong schemaVersion and a malformed timestamp", () => {
    const report = { ...minimalReport(), schemaVersion: 2, generatedAt: "yesterday" };
    const errors = check(report);
    expect(errors).toContainEqual(expect.stringMatching(/^\/schemaVersion /));
    expect(errors).toContainEqual(expect.stringMatching(/^\/generatedAt /));
  });
});
