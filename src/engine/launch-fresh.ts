// The re-read just before a write, for every kind of change: what is read, under which action's
// pacing, and how a launch-path change is judged against what it was planned from.
import { type Change, type Fresh, freshBefore } from "../core/changes.js";
import type { ChangeKind } from "../schemas/change-kinds.js";
import { launchKey } from "./launch-read.js";
import type { ReadItem } from "./work.js";

/** The read each kind of change is re-checked with, for its pacing. */
export const REREAD = {
  "account-default": "GetInstanceMetadataDefaults",
  instance: "DescribeInstances",
  "launch-template-version": "DescribeLaunchTemplates",
  "launch-template-default": "DescribeLaunchTemplates",
  "auto-scaling-group": "DescribeAutoScalingGroups",
  "launch-template-version-delete": "DescribeLaunchTemplateVersions",
} as const satisfies Record<ChangeKind, string>;

/** What to read back for `c`: a new version needs only its template (its default and latest version). */
export function rereadItem(c: Change): ReadItem {
  return c.kind === "launch-template-version" ? { ...c, kind: "launch-template-default" } : c;
}

/**
 * A launch-path change judged as freshBefore judges the others: a template's default, a group's
 * version, a version to delete must still show what they were planned from. A new version is made
 * only while its template exists and its default version is still the one planned from (someone
 * who moved it since has decided otherwise).
 */
export function launchFresh(c: Change, launch: ReadonlyMap<string, Record<string, string | number>>): Fresh {
  if (c.kind !== "launch-template-version") return freshBefore(c, launch.get(launchKey(c.kind, c.id)));
  const now = launch.get(launchKey("launch-template-default", c.id));
  if (now === undefined) return { ok: false, code: "Gone", reason: "no longer exists" };
  if (now.defaultVersion !== c.before.defaultVersion) {
    return {
      ok: false,
      code: "ChangedSince",
      reason: `changed by someone else since the plan (now defaultVersion=${now.defaultVersion}, planned from defaultVersion=${c.before.defaultVersion}): left alone`,
    };
  }
  return {
    ok: true,
    before: { ...c.before, latestVersion: now.latestVersion ?? c.before.latestVersion ?? 0 },
  };
}
