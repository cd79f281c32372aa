// The status of change and watch verdicts: data that says what the line says, agreeing with the exit code.
import { describe, expect, it } from "vitest";
import { buildChangeReport, type ChangeReportInput, type ProbeResult } from "../../src/core/change-report.js";
import type { Change, ChangeResult } from "../../src/core/changes.js";
import { changeExitCode, dryRunExitCode, watchExitCode } from "../../src/core/exit-code.js";
import type { ReadError } from "../../src/core/types.js";
import { watchVerdict } from "../../src/core/watch.js";

const change: Change = {
  region: "us-east-1",
  kind: "instance",
  id: "i-1",
  before: { httpTokens: "optional" },
  requested: { httpTokens: "required" },
};

const unread: ReadError = {
  part: "instances",
  action: "ec2:DescribeInstances",
  code: "UnauthorizedOperation",
  kind: "permission",
  message: "not allowed",
  hint: "Allow ec2:DescribeInstances.",
};

function input(extra: Partial<ChangeReportInput>): ChangeReportInput {
  return {
    command: "enforce",
    version: "0.0.0",
    account: { id: "123456789012" },
    generatedAt: new Date(0),
    mode: "apply",
    interrupted: false,
    regions: [{ region: "us-east-1", errors: [] }],
    changes: [change],
    skipped: [],
    ...extra,
  };
}

const applied: ChangeResult = { change, outcome: "applied", verified: "applied" };
const failed: ChangeResult = {
  change,
  outcome: "failed",
  error: { code: "UnauthorizedOperation", kind: "permission", message: "no" },
};
const pending: ChangeResult = { change, outcome: "applied", verified: "pending" };
const permitted: ProbeResult = {
  region: "us-east-1",
  action: "ModifyInstanceMetadataOptions",
  result: "permitted",
  code: "DryRunOperation",
};
const denied: ProbeResult = { ...permitted, result: "denied", code: "UnauthorizedOperation" };

describe("change verdict status", () => {
  it.each([
    ["applied", input({ results: [applied] }), "DONE:"],
    ["nothing-to-do", input({ changes: [] }), "NOTHING TO DO:"],
    ["incomplete", input({ results: [failed] }), "INCOMPLETE:"],
    ["incomplete", input({ results: [pending] }), "INCOMPLETE:"],
    [
      "incomplete",
      input({ changes: [], regions: [{ region: "us-east-1", errors: [unread] }] }),
      "NOTHING TO DO:",
    ],
    ["interrupted", input({ results: [applied], interrupted: true }), "INTERRUPTED:"],
    ["planned", input({ mode: "plan" }), "PLAN:"],
    ["planned", input({ mode: "dry-run", probes: [permitted] }), "DRY RUN:"],
    ["not-permitted", input({ mode: "dry-run", probes: [denied] }), "DRY RUN:"],
    ["nothing-to-do", input({ mode: "dry-run", changes: [] }), "DRY RUN:"],
  ] as const)("%s (%#)", (status, given, prefix) => {
    const report = buildChangeReport(given);
    expect(report.verdict.status).toBe(status);
    expect(report.verdict.line.startsWith(prefix)).toBe(true);
  });

  it("is good exactly when the exit code is 0", () => {
    const cases = [
      input({ results: [applied] }),
      input({ results: [failed] }),
      input({ results: [pending] }),
      input({ changes: [], results: [] }),
      input({ changes: [], results: [], regions: [{ region: "us-east-1", errors: [unread] }] }),
      input({ results: [applied], regions: [{ region: "us-east-1", errors: [unread] }] }),
    ];
    for (const c of cases) {
      const readErrors = c.regions.reduce((n, r) => n + r.errors.length, 0);
      const code = changeExitCode({ readErrors, results: c.results ?? [] });
      const { status } = buildChangeReport(c).verdict;
      expect(["applied", "nothing-to-do"].includes(status), status).toBe(code === 0);
    }
    for (const probes of [[permitted], [denied]]) {
      const { status } = buildChangeReport(input({ mode: "dry-run", probes })).verdict;
      expect(status === "planned").toBe(dryRunExitCode(0, probes) === 0);
    }
  });
});

describe("watch verdict status", () => {
  const broken = [{ region: "us-east-1", id: "i-1", at: "2026-01-01T00:00:00Z", rejected: 3 }];
  it.each([
    ["ok", [], true, "OK:"],
    ["broken", broken, true, "BROKEN:"],
    ["incomplete", [], false, "INCOMPLETE:"],
    ["incomplete", broken, false, "BROKEN:"],
  ] as const)("%s (%#)", (status, rejections, complete, prefix) => {
    const verdict = watchVerdict("j.jsonl", {
      watched: 5,
      broken: rejections,
      unknown: [],
      enforced: [],
      unchecked: [],
      complete,
    });
    expect(verdict.status).toBe(status);
    expect(verdict.line.startsWith(prefix)).toBe(true);
    const code = watchExitCode({ complete, broken: [...rejections] });
    expect(code).toBe({ ok: 0, broken: 1, incomplete: 3 }[status]);
  });
});
