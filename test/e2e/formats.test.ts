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
      const ending = name.replace(/^imds-audit-123456789012-\d{8}T\d{6}Z\./, "");
      files[ending] = readFileSync(join(dir, "out", name), "utf8");
    }
  });

  it("one file per format, named for the account and time; the verdict on stderr, nothing on stdout", () => {
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toBe("");
    expect(Object.keys(files).sort()).toEqual(
      ["asff.json", "csv", "html", "json", "junit.xml", "md", "ocsf.jsonl", "sarif", "txt"].sort(),
    );
    expect(run.stderr).toMatch(/^imds: wrote .*\/out\/imds-audit-123456789012-\d{8}T\d{6}Z\.json$/m);
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
