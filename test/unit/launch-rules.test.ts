// The launch-path plan under the config file's rules (issue 13 with issue 16): a template or group an
// active exception covers is left alone and listed with it, an exception for hop-limit-above-max only
// keeps the hop limit, hop-limit rules give the new version's limit under --hop-limit policy, and an
// expired exception changes nothing. Pure, no mocks; "now" is given, never the wall clock.
import { describe, expect, it } from "vitest";
import { exceptedText } from "../../src/core/exceptions.js";
import { judgeLaunch } from "../../src/core/launch-judge.js";
import { type LaunchRegion, type LaunchRequest, planLaunchPaths } from "../../src/core/launch-plan.js";
import type { GroupRecord, LaunchTemplateRecord } from "../../src/core/launch-types.js";
import { evaluateRegion } from "../../src/core/report.js";
import { resourceRules } from "../../src/core/resource-rules.js";
import type { TemplateVersionRecord } from "../../src/core/types.js";
import type { ExceptionEntry, HopLimitRule } from "../../src/schemas/config.js";

const REGION = "eu-west-1";
const ACCOUNT = "111122223333";
const NOW = new Date("2026-06-15T12:00:00Z");

function template(id: string, name: string, tags: Record<string, string> = {}): LaunchTemplateRecord {
  return { id, name, defaultVersion: 1, latestVersion: 1, tags };
}

function version(t: LaunchTemplateRecord, httpTokens: string, hopLimit = 3): TemplateVersionRecord {
  return {
    templateId: t.id,
    templateName: t.name,
    version: 1,
    isDefault: true,
    isLatest: true,
    metadata: { httpTokens, hopLimit },
  };
}

function pinned(name: string, t: LaunchTemplateRecord, tags: Record<string, string> = {}): GroupRecord {
  return {
    name,
    tags,
    templates: [{ templateId: t.id, templateName: t.name, version: "1", slot: "launch-template" }],
    instanceIds: [],
  };
}

const BATCH = template("lt-0000000000000b001", "batch-nightly", { team: "data" });
const WEB = template("lt-0000000000000b002", "web");
const EKS = template("lt-0000000000000b003", "nodes", { "eks:nodegroup-name": "ng-1" });

function region(templates: LaunchTemplateRecord[], groups: GroupRecord[] = []): LaunchRegion {
  return {
    region: REGION,
    templates,
    versions: templates.map((t) => version(t, "optional")),
    groups,
    judge: (v) => judgeLaunch(v, {}),
  };
}

function request(
  exceptions: ExceptionEntry["match"][],
  more: Partial<LaunchRequest> = {},
  hopLimits: HopLimitRule[] = [],
  expires = "2026-12-31",
): LaunchRequest {
  const rules = resourceRules(
    {
      exceptions: exceptions.map((match, i) => ({
        value: { match, reason: "moves with the next release", owner: "data@example.com", expires },
        where: `imds.config.yaml:${10 + i}`,
      })),
      hopLimits: hopLimits.map((value, i) => ({ value, where: `imds.config.yaml:${30 + i}` })),
    },
    { account: { id: ACCOUNT }, now: NOW, maxHopLimit: 1 },
  );
  return { asgs: false, includeManaged: false, hop: undefined, rules, ...more };
}

const REF = {
  where: "imds.config.yaml:10",
  reason: "moves with the next release",
  owner: "data@example.com",
  expires: "2026-12-31",
};

const fixed = (p: ReturnType<typeof planLaunchPaths>) =>
  p.changes.filter((c) => c.kind === "launch-template-version").map((c) => c.id);

