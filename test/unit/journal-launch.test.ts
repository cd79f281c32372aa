// Launch-path records in the hardened journal: their own validated fields and ids, the created
// version's number in the hash chain, and the re-read before a write that skips what moved.
import { describe, expect, it } from "vitest";
import type { Change } from "../../src/core/changes.js";
import { launchFresh } from "../../src/engine/launch-fresh.js";
import { launchKey } from "../../src/engine/launch-read.js";
import { chainOf, checkRecord, requestProblem } from "../../src/journal/records.js";

const LT = "lt-0123456789abcdef0";
const at = "2026-11-26T10:00:00.000Z";
const intent = (kind: string, id: string, before: object, requested: object) => ({
  type: "intent",
  seq: 1,
  at,
  region: "eu-west-1",
  kind,
  id,
  before,
  requested,
});
const problem = (r: object) => {
  const c = checkRecord(r);
  return c.ok ? undefined : c.problem;
};

describe("launch-path journal records", () => {
  it("accepts what enforce and rollback write for templates, versions and groups", () => {
    const version = intent(
      "launch-template-version",
      LT,
      { defaultVersion: 1, latestVersion: 2, httpTokens: "optional", hopLimit: 1 },
      { fromVersion: 1, version: 3, description: "imds: IMDSv2 required, from v1", httpTokens: "required" },
    );
    expect(problem(version)).toBeUndefined();
    expect(problem(intent("launch-template-default", LT, { defaultVersion: 1 }, { defaultVersion: 3 }))).toBe(
      undefined,
    );
    const group = { launchTemplateId: LT, slot: "mixed-policy", launchTemplateVersion: "1" };
    expect(
      problem(intent("auto-scaling-group", "web asg", group, { ...group, launchTemplateVersion: "3" })),
    ).toBeUndefined();
    expect(
      problem(intent("launch-template-version-delete", LT, { version: 3 }, { deletedVersion: 3 })),
    ).toBeUndefined();
  });

  it("refuses ids, fields and values a launch change never holds", () => {
    expect(
      problem(intent("launch-template-default", "i-0123456789abcdef0", {}, { defaultVersion: 2 })),
    ).toMatch(/not a launch template id/);
    expect(problem(intent("launch-template-default", LT, {}, { httpEndpoint: "disabled" }))).toMatch(
      /"httpEndpoint".*never holds/,
    );
    expect(problem(intent("launch-template-default", LT, {}, { defaultVersion: 0.5 }))).toMatch(
      /never holds/,
    );
    const bad = { launchTemplateId: LT, slot: "somewhere", launchTemplateVersion: "1" };
    expect(problem(intent("auto-scaling-group", "g", bad, bad))).toMatch(/"slot"/);
    // Instance changes keep their own rules.
    expect(problem(intent("instance", "i-0123456789abcdef0", {}, { defaultVersion: 2 }))).toMatch(
      /wrong type/,
    );
  });

  it("an enforce journal never deletes a version; a rollback journal may", () => {
    const del = { kind: "launch-template-version-delete" as const, requested: { deletedVersion: 3 } };
    expect(requestProblem("enforce", del)).toMatch(/never makes/);
    expect(requestProblem("rollback", del)).toBeUndefined();
  });

  it("an outcome's result is a version number, and part of the hash chain", () => {
    const outcome = { type: "outcome", seq: 1, at, outcome: "applied", result: { version: 3 } };
    expect(problem(outcome)).toBeUndefined();
    expect(problem({ ...outcome, result: { version: "3" } })).toMatch(/result/);
    expect(problem({ ...outcome, result: { hopLimit: 2 } })).toMatch(/result/);
    expect(chainOf("x", outcome)).not.toBe(chainOf("x", { ...outcome, result: { version: 4 } }));
  });
});

describe("launchFresh: the re-read just before a launch-path write", () => {
  const change = (
    kind: Change["kind"],
    before: Change["before"],
    requested: Change["requested"],
  ): Change => ({
    region: "eu-west-1",
    kind,
    id: LT,
    before,
    requested,
  });
  const read = (defaultVersion: number) =>
    new Map([[launchKey("launch-template-default", LT), { defaultVersion, latestVersion: 4 }]]);

  it("skips a default someone else moved since the plan as ChangedSince", () => {
    const c = change("launch-template-default", { defaultVersion: 1 }, { defaultVersion: 3 });
    expect(launchFresh(c, read(1))).toEqual({ ok: true, before: { defaultVersion: 1 } });
    expect(launchFresh(c, read(2))).toMatchObject({ ok: false, code: "ChangedSince" });
  });

  it("makes no new version once the template's default moved or the template is gone", () => {
    const c = change(
      "launch-template-version",
      { defaultVersion: 1, latestVersion: 2 },
      { fromVersion: 1, version: 3, httpTokens: "required" },
    );
    expect(launchFresh(c, read(1))).toEqual({ ok: true, before: { defaultVersion: 1, latestVersion: 4 } });
    expect(launchFresh(c, read(2))).toMatchObject({ ok: false, code: "ChangedSince" });
    expect(launchFresh(c, new Map())).toMatchObject({ ok: false, code: "Gone" });
  });
});
