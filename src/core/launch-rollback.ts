// What rollback restores of a journal's launch-path changes: each group's version and each template's
// default, where they still show what imds set; the versions imds created are kept (their
// description says imds made them) or, with --delete-created, deleted once nothing launches them.
// Per template in reverse: groups, then the default, then the version. Pure.

import type { ChangeKind } from "../schemas/change-kinds.js";
import type { Change } from "./changes.js";
import { showsRequested } from "./changes.js";
import { launchChains } from "./launch-chain.js";
import type { Skip } from "./plan.js";
import type { Settings } from "./rules.js";

export interface RecordedLaunch {
  region: string;
  kind: ChangeKind;
  id: string;
  before: Settings;
  requested: Settings;
  outcome: "applied" | "failed" | "unknown";
}

/** Where `current` keeps what a launch-path resource shows now. */
export const currentKey = (region: string, kind: ChangeKind, id: string) => `${region} ${kind} ${id}`;

/** Where `current` keeps the groups that launch a version by its number (for --delete-created). */
export const usersKey = (region: string, templateId: string, version: number) =>
  `${region} users ${templateId} ${version}`;

const ORDER: Partial<Record<ChangeKind, number>> = {
  "auto-scaling-group": 0,
  "launch-template-default": 1,
  "launch-template-version": 2,
};

const skipKind = (k: ChangeKind): Skip["kind"] =>
  k === "auto-scaling-group" ? "auto-scaling-group" : "launch-template";

/** Group and default: set back where they still show what imds set. */
function restore(r: RecordedLaunch, now: Settings | undefined): { change: Change } | { reason: string } {
  if (now === undefined) return { reason: "no longer exists" };
  if (!showsRequested(now, r.requested)) {
    const never = r.outcome === "unknown" && showsRequested(now, r.before);
    return {
      reason: never
        ? "the recorded change was never applied"
        : `changed since imds set it (now ${describe(now)})`,
    };
  }
  const requested = Object.fromEntries(
    Object.keys(r.requested).map((k) => [k, r.before[k] ?? ""]),
  ) as Settings;
  return { change: { region: r.region, kind: r.kind, id: r.id, before: now, requested } };
}

function describe(s: Settings): string {
  return Object.entries(s)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
}

export interface LaunchRollbackInput {
  recorded: readonly RecordedLaunch[];
  /** What each resource shows now, by `currentKey`; a created version found by its description. */
  current: ReadonlyMap<string, Settings>;
  deleteCreated: boolean;
}

function created(
  r: RecordedLaunch,
  input: LaunchRollbackInput,
  restored: ReadonlySet<string>,
): { change: Change } | { reason: string } {
  const now = input.current.get(currentKey(r.region, r.kind, r.id));
  if (now === undefined)
    return {
      reason:
        r.outcome === "unknown"
          ? "the new version was never created"
          : "the version imds created no longer exists",
    };
  const v = Number(now.version);
  if (!input.deleteCreated) {
    return {
      reason: `kept v${v}, created by imds (its description says so): pass --delete-created to delete it`,
    };
  }
  const template = input.current.get(currentKey(r.region, "launch-template-default", r.id));
  const defaultAfter = restored.has(`${r.region} ${r.id}`)
    ? Number(r.before.defaultVersion)
    : Number(template?.defaultVersion);
  if (defaultAfter === v) return { reason: `kept v${v}: it is the template's default version` };
  const users = String(input.current.get(usersKey(r.region, r.id, v))?.groups ?? "")
    .split(", ")
    .filter((g) => g && !restored.has(`${r.region} group ${g}`));
  if (users.length) return { reason: `kept v${v}: ${users.join(", ")} still launch it` };
  return {
    change: {
      region: r.region,
      kind: "launch-template-version-delete",
      id: r.id,
      before: { version: v },
      requested: { deletedVersion: v },
    },
  };
}

export function planLaunchRollback(input: LaunchRollbackInput): { changes: Change[]; skipped: Skip[] } {
  const changes: Change[] = [];
  const skipped: Skip[] = [];
  for (const chain of launchChains(input.recorded)) {
    const restored = new Set<string>();
    const ordered = [...chain].sort((a, b) => (ORDER[a.kind] ?? 9) - (ORDER[b.kind] ?? 9));
    for (const r of ordered) {
      const skip = (reason: string) =>
        skipped.push({ region: r.region, kind: skipKind(r.kind), id: r.id, reason });
      if (r.outcome === "failed") {
        skip("the recorded change failed: nothing to undo");
        continue;
      }
      const out =
        r.kind === "launch-template-version"
          ? created(r, input, restored)
          : restore(r, input.current.get(currentKey(r.region, r.kind, r.id)));
      if ("reason" in out) skip(out.reason);
      else {
        changes.push(out.change);
        if (r.kind === "launch-template-default") restored.add(`${r.region} ${r.id}`);
        if (r.kind === "auto-scaling-group") restored.add(`${r.region} group ${r.id}`);
      }
    }
  }
  return { changes, skipped };
}
