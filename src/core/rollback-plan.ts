// What rollback restores: every change a journal recorded, where the resource still has the
// settings imds set. Anything changed since is left alone and reported. Pure.
import { type Change, showsRequested } from "./changes.js";
import type { Skip } from "./plan.js";
import { lockText, type Settings } from "./rules.js";

export interface RecordedChange {
  region: string;
  kind: "account-default" | "instance";
  id: string;
  before: Settings;
  requested: Settings;
  outcome: "applied" | "failed" | "unknown";
}

/** The value that puts a field back as it was; an account default that was unset is unset again. */
function restoreValue(kind: RecordedChange["kind"], key: string, before: Settings): string | number {
  const v = before[key];
  if (v !== undefined) return v;
  return key === "hopLimit" ? -1 : kind === "account-default" ? "no-preference" : "optional";
}

function describe(s: Settings, keys: readonly string[]): string {
  return keys.map((k) => `${k}=${s[k] ?? "unset"}`).join(" ");
}

/**
 * @param current the settings each resource has now, keyed `${region} ${id}`; absent when the
 *   resource no longer exists.
 * @param locked regions whose defaults an organization policy now manages: left alone.
 */
export function planRollback(
  recorded: readonly RecordedChange[],
  current: ReadonlyMap<string, Settings>,
  /** Regions whose account defaults an organization policy now manages, with its message. */
  locked: ReadonlyMap<string, string> = new Map(),
): { changes: Change[]; skipped: Skip[] } {
  const changes: Change[] = [];
  const skipped: Skip[] = [];
  for (const r of recorded) {
    const skip = (reason: string) => skipped.push({ region: r.region, kind: r.kind, id: r.id, reason });
    if (r.outcome === "failed") {
      skip("the recorded change failed: nothing to undo");
      continue;
    }
    const lock = r.kind === "account-default" ? locked.get(r.region) : undefined;
    if (lock !== undefined) {
      skip(`now ${lockText(lock)}`);
      continue;
    }
    const now = current.get(`${r.region} ${r.id}`);
    if (now === undefined) {
      skip("no longer exists");
      continue;
    }
    const keys = Object.keys(r.requested);
    if (!showsRequested(now, r.requested)) {
      const beforeAsRequest: Settings = Object.fromEntries(
        keys.map((k) => [k, restoreValue(r.kind, k, r.before)]),
      );
      skip(
        r.outcome === "unknown" && showsRequested(now, beforeAsRequest)
          ? "the recorded change was never applied"
          : `changed since imds set it (now ${describe(now, keys)}, imds set ${describe(r.requested, keys)})`,
      );
      continue;
    }
    const requested: Settings = Object.fromEntries(keys.map((k) => [k, restoreValue(r.kind, k, r.before)]));
    const before: Settings = Object.fromEntries(
      keys.flatMap((k) => (now[k] === undefined ? [] : [[k, now[k]]])),
    );
    changes.push({ region: r.region, kind: r.kind, id: r.id, before, requested });
  }
  return { changes, skipped };
}
