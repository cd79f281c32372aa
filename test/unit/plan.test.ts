import { describe, expect, it } from "vitest";
import { type ChangeResult, showsRequested, verify } from "../../src/core/changes.js";
import { changeExitCode } from "../../src/core/exit-code.js";
import { planDefaults, planInstances } from "../../src/core/plan.js";
import { planRollback, type RecordedChange } from "../../src/core/rollback-plan.js";
import type { InstanceRecord } from "../../src/core/types.js";

function inst(
  id: string,
  metadata: InstanceRecord["metadata"],
  tags: Record<string, string> = {},
): InstanceRecord {
  return { id, state: "running", tags, metadata };
}

describe("planDefaults", () => {
  it("requires tokens and keeps the other fields out of the request", () => {
    const p = planDefaults(
      "eu-west-1",
      { httpTokens: "optional", hopLimit: 1, instanceMetadataTags: "enabled" },
      undefined,
    );
    expect(p).toEqual({
      change: {
        region: "eu-west-1",
        before: { httpTokens: "optional", hopLimit: 1, instanceMetadataTags: "enabled" },
        requested: { httpTokens: "required" },
      },
    });
  });
  it("leaves a compliant region alone, unless the hop limit is asked to change", () => {
    expect(planDefaults("r", { httpTokens: "required", hopLimit: 2 }, 2)).toMatchObject({
      skip: { reason: "already requires IMDSv2" },
    });
    expect(planDefaults("r", { httpTokens: "required", hopLimit: 1 }, 2)).toMatchObject({
      change: { requested: { hopLimit: 2 } },
    });
    expect(planDefaults("r", { httpTokens: "required", hopLimit: 1 }, "no-preference")).toMatchObject({
      change: { requested: { hopLimit: -1 } },
    });
  });
  it("skips a region locked by an organization policy, with its message", () => {
    const p = planDefaults(
      "r",
      { managedBy: "declarative-policy", managedExceptionMessage: "ask #cloud" },
      undefined,
    );
    expect(p).toMatchObject({ skip: { reason: "managed by an organization policy: ask #cloud" } });
  });
});

describe("planInstances", () => {
  const instances = [
    inst("i-1", { httpTokens: "optional", hopLimit: 1, httpEndpoint: "enabled" }, { env: "dev" }),
    inst("i-2", { httpTokens: "optional", hopLimit: 1, httpEndpoint: "enabled" }, { env: "prod" }),
    inst("i-3", { httpTokens: "required", hopLimit: 2, httpEndpoint: "enabled" }, { env: "dev" }),
    inst("i-4", { httpTokens: "optional", hopLimit: 1, httpEndpoint: "disabled" }, { env: "dev" }),
    inst(
      "i-5",
      { httpTokens: "optional", hopLimit: 1, httpEndpoint: "enabled" },
      { env: "dev", legacy: "yes" },
    ),
  ];
  it("changes only what allows IMDSv1, and says why it left each other one alone", () => {
    const p = planInstances(
      "r",
      instances,
      { tags: [["env", "dev"]], excludeTags: [["legacy", "yes"]] },
      undefined,
    );
    expect(p.changes.map((c) => c.id)).toEqual(["i-1"]);
    expect(p.changes[0]?.before).toEqual({ httpTokens: "optional", hopLimit: 1 });
    expect(p.changes[0]?.requested).toEqual({ httpTokens: "required" });
    expect(Object.fromEntries(p.skips.map((s) => [s.id, s.reason]))).toEqual({
      "i-3": "already requires IMDSv2",
      "i-4": "IMDS is turned off",
      "i-5": "excluded by --exclude-tag legacy=yes",
    });
  });
  it("narrows to --instance-ids and sets the hop limit when asked", () => {
    const p = planInstances("r", instances, { ids: ["i-2", "i-3"] }, 3);
    expect(p.changes.map((c) => [c.id, c.requested])).toEqual([
      ["i-2", { httpTokens: "required", hopLimit: 3 }],
      ["i-3", { hopLimit: 3 }],
    ]);
    expect(p.skips).toEqual([]);
  });
});