describe("launch-path plan under the config's exceptions", () => {
  it.each<[string, ExceptionEntry["match"]]>([
    ["its name (README's example)", { kind: "launch-template", name: "batch-*", code: "imdsv1-allowed" }],
    ["its tags", { tags: { team: "data" } }],
    ["its version's id, as audit names it", { resource: "lt-0000000000000b001:v*" }],
    ["its ARN", { resource: `arn:aws:ec2:${REGION}:${ACCOUNT}:launch-template/lt-0000000000000b001` }],
  ])("a template excepted by %s gets no new version and is listed with the exception", (_, match) => {
    const p = planLaunchPaths(region([BATCH, WEB]), request([match]));
    expect(fixed(p)).toEqual([WEB.id]);
    expect(p.skipped).toEqual([
      {
        region: REGION,
        kind: "launch-template",
        id: BATCH.id,
        name: "batch-nightly",
        reason: exceptedText(REF),
        exception: REF,
      },
    ]);
  });

  it("an exception for another code, kind, account, or an expired one, changes nothing of the plan", () => {
    const plain = planLaunchPaths(region([BATCH, WEB]), { ...request([]), rules: undefined });
    for (const req of [
      request([{ name: "batch-*", code: "hop-limit-above-max" }]),
      request([{ name: "batch-*", kind: "instance" }]),
      request([{ name: "batch-*", account: "999999999999" }]),
      request([{ name: "batch-*" }], {}, [], "2026-06-14"),
    ]) {
      expect(planLaunchPaths(region([BATCH, WEB]), req)).toEqual(plain);
    }
    expect(fixed(plain)).toEqual([BATCH.id, WEB.id]);
  });

  it("an exception wins over the owner's advice: a service's template is listed with its exception", () => {
    const p = planLaunchPaths(region([EKS]), request([{ tags: { "eks:nodegroup-name": "*" } }]));
    expect(p.changes).toEqual([]);
    expect(p.skipped.map((s) => [s.id, s.exception?.where])).toEqual([[EKS.id, "imds.config.yaml:10"]]);
  });

  it("an exception for hop-limit-above-max only keeps the template's hop limit", () => {
    const req = request([{ name: "batch-*", code: "hop-limit-above-max" }], { hop: 1 });
    const p = planLaunchPaths(region([BATCH, WEB]), req);
    const requested = Object.fromEntries(
      p.changes.filter((c) => c.kind === "launch-template-version").map((c) => [c.id, c.requested]),
    );
    expect(requested[BATCH.id]).toMatchObject({ httpTokens: "required", hopLimit: 3 });
    expect(requested[WEB.id]).toMatchObject({ httpTokens: "required", hopLimit: 1 });
    expect(p.skipped).toEqual([]);
    // --hop-limit no-preference would unset it: the exception keeps it too.
    const unset = planLaunchPaths(region([BATCH]), { ...req, hop: "no-preference" });
    expect(unset.changes[0]?.requested).toMatchObject({ hopLimit: 3 });
  });

  it("--hop-limit policy: the first hop-limit rule that matches the template, else --max-hop-limit", () => {
    const rules: HopLimitRule[] = [
      { match: { tags: { "eks:nodegroup-name": "*" }, name: "cilium-*" }, max: 3, reason: "CNI" },
      { match: { tags: { "eks:nodegroup-name": "*" } }, max: 2, reason: "EKS" },
    ];
    const p = planLaunchPaths(
      region([EKS, WEB]),
      request([], { hop: "policy", includeManaged: true }, rules),
    );
    const hop = Object.fromEntries(
      p.changes.filter((c) => c.kind === "launch-template-version").map((c) => [c.id, c.requested.hopLimit]),
    );
    expect(hop).toEqual({ [EKS.id]: 2, [WEB.id]: 1 });
    // A version at or below its limit keeps its own.
    const low = { ...region([WEB]), versions: [version(WEB, "optional", 1)] };
    expect(planLaunchPaths(low, request([], { hop: "policy" })).changes[0]?.requested.hopLimit).toBe(1);
  });
});

describe("groups --asgs would move, under the config's exceptions", () => {
  const groups = [pinned("etl", BATCH, { team: "data" }), pinned("api", BATCH)];

  it("an excepted group stays on its version, listed with the exception; the others move", () => {
    const p = planLaunchPaths(
      region([BATCH], groups),
      request([{ kind: "auto-scaling-group", tags: { team: "data" } }], { asgs: true }),
    );
    expect(p.changes.filter((c) => c.kind === "auto-scaling-group").map((c) => c.id)).toEqual(["api"]);
    expect(p.skipped).toEqual([
      {
        region: REGION,
        kind: "auto-scaling-group",
        id: "etl",
        reason: exceptedText(REF),
        exception: REF,
      },
    ]);
  });

  it("a group is excepted for its own finding (group-allows-imdsv1), not a template's code", () => {
    const moved = (match: ExceptionEntry["match"]) =>
      planLaunchPaths(region([BATCH], groups), request([match], { asgs: true }))
        .changes.filter((c) => c.kind === "auto-scaling-group")
        .map((c) => c.id);
    expect(moved({ resource: "etl", code: "group-allows-imdsv1" })).toEqual(["api"]);
    expect(moved({ resource: "etl", code: "imdsv1-allowed" })).toEqual(["etl", "api"]);
  });

  it("without --asgs an excepted group is listed with its exception, not told to pass --asgs", () => {
    const p = planLaunchPaths(region([BATCH], groups), request([{ resource: "etl" }]));
    const reasons = Object.fromEntries(p.skipped.map((s) => [s.id, s.reason]));
    expect(reasons.etl).toBe(exceptedText(REF));
    expect(reasons.api).toMatch(/^pinned to batch-nightly v1: pass --asgs/);
  });
});

describe("audit and enforce see a template alike", () => {
  it.each<[string, ExceptionEntry["match"]]>([
    ["its exact name", { name: "batch-nightly" }],
    ["its tags", { kind: "launch-template", tags: { team: "data" } }],
    ["a group's tags", { kind: "auto-scaling-group", tags: { team: "data" } }],
  ])("an exception by %s excepts in the audit what enforce leaves alone", (_, match) => {
    const req = request([match], { asgs: true });
    const r = region([BATCH], [pinned("etl", BATCH, { team: "data" })]);
    const { resources } = evaluateRegion(
      {
        region: REGION,
        defaults: {},
        launchTemplates: [...r.templates],
        templates: [...r.versions],
        groups: [...r.groups],
        errors: [],
      },
      { maxHopLimit: 1, rules: req.rules },
    );
    const excepted = resources.filter((x) => x.excepted?.length).map((x) => x.kind);
    const left = planLaunchPaths(r, req).skipped.filter((s) => s.exception);
    expect(excepted).toHaveLength(1);
    expect(left.map((s) => s.kind)).toEqual(excepted);
  });
});
