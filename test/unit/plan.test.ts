import { describe, expect, it } from "vitest";
import type { Change } from "../../src/core/changes.js";
import {
  type ChangeResult,
  describeSideEffects,
  showsRequested,
  sideEffectsOf,
  verify,
} from "../../src/core/changes.js";
import { changeExitCode } from "../../src/core/exit-code.js";
import { planDefaults, planEnforce, planInstances } from "../../src/core/plan.js";
import { describePath, preflight } from "../../src/core/preflight.js";
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
    expect(planDefaults("r", { httpTokens: "required", hopLimit: 3 }, 2)).toMatchObject({
      change: { requested: { hopLimit: 2 } },
    });
    // A lower hop limit is kept (raising it loosens security), and the skip says so; unless raised.
    expect(planDefaults("r", { httpTokens: "required", hopLimit: 1 }, 2)).toEqual({
      skip: {
        region: "r",
        kind: "account-default",
        id: "account-default",
        reason:
          "already requires IMDSv2; hop limit 1 kept below --hop-limit 2 (raising it loosens security; --raise-hop-limit sets exactly 2)",
      },
      keptHop: true,
    });
    expect(
      planDefaults("r", { httpTokens: "required", hopLimit: 1 }, 2, undefined, false, true),
    ).toMatchObject({
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
    // Every field read, not only the requested one: verification and rollback cover them all.
    expect(p.changes[0]?.before).toEqual({ httpTokens: "optional", hopLimit: 1, httpEndpoint: "enabled" });
    expect(p.changes[0]?.requested).toEqual({ httpTokens: "required" });
    expect(Object.fromEntries(p.skips.map((s) => [s.id, s.reason]))).toEqual({
      "i-3": "already requires IMDSv2",
      "i-4": "IMDS is turned off",
      "i-5": "excluded by --exclude-tag legacy=yes",
    });
  });
  it("narrows to --instance-ids and sets exactly the hop limit with --raise-hop-limit", () => {
    const p = planInstances("r", instances, { ids: ["i-2", "i-3"] }, 3, undefined, undefined, true);
    expect(p.changes.map((c) => [c.id, c.requested])).toEqual([
      ["i-2", { httpTokens: "required", hopLimit: 3 }],
      ["i-3", { hopLimit: 3 }],
    ]);
    expect(p.skips).toEqual([]);
    expect(p.keptHops).toBe(0);
  });
  it("--hop-limit N lowers higher hop limits and keeps lower ones, saying why", () => {
    const p = planInstances("r", instances, { ids: ["i-2", "i-3"] }, 3);
    expect(p.changes.map((c) => [c.id, c.requested])).toEqual([["i-2", { httpTokens: "required" }]]);
    expect(p.skips.map((x) => [x.id, x.reason])).toEqual([
      [
        "i-3",
        "already requires IMDSv2; hop limit 2 kept below --hop-limit 3 (raising it loosens security; --raise-hop-limit sets exactly 3)",
      ],
    ]);
    expect(p.keptHops).toBe(2);
    const lower = planInstances("r", instances, { ids: ["i-3"] }, 1);
    expect(lower.changes.map((c) => c.requested)).toEqual([{ hopLimit: 1 }]);
  });
  it("the plan notes how many kept a lower hop limit", () => {
    const scans = [
      { region: "r", defaults: { httpTokens: "required" as const, hopLimit: 1 }, instances, errors: [] },
    ];
    const plan = planEnforce(scans, { instances: true, filter: {}, hop: 2 });
    expect(plan.notes).toEqual([
      "--hop-limit 2: 1 account default and 3 instances keep a lower hop limit (raising it loosens security: containers on the host could reach IMDS); --raise-hop-limit sets exactly 2",
    ]);
    expect(plan.changes.some((c) => c.requested.hopLimit === 2)).toBe(false);
    const raised = planEnforce(scans, { instances: true, filter: {}, hop: 2, raiseHop: true });
    expect(raised.notes).toEqual([]);
    expect(raised.changes.filter((c) => c.requested.hopLimit === 2)).toHaveLength(4);
  });
});

