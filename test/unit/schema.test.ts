import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildChangeReport } from "../../src/core/change-report.js";
import type { Change } from "../../src/core/changes.js";
import { buildAuditReport } from "../../src/core/report.js";
import type { ReadError, RegionScan } from "../../src/core/types.js";
import { type WatchReport, watchVerdict } from "../../src/core/watch.js";
import { JournalWriter } from "../../src/journal/journal.js";
import { publishedFiles } from "../../src/schemas/published.js";
import { problemsAgainst, publishedSchemas } from "../published-schemas.js";
import { journalHeader, minimalReport, sampleReport } from "./fixtures.js";

const denied: ReadError = {
  part: "instances",
  kind: "permission",
  action: "ec2:DescribeInstances",
  code: "UnauthorizedOperation",
  message: "denied",
  hint: "Allow ec2:DescribeInstances.",
};

const check = (report: unknown) => problemsAgainst("audit-report.schema.json", report);

describe("published schemas", () => {
  it("the committed schema/*.json are exactly what the build generates from the valibot schemas", () => {
    const generated = publishedFiles();
    expect([...publishedSchemas.keys()].sort()).toEqual([...generated.keys()].sort());
    for (const [file, text] of generated) {
      const committed = readFileSync(new URL(`../../schema/${file}`, import.meta.url), "utf8");
      expect(committed, `schema/${file} is stale: run npm run build`).toBe(text);
    }
  });

  it.each([
    ["audit-report.schema.json", "https://imds.dev/schema/audit-report-1.json"],
    ["org-audit-report.schema.json", "https://imds.dev/schema/org-audit-report-2.json"],
    ["change-report.schema.json", "https://imds.dev/schema/change-report-1.json"],
    ["watch-report.schema.json", "https://imds.dev/schema/watch-report-1.json"],
    ["journal-record.schema.json", "https://imds.dev/schema/journal-record-1.json"],
    ["scenario.schema.json", "https://imds.dev/schema/scenario-1.json"],
  ])("%s: draft 2020-12, $id %s, a title", (file, id) => {
    const schema = publishedSchemas.get(file);
    expect(schema?.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema?.$id).toBe(id);
    expect(schema?.title).toEqual(expect.any(String));
  });
});

