// The finding formats end to end: the built CLI writes every format of one audit of the demo
// account at once (--output-dir), each file passes its published schema, and they agree with the
// JSON report on what was found. Bad spellings are one line and exit 2.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditReport } from "../../src/core/types.js";
import { asffProblems, junitProblems, ocsfProblems, sarifProblems } from "../unit/format-validators.js";
import { imds, onSimulator, type Run, withSimulator } from "./harness.js";

const dir = mkdtempSync(join(tmpdir(), "imds-e2e-formats-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FORMATS = "json,sarif,ocsf,asff,junit,html,csv,markdown,table";
let run: Run;
const files: Record<string, string> = {};

describe.skipIf(!onSimulator)("audit --format ... --output-dir on the demo account", () => {
  beforeAll(async () => {
    await withSimulator("demo", async ({ sim }) => {
      run = await imds([
        "audit",
        "--endpoint-url",
        sim.url,
        "--usage",
        "--format",
        FORMATS,
        "--output-dir",
        join(dir, "out"),
      ]);
    });
    for (const name of readdirSync(join(dir, "out"))) {
      const ending = name.replace(/^imds-audit-123456789012-\d{8}T\d{6}\.\d{3}Z-[0-9a-f]{6}\./, "");
      files[ending] = readFileSync(join(dir, "out", name), "utf8");
    }
  });

  it("one file per format, named for the account and time; the verdict on stderr, nothing on stdout", () => {
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toBe("");
    expect(Object.keys(files).sort()).toEqual(
      ["asff.json", "csv", "html", "json", "junit.xml", "md", "ocsf.jsonl", "sarif", "txt"].sort(),
    );
    expect(run.stderr).toMatch(
      /^imds: wrote .*\/out\/imds-audit-123456789012-\d{8}T\d{6}\.\d{3}Z-[0-9a-f]{6}\.json$/m,
    );
    expect(run.stderr).toMatch(/^FAIL: IMDSv1 is allowed/m);
  });

  it("each finding format passes its schema and has every finding of the JSON report", async () => {
    const report = JSON.parse(files.json ?? "") as AuditReport;
    const findings = report.resources.flatMap((r) => r.findings.filter((f) => f.severity !== "pass"));
    expect(findings.length).toBeGreaterThan(100);

    const sarif = JSON.parse(files.sarif ?? "") as { runs: { results: unknown[] }[] };
    expect(sarifProblems(sarif)).toEqual([]);
    expect(sarif.runs[0]?.results).toHaveLength(findings.length);

    const events = (files["ocsf.jsonl"] ?? "")
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as unknown);
    expect(events).toHaveLength(findings.length);
    expect(events.flatMap(ocsfProblems)).toEqual([]);

    const asff = JSON.parse(files["asff.json"] ?? "") as unknown[];
    expect(asff).toHaveLength(findings.length);
    expect(asffProblems(asff)).toBe("");

    const junit = files["junit.xml"] ?? "";
    expect(await junitProblems(junit)).toEqual([]);
    const failing = report.resources.filter((r) => r.severity === "fail").length;
    expect(Number(/<testsuites[^>]* failures="(\d+)"/.exec(junit)?.[1])).toBe(failing);

    expect(files.html).toContain(report.verdict.line);
  });
});

describe("format spellings that are bad usage: one line, exit 2", () => {
  it.each([
    [
      ["audit", "--format", "sarif,json"],
      /^imds: several formats \(sarif, json\) need --output-dir DIR: one file each$/m,
    ],
    [
      ["audit", "--format", "xml"],
      /^imds: option '--format <formats>' argument 'xml' is invalid\. "xml" is not a format/,
    ],
    [
      ["enforce", "--format", "sarif"],
      /^imds: --format sarif does not apply to imds enforce \(it writes table, json, csv, markdown\)$/m,
    ],
    [
      ["audit", "--output", "x.json", "--output-dir", "."],
      /^imds: option '--output-dir <dir>' cannot be used with option '--output <file>'/,
    ],
    [
      ["report", "diff", "a.json", "b.json", "--format", "csv"],
      /^imds: --format csv does not apply to imds report diff/,
    ],
  ])("%j", async (args, message) => {
    const r = await imds(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});

describe.skipIf(!onSimulator)("a region that could not be read, in the finding formats", () => {
  it("ASFF: a NOT_AVAILABLE finding on the account; OCSF: an Unknown compliance event; both valid", async () => {
    const out = join(dir, "unread");
    const r = await withSimulator(
      {
        accountId: "111122223333",
        regions: { "us-east-1": { instances: [{ id: "i-00000000000000a01", httpTokens: "required" }] } },
        denied: { DescribeInstances: ["eu-west-1"] },
      },
      async ({ sim }) =>
        imds([
          "audit",
          "--endpoint-url",
          sim.url,
          "--regions",
          "us-east-1,eu-west-1",
          "--format",
          "ocsf,asff",
          "--output-dir",
          out,
        ]),
    );
    expect(r.code, r.stderr).toBe(3);
    const written = Object.fromEntries(
      readdirSync(out).map((name) => [
        name.replace(/^.*\.(ocsf\.jsonl|asff\.json)$/, "$1"),
        readFileSync(join(out, name), "utf8"),
      ]),
    );
    const asff = JSON.parse(written["asff.json"] ?? "") as {
      Id: string;
      Compliance: { Status: string };
      Title: string;
    }[];
    expect(asffProblems(asff)).toBe("");
    expect(
      asff.filter((f) => f.Id.startsWith("imds/unread/")).map((f) => [f.Id, f.Compliance.Status, f.Title]),
    ).toEqual([
      [
        "imds/unread/111122223333/eu-west-1/instances",
        "NOT_AVAILABLE",
        "imds could not read the instances of eu-west-1",
      ],
    ]);
    const events = (written["ocsf.jsonl"] ?? "")
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as { compliance: { status_id: number }; cloud: { region: string } });
    expect(events.flatMap(ocsfProblems)).toEqual([]);
    expect(events.filter((e) => e.compliance.status_id === 0).map((e) => e.cloud.region)).toEqual([
      "eu-west-1",
    ]);
    // An account default is named as such, not "account-default account-default".
    expect(asff.find((f) => f.Id.endsWith("/no-account-default"))?.Title).toBe(
      "No IMDSv2 account default: account default",
    );
  });
});
