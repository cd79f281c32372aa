// The finding formats (SARIF, OCSF, ASFF, JUnit, HTML) of hand-built audit reports, each validated
// against its own published schema, plus what each format promises: stable identities, the
// account on everything, GitHub's limits, unique test names, escaped HTML.

import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { AsffFinding } from "../../src/core/asff.js";
import type { AuditReport, RegionReport, Resource } from "../../src/core/types.js";
import { auditAsff } from "../../src/render/asff.js";
import { auditHtml } from "../../src/render/html.js";
import { joined } from "../../src/render/index.js";
import { auditJunit } from "../../src/render/junit.js";
import { auditOcsf } from "../../src/render/ocsf.js";
import { auditSarif, SARIF_LIMITS, sarifCuts } from "../../src/render/sarif.js";
import { sampleReport } from "./fixtures.js";
import { asffProblems, junitProblems, ocsfProblems, sarifProblems } from "./format-validators.js";

const OTHER = "222233334444";

/** The sample report with a second account's copy of every region and resource (an organization report). */
function twoAccounts(): AuditReport {
  const report = sampleReport();
  const tag = <T extends object>(items: T[], account: string) => items.map((x) => ({ ...x, account }));
  report.regions = [
    ...tag(report.regions, report.account.id),
    ...tag(report.regions, OTHER),
  ] as RegionReport[];
  report.resources = [
    ...tag(report.resources, report.account.id),
    ...tag(report.resources, OTHER),
  ] as Resource[];
  return report;
}

function failingInstances(n: number, severity: "fail" | "warn" = "fail"): Resource[] {
  return Array.from({ length: n }, (_, i) => ({
    region: "us-east-1",
    kind: "instance" as const,
    id: `i-${String(i).padStart(17, "0")}`,
    severity,
    findings: [
      { severity, code: severity === "fail" ? "imdsv1-allowed" : "hop-limit-above-max", message: "x" },
    ],
    settings: { httpTokens: "optional" },
  }));
}

type SarifLog = {
  runs: {
    automationDetails: { id: string };
    tool: { driver: { rules: { id: string; name: string; properties: Record<string, unknown> }[] } };
    invocations: {
      executionSuccessful: boolean;
      toolExecutionNotifications: { message: { text: string } }[];
    }[];
    results: {
      ruleId: string;
      level: string;
      partialFingerprints: Record<string, string>;
      locations: {
        physicalLocation: { artifactLocation: { uri: string } };
        logicalLocations: { fullyQualifiedName: string }[];
      }[];
      properties: { account: string };
    }[];
  }[];
};

type OcsfEvent = Record<string, unknown> & {
  cloud: { account: { uid: string } };
  resources: { uid: string }[];
  compliance: { status: string };
};

const sarifOf = (report: AuditReport) => JSON.parse(auditSarif(report)) as SarifLog;

