import { describe, expect, it } from "vitest";
import { buildChangeReport, type ChangeReport, type Mode } from "../../src/core/change-report.js";
import type { Change, ChangeResult } from "../../src/core/changes.js";
import type { AuditReport, Resource } from "../../src/core/types.js";
import { type WatchReport, watchVerdict } from "../../src/core/watch.js";
import { auditCsv as renderCsv } from "../../src/render/csv.js";
import {
  FORMATS,
  joined,
  REPORT_FORMATS,
  type RenderOptions,
  renderAudit,
  renderChanges,
  renderWatch,
} from "../../src/render/index.js";
import { arrayChunks, auditJson, jsonChunks } from "../../src/render/json.js";
import { MARKDOWN_MAX_ROWS, auditMarkdown as renderMarkdown } from "../../src/render/markdown.js";
import { auditTable as renderTable } from "../../src/render/table.js";
import { displayWidth } from "../../src/render/text.js";
import { AWKWARD_NAMES, LOCK_MESSAGE, sampleReport } from "./fixtures.js";

const ESC = "\x1b";
const plain = { color: false, maxRows: 0, width: 120 };

function render(format: (typeof FORMATS)[number], report: AuditReport, opts: RenderOptions): string {
  return joined(renderAudit(format, report, opts));
}

function renderJson(report: AuditReport): string {
  return joined(auditJson(report));
}

/** The sample report has 3 fail and 4 warn resources. */
const NON_PASSING = 7;

function lines(text: string): string[] {
  return text.split("\n");
}

/** The line of the region table whose first cell is `region`. */
function regionRow(text: string, region: string): string[] {
  const line = lines(text).find((l) => l.startsWith(`${region} `));
  if (!line) throw new Error(`no row for ${region} in:\n${text}`);
  return line.trim().split(/\s{2,}/);
}

