import { describe, expect, it } from "vitest";
import { watchExitCode } from "../../src/core/exit-code.js";
import { accessOf, invocationOf, shellQuote } from "../../src/core/next-command.js";
import { planInstances } from "../../src/core/plan.js";
import { describeEvidence, readinessOf } from "../../src/core/readiness.js";
import type { V1Evidence } from "../../src/core/types.js";
import { NO_DATA, periodFor, rejectionsSince, watchVerdict } from "../../src/core/watch.js";

const open = { httpTokens: "optional", httpEndpoint: "enabled" };
const day = (d: string) => new Date(`${d}T00:00:00Z`);

describe("readiness from MetadataNoToken", () => {
  it("is enforced when IMDSv2 is already required or the endpoint is off, whatever the data", () => {
    expect(readinessOf({ httpTokens: "required" }, undefined).readiness).toBe("enforced");
    expect(
      readinessOf({ httpTokens: "optional", httpEndpoint: "disabled" }, undefined, "denied").readiness,
    ).toBe("enforced");
  });
  it("is ready with zero calls, in use with calls (count and last day), unknown without data", () => {
    expect(readinessOf(open, { timestamps: [day("2026-11-21"), day("2026-11-20")], values: [0, 0] })).toEqual(
      {
        readiness: "ready",
        calls: 0,
      },
    );
    expect(
      readinessOf(open, {
        timestamps: [day("2026-11-21"), day("2026-11-19"), day("2026-11-18")],
        values: [0, 40, 2],
      }),
    ).toEqual({ readiness: "in-use", calls: 42, lastSeen: "2026-11-19" });
    expect(readinessOf(open, { timestamps: [], values: [] })).toMatchObject({
      readiness: "unknown",
      reason: expect.stringContaining("no metric data"),
    });
    expect(readinessOf(open, undefined, "cloudwatch:GetMetricData AccessDenied")).toEqual({
      readiness: "unknown",
      reason: "metrics unreadable: cloudwatch:GetMetricData AccessDenied",
    });
  });
  it("warns that a handful of calls may be an old SSM agent", () => {
    const u = readinessOf(open, { timestamps: [day("2026-11-21")], values: [3] });
    expect(describeEvidence(u, 14)).toBe(
      "in use: 3 IMDSv1 calls in 14 days, last 2026-11-21 (few calls: may be an SSM agent older than 3.0.431.0)",
    );
  });
});

describe("enforce plans with evidence", () => {
  const instances = ["i-ready", "i-busy", "i-quiet"].map((id) => ({
    id,
    state: "running",
    tags: {},
    metadata: { httpTokens: "optional", httpEndpoint: "enabled", hopLimit: 1 },
  }));
  const byInstance = new Map<string, V1Evidence>([
    ["i-ready", { readiness: "ready", calls: 0 }],
    ["i-busy", { readiness: "in-use", calls: 120, lastSeen: "2026-11-21" }],
    ["i-quiet", { readiness: "unknown", reason: "no metric data in the window" }],
  ]);
  it("changes only the ready ones, and names the others with why", () => {
    const p = planInstances("r", instances, {}, undefined, { byInstance, days: 14, force: false });
    expect(p.changes.map((c) => c.id)).toEqual(["i-ready"]);
    expect(p.skips.map((s) => [s.id, s.reason])).toEqual([
      [
        "i-busy",
        "still calls IMDSv1 (in use: 120 IMDSv1 calls in 14 days, last 2026-11-21): fix the caller first, or pass --force",
      ],
      [
        "i-quiet",
        "no evidence it is safe (unknown: no metric data in the window): pass --force to change it anyway",
      ],
    ]);
  });
  it("changes them all with --force", () => {
    const p = planInstances("r", instances, {}, undefined, { byInstance, days: 14, force: true });
    expect(p.changes).toHaveLength(3);
  });
});

