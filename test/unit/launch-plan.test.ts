// The launch-path plan: which template version gets fixed, when the default and groups move, what a
// service or stack owns, and that a second run changes nothing. Pure, no mocks.
import { describe, expect, it } from "vitest";
import { judgeLaunch } from "../../src/core/launch-judge.js";
import { type LaunchRegion, type LaunchRequest, planLaunchPaths } from "../../src/core/launch-plan.js";
import type { GroupRecord, LaunchTemplateRecord } from "../../src/core/launch-types.js";
import { ownerOf } from "../../src/core/owners.js";
import type { AccountDefaults, TemplateVersionRecord } from "../../src/core/types.js";

const REGION = "eu-west-1";
const REQ: LaunchRequest = { asgs: false, includeManaged: false, hop: undefined };

function template(id: string, d: number, l: number, tags: Record<string, string> = {}): LaunchTemplateRecord {
  return { id, name: id.replace("lt-", "t"), defaultVersion: d, latestVersion: l, tags };
}

function version(
  t: string,
  n: number,
  httpTokens?: string,
  extra: Partial<TemplateVersionRecord> = {},
): TemplateVersionRecord {
  return {
    templateId: t,
    templateName: t.replace("lt-", "t"),
    version: n,
    isDefault: false,
    isLatest: false,
    ...(httpTokens ? { metadata: { httpTokens, hopLimit: 3, instanceMetadataTags: "enabled" } } : {}),
    ...extra,
  };
}

function group(name: string, t: string, v: string, opts: Partial<GroupRecord> = {}): GroupRecord {
  return {
    name,
    tags: {},
    templates: [{ templateId: t, templateName: t.replace("lt-", "t"), version: v, slot: "launch-template" }],
    instanceIds: ["i-1"],
    ...opts,
  };
}

function region(
  templates: LaunchTemplateRecord[],
  versions: TemplateVersionRecord[],
  groups: GroupRecord[] = [],
  defaults: AccountDefaults = {},
): LaunchRegion {
  return { region: REGION, templates, versions, groups, judge: (v) => judgeLaunch(v, defaults) };
}