describe("verification and exit codes", () => {
  it("reads no-preference and -1 as unset fields", () => {
    expect(showsRequested({ hopLimit: 2 }, { httpTokens: "no-preference" })).toBe(true);
    expect(showsRequested({ httpTokens: "required" }, { httpTokens: "no-preference" })).toBe(false);
    expect(showsRequested({}, { hopLimit: -1 })).toBe(true);
  });
  const before = {
    httpTokens: "optional",
    hopLimit: 1,
    httpEndpoint: "enabled",
    instanceMetadataTags: "disabled",
  };
  const asked = { kind: "instance" as const, before, requested: { httpTokens: "required" } };
  const read = (m: Record<string, string | number>) => ({ ...before, ...m });
  it("tells applied from pending and from changed by someone else", () => {
    expect(verify(asked, read({ httpTokens: "required", state: "applied" }))).toEqual({
      verified: "applied",
    });
    expect(verify(asked, read({ httpTokens: "required", state: "pending" }))).toEqual({
      verified: "pending",
    });
    expect(verify(asked, read({ httpTokens: "optional", state: "applied" }))).toEqual({
      verified: "differs",
    });
    expect(verify({ ...asked, kind: "account-default" }, undefined)).toEqual({ verified: "unread" });
  });
  it("compares every field read before the change, not only those asked for", () => {
    const got = verify(asked, read({ httpTokens: "required", hopLimit: 2, instanceMetadataTags: "enabled" }));
    expect(got).toEqual({
      verified: "changed-more",
      sideEffects: [
        { field: "hopLimit", before: 1, now: 2 },
        { field: "instanceMetadataTags", before: "disabled", now: "enabled" },
      ],
    });
    expect(describeSideEffects(got.sideEffects ?? [])).toBe(
      "hopLimit 1 -> 2, instanceMetadataTags disabled -> enabled",
    );
    // An account default field that was unset and now is set is a side effect too.
    const defaults = { kind: "account-default" as const, before: {}, requested: { httpTokens: "required" } };
    expect(verify(defaults, { httpTokens: "required", hopLimit: 64 }).sideEffects).toEqual([
      { field: "hopLimit", now: 64 },
    ]);
    expect(sideEffectsOf({ hopLimit: 2 }, { hopLimit: -1 }, {})).toEqual([]);
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
        before: { httpTokens: "required", hopLimit: 1 },
        requested: { httpTokens: "optional" },
      },
    ]);
  });
  it("restores every field recorded as before, not only those imds asked to change", () => {
    const before = {
      httpTokens: "optional",
      hopLimit: 1,
      httpEndpoint: "enabled",
      instanceMetadataTags: "disabled",
    };
    const now = { ...before, httpTokens: "required", hopLimit: 2, instanceMetadataTags: "enabled" };
    const p = planRollback([rec({ before })], new Map([["r i-1", now]]));
    expect(p.changes[0]?.requested).toEqual({
      httpTokens: "optional",
      hopLimit: 1,
      instanceMetadataTags: "disabled",
    });
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

  describe("where HttpTokensEnforced is enabled", () => {
    const enforcedNow: Record<string, string | number> = {
      httpTokens: "required",
      httpTokensEnforced: "enabled",
    };
    const defaults = rec({
      kind: "account-default",
      id: "account-default",
      before: { httpTokens: "optional" },
      requested: { httpTokens: "required", httpTokensEnforced: "enabled" },
    });
    it("turns it off first when the same journal turned it on, and says so", () => {
      const p = planRollback(
        [defaults, rec({})],
        new Map([
          ["r account-default", enforcedNow],
          ["r i-1", { httpTokens: "required", hopLimit: 1 }],
        ]),
      );
      expect(p.changes.map((c) => [c.kind, c.requested, c.afterEnforcementOff])).toEqual([
        ["account-default", { httpTokens: "optional", httpTokensEnforced: "no-preference" }, undefined],
        ["instance", { httpTokens: "optional" }, true],
      ]);
      expect(p.notes).toEqual([
        expect.stringMatching(/^r: the account default goes first, turning HttpTokensEnforced off/),
      ]);
      expect(p.skipped).toEqual([]);
    });
    it("sends nothing AWS would refuse when it was enabled outside the journal: blocked, with what to do", () => {
      const p = planRollback(
        [rec({})],
        new Map([
          ["r account-default", enforcedNow],
          ["r i-1", { httpTokens: "required", hopLimit: 1 }],
        ]),
      );
      expect(p.changes).toEqual([]);
      expect(p.skipped).toEqual([
        expect.objectContaining({
          id: "i-1",
          blocked: true,
          reason: expect.stringMatching(/^blocked by HttpTokensEnforced/),
        }),
      ]);
      expect(p.skipped[0]?.reason).toContain("--http-tokens-enforced disabled");
      // An organization policy that enforces it cannot be turned off from the account.
      const locked = planRollback(
        [rec({})],
        new Map([
          ["r account-default", enforcedNow],
          ["r i-1", { httpTokens: "required" }],
        ]),
        new Map([["r", "ask #cloud"]]),
      );
      expect(locked.skipped[0]?.reason).toContain("organization declarative policy");
    });
    it("lets other changes through: a hop limit only, or an instance that was never required", () => {
      const hopOnly = rec({ before: { httpTokens: "required", hopLimit: 1 }, requested: { hopLimit: 2 } });
      const p = planRollback(
        [hopOnly],
        new Map([
          ["r account-default", enforcedNow],
          ["r i-1", { httpTokens: "required", hopLimit: 2 }],
        ]),
      );
      expect(p.changes.map((c) => c.requested)).toEqual([{ hopLimit: 1 }]);
    });
  });

  it("restores an intent with no outcome when its change did land", () => {
    const p = planRollback(
      [rec({ outcome: "unknown" })],
      new Map([["r i-1", { httpTokens: "required", hopLimit: 1 }]]),
    );
    expect(p.changes).toHaveLength(1);
  });
});