describe("sarif", () => {
  it("is valid SARIF 2.1.0 with the location, rules and severities GitHub reads", () => {
    const log = sarifOf(sampleReport());
    expect(sarifProblems(log)).toEqual([]);
    const [run] = log.runs;
    expect(run?.automationDetails.id).toBe("imds/audit/123456789012/");
    const rules = new Map(run?.tool.driver.rules.map((r) => [r.id, r]));
    expect(run?.results).toHaveLength(8); // every fail and warn finding of the sample
    for (const r of run?.results ?? []) {
      expect(rules.has(r.ruleId)).toBe(true);
      expect(r.locations[0]?.physicalLocation.artifactLocation.uri).toMatch(
        /^aws\/123456789012\/(us-east-1|ap-southeast-2)\//,
      );
      expect(r.locations[0]?.logicalLocations[0]?.fullyQualifiedName).toMatch(/^(arn:aws:|AWS::::Account:)/);
      expect(r.properties.account).toBe("123456789012");
    }
    for (const rule of rules.values()) {
      expect(rule.properties["security-severity"]).toMatch(/^\d+\.\d$/);
      expect(rule.name).toMatch(/^[A-Z][A-Za-z0-9]*$/);
    }
  });

  it("says an unread region in the run, and the run is not successful", () => {
    const [run] = sarifOf(sampleReport()).runs;
    expect(run?.invocations[0]?.executionSuccessful).toBe(false);
    expect(run?.invocations[0]?.toolExecutionNotifications.map((n) => n.message.text).join("\n")).toMatch(
      /ap-southeast-2 not read completely: ec2:DescribeInstances UnauthorizedOperation/,
    );
  });

  it("fingerprints are stable across runs and differ by account, region, resource and code", () => {
    const prints = (log: SarifLog) =>
      log.runs.flatMap((run) => run.results.map((r) => r.partialFingerprints["imdsFinding/v1"]));
    const once = prints(sarifOf(twoAccounts()));
    expect(prints(sarifOf(twoAccounts()))).toEqual(once);
    expect(new Set(once).size).toBe(once.length);
  });

  it("one run per account, each with its own automation id", () => {
    const log = sarifOf(twoAccounts());
    expect(sarifProblems(log)).toEqual([]);
    expect(log.runs.map((r) => r.automationDetails.id)).toEqual([
      "imds/audit/123456789012/",
      `imds/audit/${OTHER}/`,
    ]);
    expect(log.runs[1]?.results.every((r) => r.properties.account === OTHER)).toBe(true);
  });

  it("cuts at GitHub's limits, failures kept first, and says so", () => {
    const report = sampleReport();
    report.resources = [...failingInstances(10, "warn"), ...failingInstances(SARIF_LIMITS.resultsPerRun)];
    const [run] = sarifOf(report).runs;
    expect(run?.results).toHaveLength(SARIF_LIMITS.resultsPerRun);
    expect(run?.results.every((r) => r.level === "error")).toBe(true);
    expect(sarifCuts(report)).toEqual([
      "SARIF: 10 findings of account 123456789012 left out (GitHub takes 25000 results per run; failures kept first)",
    ]);

    const many = sampleReport();
    many.regions = Array.from({ length: 22 }, (_, i) => ({
      ...many.regions[0],
      account: String(100000000000 + i),
    })) as RegionReport[];
    expect(sarifOf(many).runs).toHaveLength(SARIF_LIMITS.runsPerFile);
    expect(sarifCuts(many)[0]).toMatch(/^SARIF: 3 accounts left out \(GitHub takes 20 runs per file\)/);
  });

  it("passes Microsoft's SARIF multitool with GitHub's ingestion rules", () => {
    const tool = resolve(
      import.meta.dirname,
      "../../node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool",
    );
    chmodSync(tool, 0o755); // npm does not run the package's own chmod (install scripts are off)
    const dir = mkdtempSync(join(tmpdir(), "imds-sarif-"));
    try {
      writeFileSync(join(dir, "in.sarif"), auditSarif(twoAccounts()));
      const run = spawnSync(
        tool,
        [
          "validate",
          "--rule-kind",
          "Sarif;Gh",
          "--level",
          "Error;Warning",
          join(dir, "in.sarif"),
          "-o",
          join(dir, "out.sarif"),
        ],
        { encoding: "utf8", env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: "1" }, timeout: 120_000 },
      );
      expect(run.status, run.stdout + run.stderr).toBe(0);
      const out = JSON.parse(readFileSync(join(dir, "out.sarif"), "utf8")) as SarifLog;
      expect(out.runs[0]?.results.map((r) => `${r.ruleId} ${JSON.stringify(r)}`)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe("ocsf", () => {
  const events = (report: AuditReport) =>
    joined(auditOcsf(report))
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as OcsfEvent);

  it("one valid OCSF 1.6.0 Compliance Finding per finding, JSON lines", () => {
    const all = events(twoAccounts());
    // 16 findings, then one Unknown event for each of the 2 region parts the sample could not read.
    expect(all).toHaveLength(18);
    expect(all.slice(16).map((e) => e.compliance.status)).toEqual(["Unknown", "Unknown"]);
    for (const e of all) expect(ocsfProblems(e)).toEqual([]);
    const [first] = all;
    expect(first).toMatchObject({
      class_uid: 2003,
      category_uid: 2,
      type_uid: 200301,
      metadata: { version: "1.6.0", product: { name: "imds" }, profiles: ["cloud"] },
      cloud: { provider: "AWS", region: "us-east-1", account: { uid: "123456789012", type_id: 10 } },
    });
    expect(all.map((e) => e.cloud.account.uid)).toContain(OTHER);
    expect(all.map((e) => e.resources[0]?.uid)).toContain(
      "arn:aws:ec2:us-east-1:123456789012:instance/i-0a1b2c3d4e5f60001",
    );
    expect(new Set(all.map((e) => e.compliance.status))).toEqual(new Set(["Fail", "Warning", "Unknown"]));
  });
});

describe("asff", () => {
  const findings = (report: AuditReport) => JSON.parse(joined(auditAsff(report))) as AsffFinding[];

  it("every field ASFF requires, valid for BatchImportFindings per botocore's model", () => {
    const all = findings(twoAccounts());
    expect(asffProblems(all)).toBe("");
    for (const f of all) {
      for (const field of [
        "SchemaVersion",
        "Id",
        "ProductArn",
        "GeneratorId",
        "AwsAccountId",
        "Types",
        "CreatedAt",
        "UpdatedAt",
        "Severity",
        "Title",
        "Description",
        "Resources",
      ])
        expect(f[field], field).toBeDefined();
      const region = f.Resources[0]?.Region;
      expect(f.ProductArn).toBe(
        `arn:aws:securityhub:${region}:${f.AwsAccountId}:product/${f.AwsAccountId}/default`,
      );
      // A region part that could not be read is NOT_AVAILABLE, on the account.
      if (f.Id.startsWith("imds/unread/"))
        expect([f.Compliance.Status, f.Resources[0]?.Type]).toEqual(["NOT_AVAILABLE", "AwsAccount"]);
      else expect(f.Compliance.Status).toMatch(/^(FAILED|WARNING)$/);
    }
    expect(asffProblems([{ ...all[0], Resources: [{ Type: "Other" }] }])).toMatch(
      /Missing required parameter/,
    );
  });

  it("Ids are stable, and differ per account, region, resource and code", () => {
    const ids = findings(twoAccounts()).map((f) => f.Id);
    expect(findings(twoAccounts()).map((f) => f.Id)).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toBe("imds/123456789012/us-east-1/account-default/account-default/default-imdsv1-allowed");
  });
});

describe("junit", () => {
  const xml = (report: AuditReport) => joined(auditJunit(report));

  it("valid against the JUnit XSD; a suite per account and region; classname + name unique", async () => {
    const text = xml(twoAccounts());
    expect(await junitProblems(text)).toEqual([]);
    expect([...text.matchAll(/<testsuite name="([^"]+)"/g)].map((m) => m[1])).toEqual([
      "123456789012/us-east-1",
      "123456789012/eu-west-1",
      "123456789012/ap-southeast-2",
      `${OTHER}/us-east-1`,
      `${OTHER}/eu-west-1`,
      `${OTHER}/ap-southeast-2`,
    ]);
    const cases = [...text.matchAll(/<testcase classname="([^"]+)" name="([^"]+)"/g)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    expect(new Set(cases).size).toBe(cases.length);
  });

  it("failures for findings at or above --fail-on, errors for parts not read", async () => {
    const report = sampleReport();
    const failures = (t: string) => Number(/<testsuites[^>]* failures="(\d+)"/.exec(t)?.[1]);
    expect(failures(xml(report))).toBe(3);
    report.options.failOn = "warn";
    expect(failures(xml(report))).toBe(7);
    report.options.failOn = "never";
    expect(failures(xml(report))).toBe(0);
    expect(xml(report)).toMatch(
      /<testcase classname="imds\.123456789012\.ap-southeast-2\.region" name="instances \(not read\)"/,
    );
    expect(await junitProblems(xml(report).replace("<testsuite ", '<testsuite bogus="1" '))).not.toEqual([]);
  });
});

describe("html", () => {
  it("one self-contained page: nothing fetched, text escaped, the verdict, the regions, the evidence", () => {
    const report = twoAccounts();
    const first = report.resources[1];
    if (first) first.name = '<script>alert("x")</script>';
    const html = auditHtml(report);
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    expect(html).toContain("default-src 'none'");
    expect(html).not.toContain('<script>alert("x")</script>');
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(html).toContain(report.verdict.line.slice(0, 20));
    for (const region of ["us-east-1", "eu-west-1", "ap-southeast-2"])
      expect(html).toContain(`>${region}</th>`);
    expect(html).toContain(`<th scope="row">${OTHER}</th>`);
    expect(html).toMatch(/Not read completely/);
  });
});

afterAll(() => undefined);