describe("planLaunchPaths", () => {
  it("one new version from the default (every metadata field kept), the default moved, $Latest groups refreshed", () => {
    const p = planLaunchPaths(
      region([template("lt-a", 2, 2)], [version("lt-a", 2, "optional")], [group("web", "lt-a", "$Latest")]),
      REQ,
    );
    expect(p.changes).toEqual([
      {
        region: REGION,
        kind: "launch-template-version",
        id: "lt-a",
        name: "ta",
        before: {
          defaultVersion: 2,
          latestVersion: 2,
          httpTokens: "optional",
          hopLimit: 3,
          instanceMetadataTags: "enabled",
        },
        requested: {
          fromVersion: 2,
          version: 3,
          httpTokens: "required",
          hopLimit: 3,
          instanceMetadataTags: "enabled",
        },
      },
      {
        region: REGION,
        kind: "launch-template-default",
        id: "lt-a",
        name: "ta",
        before: { defaultVersion: 2 },
        requested: { defaultVersion: 3 },
      },
    ]);
    expect(p.refresh.map((r) => r.group)).toEqual(["web"]);
    expect(p.refresh[0]?.command).toContain(
      `--desired-configuration '{"LaunchTemplate":{"LaunchTemplateId":"lt-a","Version":"$Latest"}}'`,
    );
    expect(p.refresh[0]?.command).toContain(`"AutoRollback":true`);
  });

  it("--hop-limit: a number sets it, no-preference leaves the version to inherit it", () => {
    const r = region([template("lt-a", 1, 1)], [version("lt-a", 1, "optional")]);
    expect(planLaunchPaths(r, { ...REQ, hop: 2 }).changes[0]?.requested.hopLimit).toBe(2);
    expect(planLaunchPaths(r, { ...REQ, hop: "no-preference" }).changes[0]?.requested).not.toHaveProperty(
      "hopLimit",
    );
  });

  it("--hop-limit N is a ceiling for a new version as for instances: a lower hop limit is kept unless --raise-hop-limit", () => {
    const r = region([template("lt-a", 1, 1)], [version("lt-a", 1, "optional")]);
    expect(planLaunchPaths(r, { ...REQ, hop: 4 }).changes[0]?.requested.hopLimit).toBe(3);
    expect(planLaunchPaths(r, { ...REQ, hop: 4, raiseHop: true }).changes[0]?.requested.hopLimit).toBe(4);
  });

  it("groups pinned to the fixed version move only with --asgs; overrides and managed groups never", () => {
    const groups = [
      group("pinned", "lt-a", "1"),
      group("eks", "lt-a", "1", { tags: { "eks:cluster-name": "prod", "eks:nodegroup-name": "ng" } }),
      {
        ...group("mixed", "lt-b", "$Default"),
        templates: [
          { templateId: "lt-b", templateName: "tb", version: "$Default", slot: "mixed-policy" as const },
          { templateId: "lt-a", templateName: "ta", version: "1", slot: "override-0" as const },
        ],
      },
    ];
    const r = region(
      [template("lt-a", 1, 1), template("lt-b", 1, 1)],
      [version("lt-a", 1, "optional"), version("lt-b", 1, "required")],
      groups,
    );
    // The EKS group uses lt-a: the template is the service's, left alone with the owner's fix.
    const withEks = planLaunchPaths(r, { ...REQ, asgs: true });
    expect(withEks.changes).toEqual([]);
    expect(withEks.skipped.find((s) => s.id === "lt-a")?.reason).toMatch(
      /^owned by EKS managed node group prod\/ng: .*update-nodegroup-version/,
    );
    const noEks = region(
      r.templates.slice(),
      r.versions.slice(),
      groups.filter((g) => g.name !== "eks"),
    );
    const without = planLaunchPaths(noEks, REQ);
    expect(without.changes.map((c) => c.kind)).toEqual([
      "launch-template-version",
      "launch-template-default",
    ]);
    expect(without.skipped.find((s) => s.id === "pinned")?.reason).toBe(
      "pinned to ta v1: pass --asgs to move it to v2, made from it with IMDSv2 required",
    );
    expect(without.skipped.find((s) => s.id === "mixed")?.reason).toMatch(
      /^an override of its mixed instances policy pins ta v1/,
    );
    const moved = planLaunchPaths(noEks, { ...REQ, asgs: true });
    expect(moved.changes.at(-1)).toMatchObject({
      kind: "auto-scaling-group",
      id: "pinned",
      before: { launchTemplateId: "lt-a", slot: "launch-template", launchTemplateVersion: "1" },
      requested: { launchTemplateId: "lt-a", slot: "launch-template", launchTemplateVersion: "2" },
    });
    expect(moved.refresh.map((x) => x.group).sort()).toEqual(["pinned"]);
  });

  it("a second run changes nothing, and moves a pinned group later to the version imds made from its own", () => {
    const made = version("lt-a", 2, "required", {
      description: "imds: IMDSv2 required, from v1 (journal j.jsonl)",
    });
    const after = region(
      [template("lt-a", 2, 2)],
      [made, version("lt-a", 1, "optional")],
      [group("pinned", "lt-a", "1")],
    );
    expect(planLaunchPaths(after, REQ).changes).toEqual([]);
    const asgs = planLaunchPaths(after, { ...REQ, asgs: true });
    expect(asgs.changes).toEqual([
      expect.objectContaining({
        kind: "auto-scaling-group",
        requested: expect.objectContaining({ launchTemplateVersion: "2" }),
      }),
    ]);
    // A version someone else made is not taken for imds's.
    const other = region(
      [template("lt-a", 2, 2)],
      [version("lt-a", 2, "required", { description: "release 2" }), version("lt-a", 1, "optional")],
      [group("pinned", "lt-a", "1")],
    );
    expect(
      planLaunchPaths(other, { ...REQ, asgs: true }).skipped.find((s) => s.id === "pinned")?.reason,
    ).toMatch(/imds made none from v1/);
  });

  it("never changes what a $Latest group launches behind its back", () => {
    // Default v1 allows IMDSv1, $Latest v3 requires it: a new version would become $Latest.
    const r = region(
      [template("lt-a", 1, 3)],
      [version("lt-a", 1, "optional"), version("lt-a", 3, "required")],
      [group("canary", "lt-a", "$Latest")],
    );
    const p = planLaunchPaths(r, REQ);
    expect(p.changes).toEqual([]);
    expect(p.skipped[0]?.reason).toMatch(/would become \$Latest and change what canary launch/);
    // Without a $Latest user, the default's version is fixed (and becomes $Latest).
    const alone = planLaunchPaths(region([...r.templates], [...r.versions]), REQ);
    expect(alone.changes[0]?.requested).toMatchObject({ fromVersion: 1, version: 4 });
  });

  it("templates the account default or endpoint makes compliant, and stacks, are left alone with why", () => {
    const inherits = region([template("lt-a", 1, 1)], [version("lt-a", 1)], [], { httpTokens: "required" });
    expect(planLaunchPaths(inherits, REQ).skipped[0]?.reason).toBe("$Default and $Latest require IMDSv2");
    const stack = region(
      [template("lt-s", 1, 1, { "aws:cloudformation:stack-name": "web" })],
      [version("lt-s", 1, "optional")],
    );
    expect(planLaunchPaths(stack, REQ).skipped[0]?.reason).toMatch(
      /^owned by CloudFormation stack web: set MetadataOptions/,
    );
    expect(planLaunchPaths(stack, { ...REQ, includeManaged: true }).changes).toHaveLength(2);
  });

  it("groups on a launch configuration are listed with the way off it", () => {
    const g: GroupRecord = {
      name: "old",
      tags: {},
      templates: [],
      launchConfigurationName: "lc",
      instanceIds: [],
    };
    expect(planLaunchPaths(region([], [], [g]), REQ).skipped).toEqual([
      {
        region: REGION,
        kind: "auto-scaling-group",
        id: "old",
        reason: expect.stringMatching(/^launches from launch configuration lc/),
      },
    ]);
  });
});

describe("ownerOf", () => {
  it.each([
    [
      { "eks:cluster-name": "prod", "eks:nodegroup-name": "ng-1" },
      { kind: "eks", name: "prod/ng-1" },
    ],
    [
      { "elasticbeanstalk:environment-name": "web-prod", "aws:cloudformation:stack-name": "awseb-e-1" },
      { kind: "elastic-beanstalk", name: "web-prod" },
    ],
    [{ AmazonECSManaged: "" }, { kind: "ecs" }],
    [{ "karpenter.sh/nodepool": "default" }, { kind: "karpenter", name: "default" }],
    [{ "aws:cloudformation:stack-name": "web" }, { kind: "cloudformation", name: "web" }],
    [{ ManagedBy: "Terraform" }, { kind: "terraform" }],
    [{ team: "web", Name: "web" }, { kind: "account" }],
  ])("%j -> %j", (tags, owner) => {
    expect(ownerOf(tags)).toEqual(owner);
  });
});