describe("audit report schema", () => {
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
        errors: [denied],
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
      evidence: new Map([
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

describe("change report schema", () => {
  const changes: Change[] = [
    {
      region: "us-east-1",
      kind: "account-default",
      id: "account-default",
      before: {},
      requested: { httpTokens: "required" },
    },
    {
      region: "us-east-1",
      kind: "instance",
      id: "i-1",
      name: "web",
      before: { httpTokens: "optional", hopLimit: 1 },
      requested: { httpTokens: "required" },
    },
  ];
  const input = {
    command: "enforce" as const,
    version: "0.1.0",
    account: { id: "123456789012", arn: "arn:aws:iam::123456789012:user/x" },
    generatedAt: new Date("2026-11-22T10:51:00Z"),
    interrupted: false,
    regions: [
      { region: "us-east-1", errors: [] },
      { region: "eu-west-1", errors: [denied] },
    ],
    changes,
    skipped: [{ region: "us-east-1", kind: "instance" as const, id: "i-2", reason: "in use" }],
  };

  it("accepts what the builder makes: a plan, a dry run and an applied run", () => {
    const probes = [
      {
        region: "us-east-1",
        action: "ModifyInstanceMetadataOptions",
        result: "denied" as const,
        code: "UnauthorizedOperation",
      },
    ];
    const results = [
      { change: changes[0] as Change, outcome: "applied" as const, verified: "applied" as const },
      {
        change: changes[1] as Change,
        outcome: "failed" as const,
        error: { code: "Throttling", kind: "throttled" as const, message: "slow down" },
      },
    ];
    for (const report of [
      buildChangeReport({ ...input, mode: "plan" }),
      buildChangeReport({ ...input, mode: "dry-run", probes }),
      buildChangeReport({ ...input, command: "rollback", mode: "apply", journal: "j.jsonl", results }),
    ]) {
      expect(problemsAgainst("change-report.schema.json", report)).toEqual([]);
    }
  });

  it("rejects an unknown outcome", () => {
    const report = buildChangeReport({ ...input, mode: "plan" });
    const row = report.changes[1];
    if (!row) throw new Error("no second change");
    (row as { outcome: string }).outcome = "maybe";
    expect(problemsAgainst("change-report.schema.json", report)).toContainEqual(
      expect.stringMatching(/^\/changes\/1\/outcome /),
    );
  });
});

describe("watch report schema", () => {
  it("accepts a report with rejections and unreadable regions", () => {
    const broken = [
      {
        region: "us-east-1",
        id: "i-1",
        at: "2026-11-22T10:51:00.000Z",
        rejected: 4,
        lastSeen: "2026-11-22T11:00:00.000Z",
      },
    ];
    const { rollbackCommand, status, line } = watchVerdict("j.jsonl", {
      watched: 3,
      broken: broken,
      unknown: [],
      enforced: [],
      unchecked: [],
      complete: false,
    });
    const report: WatchReport = {
      schemaVersion: 1,
      command: "watch",
      tool: { name: "imds", version: "0.1.0" },
      account: { id: "123456789012" },
      generatedAt: "2026-11-22T12:00:00.000Z",
      journal: "j.jsonl",
      watched: 3,
      complete: false,
      errors: [{ ...denied, part: "usage", action: "cloudwatch:GetMetricData", region: "eu-west-1" }],
      broken,
      ...(rollbackCommand ? { rollbackCommand } : {}),
      verdict: { status, line },
    };
    expect(problemsAgainst("watch-report.schema.json", report)).toEqual([]);
    expect(problemsAgainst("watch-report.schema.json", { ...report, command: "audit" })).toContainEqual(
      expect.stringMatching(/^\/command /),
    );
  });
});

describe("journal record schema", () => {
  it("accepts every line a journal writer writes", () => {
    const dir = mkdtempSync(join(tmpdir(), "imds-schema-"));
    try {
      const path = join(dir, "j.jsonl");
      const at = new Date("2026-11-22T10:51:00Z");
      const writer = JournalWriter.create(
        path,
        { ...journalHeader, endpoint: "http://127.0.0.1:4566" },
        () => at,
      );
      const kinds = [
        {
          region: "us-east-1",
          kind: "instance" as const,
          id: "i-00000001",
          before: { hopLimit: 1 },
          requested: { httpTokens: "required" },
        },
      ];
      writer.outcome(writer.intent(kinds[0] as (typeof kinds)[0]), "applied");
      writer.outcome(writer.intent(kinds[0] as (typeof kinds)[0]), "failed", { code: "X", message: "y" });
      writer.close();
      const lines = readFileSync(path, "utf8").trim().split("\n");
      expect(lines).toHaveLength(5);
      for (const line of lines)
        expect(problemsAgainst("journal-record.schema.json", JSON.parse(line))).toEqual([]);
      expect(
        problemsAgainst("journal-record.schema.json", { ...JSON.parse(lines[1] ?? "{}"), kind: "ami" }),
      ).not.toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("scenario schema", () => {
  it("accepts every shipped scenario, for editors that check against it", () => {
    const dir = new URL("../../scenarios/", import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith(".json"));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const f of files) {
      const scenario = JSON.parse(readFileSync(new URL(f, dir), "utf8"));
      expect(problemsAgainst("scenario.schema.json", scenario), f).toEqual([]);
    }
  });

  it("rejects an unknown region and a bad enum, as the simulator does", () => {
    const problems = problemsAgainst("scenario.schema.json", {
      accountId: "123456789012",
      regions: { "mars-1": {}, "us-east-1": { defaults: { httpTokens: "always" } } },
    });
    expect(problems).toContainEqual("/regions property name must be valid");
    expect(problems).toContainEqual(expect.stringMatching(/^\/regions\/us-east-1\/defaults\/httpTokens /));
  });
});
