// What a made launch-path change shows, how it is verified field by field, how a chain takes the real
// version number, and what rollback restores, keeps or deletes. Pure, no mocks.
import { describe, expect, it } from "vitest";
import type { Change } from "../../src/core/changes.js";
import { evaluateGroup, type LaunchContext } from "../../src/core/evaluate-launch.js";
import { launchChains, substitute } from "../../src/core/launch-chain.js";
import { judgeLaunch } from "../../src/core/launch-judge.js";
import {
  currentKey,
  planLaunchRollback,
  type RecordedLaunch,
  usersKey,
} from "../../src/core/launch-rollback.js";
import { createdVersionNow, differingFields, verifyLaunch } from "../../src/core/launch-state.js";
import type { Settings } from "../../src/core/rules.js";

const R = "eu-west-1";
const SNAP = [{ DeviceName: "/dev/xvda", Ebs: { SnapshotId: "snap-0123456789abcdef0", VolumeSize: 30 } }];
const SOURCE = {
  ImageId: "ami-1",
  KeyName: "ops",
  BlockDeviceMappings: SNAP,
  MetadataOptions: { HttpTokens: "optional", HttpPutResponseHopLimit: 3 },
};
const SENT = {
  fromVersion: 1,
  version: 2,
  httpTokens: "required",
  hopLimit: 3,
  description: "imds: IMDSv2 required, from v1 (journal j.jsonl)",
};

const create: Change = {
  region: R,
  kind: "launch-template-version",
  id: "lt-a",
  before: { defaultVersion: 1, latestVersion: 1, httpTokens: "optional", hopLimit: 3 },
  requested: { fromVersion: 1, version: 2, httpTokens: "required", hopLimit: 3 },
};

describe("a new version, field by field", () => {
  it("equal to its source but for the metadata options: applied", () => {
    const created = { ...SOURCE, MetadataOptions: { HttpTokens: "required", HttpPutResponseHopLimit: 3 } };
    const now = createdVersionNow(
      [
        { templateId: "lt-a", version: 1, data: SOURCE },
        { templateId: "lt-a", version: 2, description: SENT.description, data: created },
      ],
      SENT,
    );
    expect(now).toEqual({
      fromVersion: 1,
      version: 2,
      httpTokens: "required",
      hopLimit: 3,
      otherFields: "same",
    });
    expect(verifyLaunch(create, SENT, now)).toEqual({ verified: "applied" });
  });

  it("lost snapshots (SourceVersion does not carry them) are caught, and named", () => {
    const lost = {
      ...SOURCE,
      BlockDeviceMappings: [{ DeviceName: "/dev/xvda", Ebs: { VolumeSize: 30 } }],
      MetadataOptions: { HttpTokens: "required", HttpPutResponseHopLimit: 3 },
    };
    expect(differingFields(SOURCE, lost)).toEqual(["BlockDeviceMappings"]);
    const now = createdVersionNow(
      [
        { templateId: "lt-a", version: 1, data: SOURCE },
        { templateId: "lt-a", version: 2, description: SENT.description, data: lost },
      ],
      SENT,
    );
    expect(verifyLaunch(create, SENT, now)).toEqual({
      verified: "changed-more",
      sideEffects: [{ field: "launch parameters", now: "differ: BlockDeviceMappings" }],
    });
  });

  it("a metadata field dropped (a MetadataOptions given replaces the source's whole): differs", () => {
    const dropped = { ...SOURCE, MetadataOptions: { HttpTokens: "required" } };
    const now = createdVersionNow(
      [
        { templateId: "lt-a", version: 1, data: SOURCE },
        { templateId: "lt-a", version: 2, description: SENT.description, data: dropped },
      ],
      SENT,
    );
    expect(verifyLaunch(create, SENT, now).verified).toBe("differs");
    expect(verifyLaunch(create, SENT, undefined).verified).toBe("unread");
  });

  it("found by its description when the run died before its number was journaled", () => {
    const found = createdVersionNow(
      [
        { templateId: "lt-a", version: 1, data: SOURCE },
        { templateId: "lt-a", version: 7, description: SENT.description, data: SOURCE },
      ],
      { ...SENT, version: 2 },
    );
    expect(found?.version).toBe(7);
  });
});

describe("a chain", () => {
  it("gives later steps the number the new version got", () => {
    const def: Change = {
      region: R,
      kind: "launch-template-default",
      id: "lt-a",
      before: { defaultVersion: 1 },
      requested: { defaultVersion: 2 },
    };
    const grp: Change = {
      region: R,
      kind: "auto-scaling-group",
      id: "web",
      before: { launchTemplateId: "lt-a", slot: "launch-template", launchTemplateVersion: "1" },
      requested: { launchTemplateId: "lt-a", slot: "launch-template", launchTemplateVersion: "2" },
    };
    expect(launchChains([create, grp, def])).toEqual([[create, grp, def]]);
    expect(substitute(def, { predicted: 2, actual: 5 })).toEqual({ defaultVersion: 5 });
    expect(substitute(grp, { predicted: 2, actual: 5 })).toMatchObject({ launchTemplateVersion: "5" });
    expect(substitute(grp, { predicted: 2, actual: 2 })).toBe(grp.requested);
  });
});