/** A minimal RFC 4180 reader, independent of the writer under test. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += ch;
  }
  if (cell !== "" || row.length > 0) throw new Error("CSV does not end with a newline");
  return rows;
}

function csvRecords(report: AuditReport): Record<string, string>[] {
  const [header, ...rows] = parseCsv(renderCsv(report));
  if (!header) throw new Error("no header row");
  for (const row of rows) expect(row).toHaveLength(header.length);
  return rows.map((row) => Object.fromEntries(header.map((key, i) => [key, row[i] ?? ""])));
}

function manyWarnings(count: number): Resource[] {
  return Array.from({ length: count }, (_, i) => ({
    region: "us-east-1",
    kind: "instance" as const,
    id: `i-${String(i).padStart(17, "0")}`,
    severity: "warn" as const,
    findings: [{ severity: "warn" as const, code: "hop-limit-above-max", message: "Hop limit 3 is above 2" }],
    settings: { httpTokens: "required", hopLimit: 3 },
  }));
}

describe("render", () => {
  it("offers every format and dispatches to it", () => {
    expect(FORMATS).toEqual(["table", "json", "csv", "markdown", "sarif", "ocsf", "asff", "junit", "html"]);
    expect(REPORT_FORMATS).toEqual(["table", "json", "csv", "markdown"]);
    const report = sampleReport();
    expect(render("json", report, plain)).toBe(renderJson(report));
    expect(render("csv", report, plain)).toBe(renderCsv(report));
    expect(render("markdown", report, plain)).toBe(renderMarkdown(report));
    expect(render("table", report, plain)).toBe(renderTable(report, plain));
  });

  it.each(FORMATS)("%s ends with one newline and has no trailing blanks", (format) => {
    const text = render(format, sampleReport(), { ...plain, maxRows: 3 });
    expect(text.endsWith("\n")).toBe(true);
    expect(text.endsWith("\n\n")).toBe(false);
    if (format !== "json") expect(lines(text).filter((l) => l !== l.trimEnd())).toEqual([]);
  });
});

describe("table", () => {
  it("starts with what was audited, where and when", () => {
    const [first] = lines(renderTable(sampleReport(), plain));
    expect(first).toBe(
      "imds audit · account 123456789012 · 3 regions · 2026-11-22 10:51 UTC · endpoint http://127.0.0.1:4599",
    );
  });

  it("has one row per region with its defaults, counts and status", () => {
    const text = renderTable(sampleReport(), plain);
    expect(regionRow(text, "us-east-1")).toEqual([
      "us-east-1",
      "-",
      "-",
      "-",
      "-",
      "-",
      "account",
      "4",
      "2",
      "1",
      "1",
      "2",
      "1/2",
      "1/2",
      "FAIL",
    ]);
    expect(regionRow(text, "eu-west-1")).toContain("PASS");
  });

  it("shows ? for counts of a part it could not read, never 0", () => {
    const row = regionRow(renderTable(sampleReport(), plain), "ap-southeast-2");
    expect(row).toEqual([
      "ap-southeast-2",
      "required",
      "3",
      "-",
      "-",
      "-",
      "account",
      "?",
      "?",
      "?",
      "?",
      "?",
      "0/3",
      "1/1",
      "INCOMPLETE",
    ]);
  });

  it("shows ? for every default when the defaults could not be read", () => {
    const report = sampleReport();
    const region = report.regions[0];
    if (!region) throw new Error("fixture changed");
    region.defaults = null;
    const row = regionRow(renderTable(report, plain), "us-east-1");
    expect(row.slice(1, 7)).toEqual(["?", "?", "?", "?", "?", "?"]);
  });

  it("shows the lock in the row and the organization's message below the table", () => {
    const text = renderTable(sampleReport(), plain);
    expect(regionRow(text, "eu-west-1")[6]).toBe("org");
    expect(text).toContain(`eu-west-1 locked by org policy: ${LOCK_MESSAGE}`);
  });

  it("lists each read error with region, part, action, code and hint", () => {
    const text = renderTable(sampleReport(), plain);
    expect(text).toContain(
      "ap-southeast-2 instances not read: ec2:DescribeInstances UnauthorizedOperation: Allow ec2:DescribeInstances for this identity.",
    );
  });

  it("lists failing resources before warning ones, with the finding that decided the severity", () => {
    const text = renderTable(sampleReport(), plain);
    const detail = lines(text).filter((l) => / (FAIL|WARN) {2}/.test(l) && !l.includes("/"));
    expect(detail.map((l) => (l.includes(" FAIL ") ? "FAIL" : "WARN"))).toEqual([
      "FAIL",
      "FAIL",
      "FAIL",
      "WARN",
      "WARN",
      "WARN",
      "WARN",
    ]);
    const instance = lines(text).find((l) => l.includes("i-0a1b2c3d4e5f60001"));
    expect(instance).toMatch(/FAIL {2}IMDSv1 allowed \(HttpTokens=opt.* \(\+1 more\)$/);
  });

  it("caps the resource rows and says how many it left out", () => {
    const text = renderTable(sampleReport(), { ...plain, maxRows: 2 });
    expect(text).toContain(
      `… and ${NON_PASSING - 2} more findings (use --max-rows 0, or --format csv, to see them all)`,
    );
    expect(text).not.toContain("i-0a1b2c3d4e5f60002");
  });

  it("shows every resource when maxRows is 0", () => {
    const report = sampleReport();
    report.resources.push(...manyWarnings(200));
    const text = renderTable(report, plain);
    expect(text).not.toContain("more findings");
    expect(text).toContain("i-00000000000000199");
  });

  it("ends with the verdict and the next command", () => {
    const text = renderTable(sampleReport(), plain);
    expect(lines(text).slice(-3)).toEqual([
      "1 region could not be read completely; 2 regions have findings (3 fail, 4 warn).",
      "Next: imds enforce --regions us-east-1",
      "",
    ]);
  });

  it("keeps its tables within 120 columns", () => {
    const report = sampleReport();
    report.resources.push({
      ...manyWarnings(1)[0],
      region: "ap-southeast-2",
      kind: "launch-template",
      id: "lt-0123456789abcdef9:v120",
      name: "a template name that goes on and on well past any sensible width",
      findings: [{ severity: "warn", code: "x", message: "word ".repeat(60) }],
    } as Resource);
    // The notes under the region table carry AWS's and the organization's prose; those may wrap.
    const text = renderTable({ ...report, endpoint: undefined }, plain);
    const tableLines = lines(text).filter((l) => !/ (locked by org policy|not read): /.test(l));
    expect(tableLines.filter((l) => l.length > 120)).toEqual([]);
    expect(text).toContain("a template name that go…");
  });

  it("fits the width it is given, and no other: the terminal's, passed in as data", () => {
    const report = sampleReport();
    const long = "a finding message that is longer than any terminal would show in full, on purpose";
    report.resources.push({
      ...manyWarnings(1)[0],
      findings: [{ severity: "warn", code: "x", message: long }],
    } as Resource);
    const findingLine = (width: number) =>
      lines(renderTable(report, { ...plain, width })).find((l) => l.includes("a finding message")) ?? "";
    expect(findingLine(200)).toContain(long);
    expect(findingLine(200).length).toBeGreaterThan(120);
    expect(findingLine(120)).toHaveLength(120);
    expect(findingLine(110)).toHaveLength(110);
    expect(findingLine(110)).toMatch(/…$/);
    // Never narrower than 30 columns for the message: past that the row runs over.
    expect(findingLine(60).split("  ").at(-1)).toHaveLength(30);
  });

  it("keeps columns aligned around a CJK or combining-character name, cut or not", () => {
    const report = sampleReport();
    const [first, second] = report.resources.filter((r) => r.severity !== "pass").slice(1);
    if (!first || !second) throw new Error("fixture changed");
    first.name = "本番ウェブサーバー・決済システム用";
    second.name = "cafe\u0301-reporting";
    const text = renderTable(report, plain);
    // 23 columns: a full-width character would not fit in the 24th, so padding takes it.
    expect(text).toContain("本番ウェブサーバー・決…   FAIL");
    const resourceLines = lines(text).filter((l) => / (FAIL|WARN) {2}/.test(l) && !l.includes("/"));
    const sevColumns = resourceLines.map((l) => displayWidth(l.slice(0, l.search(/ (FAIL|WARN) {2}/))));
    expect(resourceLines.length).toBe(NON_PASSING);
    expect(new Set(sevColumns).size, text).toBe(1);
    for (const l of resourceLines) expect(displayWidth(l)).toBeLessThanOrEqual(120);
  });

  it("has no escape codes without color, even from hostile names", () => {
    const report = sampleReport();
    const first = report.resources[0];
    if (!first) throw new Error("fixture changed");
    first.name = `${ESC}[31mred${ESC}]0;title\x07`;
    const text = renderTable(report, plain);
    expect(text).not.toContain(ESC);
    expect(text).not.toContain("\x07");
  });

  it("colors the status when color is on", () => {
    const text = renderTable(sampleReport(), { ...plain, color: true });
    expect(text).toContain(`${ESC}[31mFAIL${ESC}[39m`);
    expect(text).toContain(`${ESC}[32mPASS${ESC}[39m`);
    expect(text).toContain(`${ESC}[35mINCOMPLETE${ESC}[39m`);
  });
});

describe("json", () => {
  it("round-trips the report", () => {
    const report = sampleReport();
    expect(JSON.parse(renderJson(report))).toEqual(report);
  });

  it("never contains escape codes, even when names do", () => {
    const report = sampleReport();
    const first = report.resources[0];
    if (!first) throw new Error("fixture changed");
    first.name = `${ESC}[31mred`;
    const text = render("json", report, { ...plain, color: true });
    expect(text).not.toContain(ESC);
    expect(JSON.parse(text).resources[0].name).toBe(`${ESC}[31mred`);
  });
});

describe("csv", () => {
  it("has a stable header and one row per resource plus one per read error", () => {
    const text = renderCsv(sampleReport());
    expect(lines(text)[0]).toBe(
      "region,kind,id,name,severity,codes,message,httpTokens,hopLimit,httpEndpoint,instanceMetadataTags,state,metadataState,imdsSupport,version,isDefault,isLatest,managedBy,readiness,imdsv1Calls,lastSeen,httpTokensEnforced,effectiveHttpTokens,effectiveSource,imageId,owner,ownerName,autoScalingGroup,launchTemplate",
    );
    expect(csvRecords(sampleReport())).toHaveLength(sampleReport().resources.length + 1);
    expect(text).not.toContain("\r");
  });

  it("quotes commas, quotes and newlines so they parse back", () => {
    const names = csvRecords(sampleReport()).map((r) => r.name);
    expect(names).toContain(AWKWARD_NAMES.comma);
    expect(names).toContain(AWKWARD_NAMES.quotes);
    expect(names).toContain(AWKWARD_NAMES.newline);
    expect(names).toContain(AWKWARD_NAMES.pipe);
  });

  it("defuses cells a spreadsheet would run as formulas, but keeps negative numbers", () => {
    const records = csvRecords(sampleReport());
    expect(records.map((r) => r.name)).toContain(`'${AWKWARD_NAMES.formula}`);
    const template = records.find((r) => r.id === "lt-0123456789abcdef1:v1");
    expect(template).toMatchObject({ hopLimit: "-1", version: "1", isDefault: "true" });
    for (const start of ["+", "-", "@"]) {
      const report = sampleReport();
      const first = report.resources[0];
      if (!first) throw new Error("fixture changed");
      first.name = `${start}cmd|' /C calc'!A0`;
      expect(csvRecords(report)[0]?.name).toBe(`'${start}cmd|' /C calc'!A0`);
    }
  });

  it("writes the codes, the deciding finding and the settings of each resource", () => {
    const instance = csvRecords(sampleReport()).find((r) => r.id === "i-0a1b2c3d4e5f60001");
    expect(instance).toEqual({
      region: "us-east-1",
      kind: "instance",
      id: "i-0a1b2c3d4e5f60001",
      name: AWKWARD_NAMES.comma,
      severity: "fail",
      codes: "hop-limit-above-max;imdsv1-allowed",
      message: "IMDSv1 allowed (HttpTokens=optional)",
      httpTokens: "optional",
      hopLimit: "3",
      httpEndpoint: "enabled",
      instanceMetadataTags: "disabled",
      state: "running",
      metadataState: "applied",
      imdsSupport: "",
      version: "",
      isDefault: "",
      isLatest: "",
      managedBy: "",
      readiness: "",
      imdsv1Calls: "",
      lastSeen: "",
      httpTokensEnforced: "",
      effectiveHttpTokens: "",
      effectiveSource: "",
      imageId: "",
      owner: "",
      ownerName: "",
      autoScalingGroup: "",
      launchTemplate: "",
    });
  });

  it("has an error row for a region part it could not read", () => {
    const errors = csvRecords(sampleReport()).filter((r) => r.kind === "error");
    expect(errors).toEqual([
      expect.objectContaining({
        region: "ap-southeast-2",
        id: "instances",
        name: "ec2:DescribeInstances",
        severity: "incomplete",
        codes: "UnauthorizedOperation",
      }),
    ]);
    expect(errors[0]?.message).toContain("Allow ec2:DescribeInstances for this identity.");
  });
});

describe("markdown", () => {
  it("has a status heading, the scope and a region table", () => {
    const text = renderMarkdown(sampleReport());
    expect(lines(text)[0]).toBe("## imds audit: Incomplete");
    expect(text).toContain("account 123456789012 · 3 regions · 2026-11-22 10:51 UTC");
    expect(text).toContain(
      "| ap-southeast-2 | required | 3 | - | - | - | account | ? | ? | ? | ? | ? | 0/3 | 1/1 | INCOMPLETE |",
    );
    expect(text).toContain(`- eu-west-1: ${LOCK_MESSAGE}`);
    expect(text).toContain("- ap-southeast-2 (instances): ec2:DescribeInstances UnauthorizedOperation:");
  });

  it("escapes pipes so a cell never splits", () => {
    const text = renderMarkdown(sampleReport());
    const row = lines(text).find((l) => l.includes("lt-0123456789abcdef0:v3"));
    expect(row).toContain("build\\|deploy");
    expect(row?.replaceAll("\\|", "").split("|")).toHaveLength(8);
  });

  it("keeps a name on one line and inert", () => {
    const text = renderMarkdown(sampleReport());
    const report = sampleReport();
    const first = report.resources[0];
    if (!first) throw new Error("fixture changed");
    first.name = "<img src=x> [link](http://x) line\nbreak";
    const row = lines(renderMarkdown(report)).find((l) => l.includes("\\<img"));
    expect(row).toContain("\\<img src=x\\> \\[link\\](http://x) line break");
    expect(text).not.toContain(ESC);
  });

  it(`caps the resource table at ${MARKDOWN_MAX_ROWS} rows`, () => {
    const report = sampleReport();
    report.resources.push(...manyWarnings(60));
    const text = renderMarkdown(report);
    const rows = lines(text).filter((l) => / \| (FAIL|WARN) \| /.test(l));
    expect(rows).toHaveLength(MARKDOWN_MAX_ROWS);
    expect(text).toContain(`… and ${NON_PASSING + 60 - MARKDOWN_MAX_ROWS} more findings`);
  });

  it("puts the next command in a code block", () => {
    expect(renderMarkdown(sampleReport())).toContain("```sh\nimds enforce --regions us-east-1\n```\n");
  });
});

describe("json chunks", () => {
  it("are exactly JSON.stringify(report, null, 2), with and without resources", async () => {
    const { sampleReport } = await import("./fixtures.js");
    const report = sampleReport();
    const many = {
      ...report,
      resources: Array.from({ length: 2500 }, (_, i) => ({
        ...(report.resources[0] as Resource),
        id: `i-${i}`,
      })),
    };
    for (const r of [report, many, { ...report, resources: [] }]) {
      expect([...jsonChunks(r, "resources")].join("")).toBe(`${JSON.stringify(r, null, 2)}\n`);
    }
  });
  it("a top-level array (ASFF) is exactly JSON.stringify(list, null, 2), across batches and empty", () => {
    for (const n of [0, 1, 1000, 2500]) {
      const list = Array.from({ length: n }, (_, i) => ({ Id: `f-${i}`, Nested: { Deep: [i, "x\ny"] } }));
      expect([...arrayChunks(list, "top")].join("")).toBe(JSON.stringify(list, null, 2));
    }
  });
});

/** An applied enforce run: one default applied, one instance (with a long CJK name) failed, one region unread. */
function changeReport(mode: Mode = "apply"): ChangeReport {
  const base = {
    region: "us-east-1",
    before: { httpTokens: "optional", hopLimit: 1 },
    requested: { httpTokens: "required" },
  };
  const defaults: Change = { ...base, kind: "account-default", id: "account-default" };
  const instance: Change = {
    ...base,
    kind: "instance",
    id: "i-0123456789abcdef0",
    name: "本番ウェブサーバー・決済システム用",
  };
  const results: ChangeResult[] = [
    { change: defaults, outcome: "applied", verified: "applied" },
    {
      change: instance,
      outcome: "failed",
      error: { code: "UnauthorizedOperation", kind: "permission", message: "You are not authorized" },
    },
  ];
  return buildChangeReport({
    command: "enforce",
    version: "0.0.0",
    account: { id: "123456789012" },
    generatedAt: new Date("2026-11-22T10:51:00Z"),
    mode,
    interrupted: false,
    regions: [
      { region: "us-east-1", errors: [] },
      {
        region: "eu-west-1",
        errors: [
          {
            part: "instances",
            kind: "permission",
            action: "ec2:DescribeInstances",
            code: "UnauthorizedOperation",
            message: "no",
            hint: "Allow ec2:DescribeInstances.",
          },
        ],
      },
    ],
    changes: [defaults, instance],
    ...(mode === "apply" ? { results } : {}),
    skipped: [
      { region: "us-east-1", kind: "instance", id: "i-0000000000000000e", reason: "IMDS is turned off" },
    ],
  });
}