describe("watch", () => {
  const change = { region: "eu-west-1", id: "i-1", at: "2026-11-22T10:00:30Z" };
  it("counts rejections from the period holding the change onwards", () => {
    const series = {
      timestamps: [
        new Date("2026-11-22T10:02:00Z"),
        new Date("2026-11-22T10:00:00Z"),
        new Date("2026-11-22T09:59:00Z"),
      ],
      values: [2, 1, 7],
    };
    expect(rejectionsSince(change, series, 60)).toEqual({
      ...change,
      rejected: 3,
      lastSeen: "2026-11-22T10:02:00.000Z",
    });
    expect(rejectionsSince(change, { timestamps: [new Date("2026-11-22T10:05:00Z")], values: [0] }, 60)).toBe(
      "none",
    );
  });
  it("never reads no data as no rejected calls: no datapoint since the change is unknown", () => {
    const before = { timestamps: [new Date("2026-11-22T09:59:00Z")], values: [0] };
    for (const series of [undefined, { timestamps: [], values: [] }, before]) {
      expect(rejectionsSince(change, series, 60)).toEqual({ ...change, reason: NO_DATA });
    }
  });
  it("picks a period fine enough for fresh changes and coarse enough for old ones", () => {
    expect(periodFor(5 * 60_000)).toBe(60);
    expect(periodFor(3 * 86_400_000)).toBe(300);
    expect(periodFor(40 * 86_400_000)).toBe(3600);
  });
  const findings = {
    watched: 12,
    broken: [{ ...change, rejected: 4 }],
    unknown: [],
    enforced: [],
    unchecked: [],
    complete: true,
  };
  it("prints the rollback command for just the broken instances, quoting the path", () => {
    const v = watchVerdict("my journal.jsonl", findings);
    expect(v.rollbackCommand).toBe("imds rollback 'my journal.jsonl' --instance-ids i-1");
    expect(v.line).toMatch(/^BROKEN: 1 of 12/);
    expect(shellQuote("it's.jsonl")).toBe("'it'\\''s.jsonl'");
  });
  it("the rollback command repeats the run's identity options, and an organization's access", () => {
    const aws = { profile: "sim", recordedEndpoint: "http://127.0.0.1:4566" };
    const v = watchVerdict("j.jsonl", findings, invocationOf(aws));
    expect(v.rollbackCommand).toBe(
      "imds rollback j.jsonl --instance-ids i-1 --profile sim --endpoint-url http://127.0.0.1:4566",
    );
    const access = accessOf({ roleName: "imds-ops", externalId: "ext-42" });
    const org = watchVerdict("j.jsonl", findings, invocationOf(aws, access));
    expect(org.rollbackCommand).toMatch(/ --role-name imds-ops --external-id ext-42$/);
  });
  it("prints no rollback command that AWS would refuse: HttpTokensEnforced on, or not known", () => {
    const other = { region: "us-east-1", id: "i-2", at: change.at, rejected: 1 };
    const v = watchVerdict("j.jsonl", {
      ...findings,
      broken: [...findings.broken, other],
      enforced: ["eu-west-1"],
    });
    expect(v.rollbackCommand).toBe("imds rollback j.jsonl --instance-ids i-2");
    expect(v.line).toContain("No rollback command for i-1: HttpTokensEnforced is on in eu-west-1");
    expect(v.line).toContain("--region eu-west-1 --http-tokens-enforced disabled");
    const unread = watchVerdict("j.jsonl", { ...findings, unchecked: ["eu-west-1"], complete: false });
    expect(unread.rollbackCommand).toBeUndefined();
  });
  it("says UNKNOWN, not OK, when changed instances have no data since their change", () => {
    const v = watchVerdict("j.jsonl", { ...findings, broken: [], unknown: [{ ...change, reason: NO_DATA }] });
    expect(v.line).toMatch(/^UNKNOWN: 1 of 12 changed instances have no MetadataNoTokenRejected data/);
    expect(v.rollbackCommand).toBeUndefined();
  });
  it("exits 1 when something broke, 3 when metrics could not be read or an instance has no data, 0 otherwise", () => {
    const broken = [{ ...change, rejected: 1 }];
    const unknown = [{ ...change, reason: NO_DATA }];
    expect(watchExitCode({ complete: true, broken: [], unknown: [] })).toBe(0);
    expect(watchExitCode({ complete: true, broken, unknown: [] })).toBe(1);
    expect(watchExitCode({ complete: false, broken, unknown: [] })).toBe(3);
    expect(watchExitCode({ complete: true, broken: [], unknown })).toBe(3);
    expect(watchExitCode({ complete: true, broken, unknown })).toBe(3);
  });
});