describe("planLaunchRollback", () => {
  const recorded: RecordedLaunch[] = [
    { ...create, requested: SENT, outcome: "applied" },
    {
      region: R,
      kind: "launch-template-default",
      id: "lt-a",
      before: { defaultVersion: 1 },
      requested: { defaultVersion: 2 },
      outcome: "unknown",
    },
    {
      region: R,
      kind: "auto-scaling-group",
      id: "web",
      before: { launchTemplateId: "lt-a", slot: "launch-template", launchTemplateVersion: "1" },
      requested: { launchTemplateId: "lt-a", slot: "launch-template", launchTemplateVersion: "2" },
      outcome: "applied",
    },
  ];
  const current = new Map<string, Settings>([
    [currentKey(R, "launch-template-version", "lt-a"), { version: 2, otherFields: "same" }],
    [currentKey(R, "launch-template-default", "lt-a"), { defaultVersion: 2, latestVersion: 2 }],
    [
      currentKey(R, "auto-scaling-group", "web"),
      { launchTemplateId: "lt-a", slot: "launch-template", launchTemplateVersion: "2" },
    ],
  ]);

  it("restores groups, then the default; keeps the version imds made, and says so", () => {
    const { changes, skipped } = planLaunchRollback({ recorded, current, deleteCreated: false });
    expect(changes.map((c) => [c.kind, c.requested])).toEqual([
      [
        "auto-scaling-group",
        { launchTemplateId: "lt-a", slot: "launch-template", launchTemplateVersion: "1" },
      ],
      ["launch-template-default", { defaultVersion: 1 }],
    ]);
    expect(skipped.map((s) => s.reason)).toEqual([
      "kept v2, created by imds (its description says so): pass --delete-created to delete it",
    ]);
  });

  it("--delete-created deletes it last, unless a group that is not restored still launches it", () => {
    const del = planLaunchRollback({ recorded, current, deleteCreated: true });
    expect(del.changes.at(-1)).toEqual({
      region: R,
      kind: "launch-template-version-delete",
      id: "lt-a",
      before: { version: 2 },
      requested: { deletedVersion: 2 },
    });
    const used = new Map<string, Settings>([...current, [usersKey(R, "lt-a", 2), { groups: "web, other" }]]);
    expect(planLaunchRollback({ recorded, current: used, deleteCreated: true }).skipped.at(-1)?.reason).toBe(
      "kept v2: other still launch it",
    );
  });

  it("leaves alone what changed since, and what was never applied", () => {
    const moved = new Map<string, Settings>([
      ...current,
      [
        currentKey(R, "auto-scaling-group", "web"),
        { launchTemplateId: "lt-a", slot: "launch-template", launchTemplateVersion: "9" },
      ],
      [currentKey(R, "launch-template-default", "lt-a"), { defaultVersion: 1, latestVersion: 2 }],
    ]);
    const { changes, skipped } = planLaunchRollback({ recorded, current: moved, deleteCreated: false });
    expect(changes).toEqual([]);
    expect(skipped.map((s) => s.reason)).toEqual([
      expect.stringMatching(/^changed since imds set it \(now .*launchTemplateVersion=9\)/),
      "the recorded change was never applied",
      expect.stringMatching(/^kept v2/),
    ]);
  });
});

describe("evaluateGroup", () => {
  const ctx: LaunchContext = {
    evaluate: {},
    templates: new Map([
      ["lt-a", { id: "lt-a", name: "web", defaultVersion: 1, latestVersion: 2, tags: {} }],
    ]),
    versions: new Map([
      [
        "lt-a 1",
        {
          templateId: "lt-a",
          templateName: "web",
          version: 1,
          isDefault: true,
          isLatest: false,
          metadata: { httpTokens: "required" },
        },
      ],
      [
        "lt-a 2",
        {
          templateId: "lt-a",
          templateName: "web",
          version: 2,
          isDefault: false,
          isLatest: true,
          metadata: { httpTokens: "optional" },
        },
      ],
    ]),
    configs: new Map([["old", { name: "old", metadata: { httpTokens: "optional" } }]]),
    judgeVersion: (v) => judgeLaunch(v, {}),
    judgeConfig: (c) => judgeLaunch(c, {}),
    enforced: false,
    v1ByGroup: new Map([["canary", 3]]),
  };
  const ref = (version: string) => [
    { templateId: "lt-a", templateName: "web", version, slot: "launch-template" as const },
  ];

  it("by the version it launches: $Default passes, $Latest fails with its instances counted and its owner", () => {
    expect(
      evaluateGroup(R, { name: "stable", tags: {}, templates: ref("$Default"), instanceIds: [] }, ctx)
        .severity,
    ).toBe("pass");
    const canary = evaluateGroup(
      R,
      {
        name: "canary",
        tags: { "aws:cloudformation:stack-name": "web" },
        templates: ref("$Latest"),
        instanceIds: ["i-1"],
      },
      ctx,
    );
    expect(canary.severity).toBe("fail");
    expect(canary.owner).toEqual({ kind: "cloudformation", name: "web" });
    expect(canary.findings[0]?.message).toMatch(
      /^launches web v2 \(\$Latest\): HttpTokens optional \(set in the template\); 3 of its instances allow IMDSv1/,
    );
  });

  it("a launch configuration: fails when it allows IMDSv1, and is always a warning", () => {
    const g = evaluateGroup(
      R,
      { name: "legacy", tags: {}, templates: [], launchConfigurationName: "old", instanceIds: [] },
      ctx,
    );
    expect(g.findings.map((f) => [f.severity, f.code])).toEqual([
      ["fail", "group-allows-imdsv1"],
      ["warn", "launch-configuration"],
    ]);
  });
});