describe("verification and exit codes", () => {
  it("reads no-preference and -1 as unset fields", () => {
    expect(showsRequested({ hopLimit: 2 }, { httpTokens: "no-preference" })).toBe(true);
    expect(showsRequested({ httpTokens: "required" }, { httpTokens: "no-preference" })).toBe(false);
    expect(showsRequested({}, { hopLimit: -1 })).toBe(true);
  });
  it("tells applied from pending and from changed by someone else", () => {
    expect(verify("instance", { httpTokens: "required" }, { httpTokens: "required", state: "applied" })).toBe(
      "applied",
    );
    expect(verify("instance", { httpTokens: "required" }, { httpTokens: "required", state: "pending" })).toBe(
      "pending",
    );
    expect(verify("instance", { httpTokens: "required" }, { httpTokens: "optional", state: "applied" })).toBe(
      "differs",
    );
    expect(verify("account-default", { httpTokens: "required" }, undefined)).toBe("unread");
  });
  const change = { region: "r", kind: "instance" as const, id: "i-1", before: {}, requested: {} };
  const ok: ChangeResult = { change, outcome: "applied", verified: "applied" };
  it.each([
    [{ readErrors: 0, results: [ok] }, 0],
    [{ readErrors: 0, results: [] }, 0],
    [{ readErrors: 1, results: [ok] }, 3],
    [{ readErrors: 0, results: [ok, { change, outcome: "failed" as const }] }, 3],
    [{ readErrors: 0, results: [{ ...ok, verified: "pending" as const }] }, 3],
    [{ stoppedBy: "SIGINT" as const, readErrors: 1, results: [ok] }, 130],
    [{ stoppedBy: "SIGTERM" as const, readErrors: 0, results: [ok] }, 143],
    [{ stoppedBy: "SIGHUP" as const, readErrors: 0, results: [ok] }, 129],
  ])("exit code %#", (input, code) => {
    expect(changeExitCode(input)).toBe(code);
  });
});

describe("planRollback", () => {
  const rec = (over: Partial<RecordedChange>): RecordedChange => ({
    region: "r",
    kind: "instance",
    id: "i-1",
    before: { httpTokens: "optional", hopLimit: 1 },
    requested: { httpTokens: "required" },
    outcome: "applied",
    ...over,
  });
  it("restores exactly the recorded fields where imds's settings are still there", () => {
    const p = planRollback([rec({})], new Map([["r i-1", { httpTokens: "required", hopLimit: 1 }]]));
    expect(p.changes).toEqual([
      {
        region: "r",
        kind: "instance",
        id: "i-1",
        before: { httpTokens: "required" },
        requested: { httpTokens: "optional" },
      },
    ]);
  });
  it("unsets an account default that was unset before", () => {
    const p = planRollback(
      [
        rec({
          kind: "account-default",
          id: "account-default",
          before: {},
          requested: { httpTokens: "required", hopLimit: 2 },
        }),
      ],
      new Map([["r account-default", { httpTokens: "required", hopLimit: 2 }]]),
    );
    expect(p.changes[0]?.requested).toEqual({ httpTokens: "no-preference", hopLimit: -1 });
  });
  it("leaves alone what changed since, what failed, what is gone, and what was never applied", () => {
    const p = planRollback(
      [
        rec({ id: "i-1" }),
        rec({ id: "i-2", outcome: "failed" }),
        rec({ id: "i-3" }),
        rec({ id: "i-4", outcome: "unknown" }),
      ],
      new Map([
        ["r i-1", { httpTokens: "optional", hopLimit: 3 }],
        ["r i-4", { httpTokens: "optional", hopLimit: 1 }],
      ]),
    );
    expect(p.changes).toEqual([]);
    expect(Object.fromEntries(p.skipped.map((s) => [s.id, s.reason]))).toEqual({
      "i-1": "changed since imds set it (now httpTokens=optional, imds set httpTokens=required)",
      "i-2": "the recorded change failed: nothing to undo",
      "i-3": "no longer exists",
      "i-4": "the recorded change was never applied",
    });
  });
  it("leaves alone an account default that an organization policy manages now", () => {
    const p = planRollback(
      [
        rec({
          kind: "account-default",
          id: "account-default",
          before: {},
          requested: { httpTokens: "required" },
        }),
      ],
      new Map([["r account-default", { httpTokens: "required" }]]),
      new Map([["r", "ask #cloud"]]),
    );
    expect(p.changes).toEqual([]);
    expect(p.skipped[0]?.reason).toBe("now managed by an organization policy: ask #cloud");
  });

  it("restores an intent with no outcome when its change did land", () => {
    const p = planRollback(
      [rec({ outcome: "unknown" })],
      new Map([["r i-1", { httpTokens: "required", hopLimit: 1 }]]),
    );
    expect(p.changes).toHaveLength(1);
  });
});