function watchReport(): WatchReport {
  const broken = [
    {
      region: "us-east-1",
      id: "i-1",
      at: "2026-11-22T10:00:00Z",
      rejected: 12,
      lastSeen: "2026-11-22T10:40:00Z",
    },
  ];
  const { rollbackCommand, status, line } = watchVerdict("enforce.jsonl", {
    watched: 4,
    broken: broken,
    unknown: [],
    enforced: [],
    unchecked: [],
    complete: true,
  });
  return {
    schemaVersion: 1,
    command: "watch",
    tool: { name: "imds", version: "0.0.0" },
    account: { id: "123456789012" },
    generatedAt: "2026-11-22T10:51:00Z",
    journal: "enforce.jsonl",
    watched: 4,
    complete: true,
    errors: [],
    broken,
    ...(rollbackCommand ? { rollbackCommand } : {}),
    verdict: { status, line },
  };
}

const RED = `${ESC}[31m`;
const GREEN = `${ESC}[32m`;

describe("change and watch reports", () => {
  it.each(REPORT_FORMATS)("%s ends with one newline and has no trailing blanks", (format) => {
    for (const text of [
      joined(renderChanges(format, changeReport(), plain)),
      joined(renderWatch(format, watchReport(), plain)),
    ]) {
      expect(text.endsWith("\n")).toBe(true);
      expect(text.endsWith("\n\n")).toBe(false);
      if (format !== "json") expect(lines(text).filter((l) => l !== l.trimEnd())).toEqual([]);
    }
  });

  it("carry their status in JSON, next to the line", () => {
    const changes = JSON.parse(joined(renderChanges("json", changeReport(), plain)));
    expect(changes.verdict).toEqual({ status: "incomplete", line: expect.stringMatching(/^INCOMPLETE: /) });
    expect(joined(renderChanges("json", changeReport(), plain))).toBe(
      `${JSON.stringify(changeReport(), null, 2)}\n`,
    );
    expect(JSON.parse(joined(renderWatch("json", watchReport(), plain))).verdict.status).toBe("broken");
  });

  it("color the verdict by its status, never by reading the line", () => {
    const color = { ...plain, color: true };
    const report = changeReport();
    report.verdict = { status: "incomplete", line: "DONE: every word of this line says all is well" };
    expect(joined(renderChanges("table", report, color))).toContain(`${RED}DONE: every word`);
    report.verdict = { status: "applied", line: "INCOMPLETE: Not permitted, INTERRUPTED" };
    expect(joined(renderChanges("table", report, color))).toContain(`${GREEN}INCOMPLETE: Not permitted`);
    const watch = watchReport();
    watch.verdict = { status: "ok", line: "BROKEN: so says the line" };
    expect(joined(renderWatch("table", watch, color))).toContain(`${GREEN}BROKEN: so says the line`);
  });

  it("cap a long name in the terminal, aligned, and keep it whole in markdown", () => {
    const table = joined(renderChanges("table", changeReport(), plain));
    const rows = lines(table).filter((l) => l.startsWith("us-east-1  "));
    expect(rows.some((l) => l.includes("本番ウェブサーバー・決…"))).toBe(true);
    const before = rows
      .filter((l) => l.includes("httpTokens=optional"))
      .map((l) => displayWidth(l.slice(0, l.indexOf("httpTokens=optional"))));
    expect(before).toHaveLength(2);
    expect(new Set(before).size, table).toBe(1);
    expect(joined(renderChanges("markdown", changeReport(), plain))).toContain(
      "| 本番ウェブサーバー・決済システム用 |",
    );
  });

  it("show failures first, unread regions, and the reasons resources were left alone", () => {
    const table = joined(renderChanges("table", changeReport(), plain));
    const failed = table.indexOf("failed (UnauthorizedOperation)");
    expect(failed).toBeGreaterThan(0);
    expect(failed).toBeLessThan(table.indexOf("  applied"));
    expect(table).toContain("not read: ec2:DescribeInstances UnauthorizedOperation");
    expect(table).toContain("Left alone:\n  instance us-east-1 i-0000000000000000e: IMDS is turned off");
  });

  it("show only the columns a plan fills in markdown", () => {
    const text = joined(renderChanges("markdown", changeReport("plan"), plain));
    expect(text).toContain("| Region | Planned | Left alone | Permission |");
    expect(text.startsWith("## imds enforce (plan)\n")).toBe(true);
  });

  it("write a CSV row per change, per resource left alone and per region not read", () => {
    const text = joined(renderChanges("csv", changeReport(), plain));
    expect(lines(text)[0]).toBe("region,kind,id,name,before,requested,outcome,verified,error,reason");
    const [, ...rows] = parseCsv(text);
    expect(rows.map((r) => r[6])).toEqual(["applied", "failed", "left alone", "not read"]);
    const [region, kind, id, name, , , , , , reason] = rows[3] ?? [];
    expect({ region, kind, id, name, reason }).toEqual({
      region: "eu-west-1",
      kind: "error",
      id: "instances",
      name: "ec2:DescribeInstances",
      reason: "Allow ec2:DescribeInstances.",
    });
  });

  it("watch: a table of the instances that rejected IMDSv1, and the rollback for just those", () => {
    const text = joined(renderWatch("table", watchReport(), plain));
    expect(lines(text)[0]).toBe(
      "imds watch · account 123456789012 · 4 changed instances · 2026-11-22 10:51 UTC · journal enforce.jsonl",
    );
    expect(text).toContain(
      "us-east-1  i-1       2026-11-22 10:00 UTC                     12  2026-11-22 10:40 UTC",
    );
    expect(text).toContain("Roll back just those: imds rollback enforce.jsonl --instance-ids i-1");
    const md = joined(renderWatch("markdown", watchReport(), plain));
    expect(md).toContain("| us-east-1 | i-1 | 2026-11-22 10:00 UTC | 12 | 2026-11-22 10:40 UTC |");
    expect(md).toContain("```sh\nimds rollback enforce.jsonl --instance-ids i-1\n```");
  });
});
