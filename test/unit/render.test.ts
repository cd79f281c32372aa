import { describe, expect, it } from "vitest";
import type { AuditReport, Resource } from "../../src/core/types.js";
import { renderCsv } from "../../src/render/csv.js";
import { FORMATS, render } from "../../src/render/index.js";
import { renderJson } from "../../src/render/json.js";
import { MARKDOWN_MAX_ROWS, renderMarkdown } from "../../src/render/markdown.js";
import { renderTable } from "../../src/render/table.js";
import { AWKWARD_NAMES, LOCK_MESSAGE, sampleReport } from "./fixtures.js";

const ESC = "\x1b";
const plain = { color: false, maxRows: 0 };

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
    expect(FORMATS).toEqual(["table", "json", "csv", "markdown"]);
    const report = sampleReport();
    expect(render("json", report, plain)).toBe(renderJson(report));
    expect(render("csv", report, plain)).toBe(renderCsv(report));
    expect(render("markdown", report, plain)).toBe(renderMarkdown(report));
    expect(render("table", report, plain)).toBe(renderTable(report, plain));
  });

  it.each(FORMATS)("%s ends with one newline and has no trailing blanks", (format) => {
    const text = render(format, sampleReport(), { color: false, maxRows: 3 });
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
    const text = renderTable(sampleReport(), { color: false, maxRows: 2 });
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
    const text = renderTable(sampleReport(), { color: true, maxRows: 0 });
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
    const text = render("json", report, { color: true, maxRows: 0 });
    expect(text).not.toContain(ESC);
    expect(JSON.parse(text).resources[0].name).toBe(`${ESC}[31mred`);
  });
});

describe("csv", () => {
  it("has a stable header and one row per resource plus one per read error", () => {
    const text = renderCsv(sampleReport());
    expect(lines(text)[0]).toBe(
      "region,kind,id,name,severity,codes,message,httpTokens,hopLimit,httpEndpoint,instanceMetadataTags,state,metadataState,imdsSupport,version,isDefault,isLatest,managedBy,readiness,imdsv1Calls,lastSeen,httpTokensEnforced,effectiveHttpTokens,effectiveSource,imageId",
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
    const { jsonChunks } = await import("../../src/render/json.js");
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
      expect([...jsonChunks(r)].join("")).toBe(`${JSON.stringify(r, null, 2)}\n`);
    }
  });
});