describe("preflight of --enforce-launches", () => {
  const change = (region: string, requested: Record<string, string>): Change => ({
    region,
    kind: "account-default",
    id: "account-default",
    before: {},
    requested,
  });
  const version = (templateName: string, n: number, metadata?: { httpTokens: string }) => ({
    templateId: `lt-${templateName}`,
    templateName,
    version: n,
    isDefault: n === 1,
    isLatest: true,
    ...(metadata ? { metadata } : {}),
  });
  const scans: Parameters<typeof preflight>[1] = [
    {
      region: "eu-west-1",
      defaults: { httpTokens: "optional" },
      templates: [version("web", 1, { httpTokens: "optional" }), version("inherits", 1)],
      errors: [],
    },
    {
      region: "us-east-2",
      defaults: {},
      errors: [{ part: "launch-templates", action: "ec2:X", code: "Denied" }],
    },
  ];
  it("judges each version under the default the plan leaves: only what sets optional fails", () => {
    const p = preflight(
      [change("eu-west-1", { httpTokens: "required", httpTokensEnforced: "enabled" })],
      scans,
    );
    expect(p.failing.map(describePath)).toEqual([
      "eu-west-1 web v1 ($Default, $Latest): HttpTokens optional (set in the template)",
    ]);
    expect(p.notes).toEqual([
      "eu-west-1: HttpTokensEnforced goes on after 2 launch template versions ($Default and $Latest) checked: 1 will fail (--force)",
    ]);
  });
  it("leaves enforcement off where the templates could not be read, and says why", () => {
    const p = preflight(
      [change("us-east-2", { httpTokens: "required", httpTokensEnforced: "enabled" })],
      scans,
    );
    expect(p.changes.map((c) => c.requested)).toEqual([{ httpTokens: "required" }]);
    expect(p.skipped[0]?.reason).toBe(
      "HttpTokensEnforced left off: the launch templates could not be read (ec2:X Denied), so their launches were not checked",
    );
  });
  it("asks for enforcement only with --enforce-launches, and not again where it is on", () => {
    expect(planDefaults("r", { httpTokens: "required" }, undefined, undefined, true)).toMatchObject({
      change: { requested: { httpTokensEnforced: "enabled" } },
    });
    expect(
      planDefaults(
        "r",
        { httpTokens: "required", httpTokensEnforced: "enabled" },
        undefined,
        undefined,
        true,
      ),
    ).toMatchObject({
      skip: { reason: "already requires IMDSv2, and HttpTokensEnforced is on" },
    });
  });
});

describe("rollback never lowers a guard it did not raise", () => {
  it("leaves HttpTokensEnforced alone when the journal did not turn it on", () => {
    const p = planRollback(
      [
        {
          region: "r",
          kind: "account-default",
          id: "account-default",
          before: { httpTokens: "optional", httpTokensEnforced: "disabled" },
          requested: { httpTokens: "required" },
          outcome: "applied",
        },
      ],
      new Map([["r account-default", { httpTokens: "required", httpTokensEnforced: "enabled" }]]),
    );
    expect(p.changes.map((c) => c.requested)).toEqual([{ httpTokens: "optional" }]);
  });
});
