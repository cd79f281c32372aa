// What rollback restores: every change a journal recorded, where the resource still has the
// settings imds set, back to every field the journal recorded as before. Anything changed since is
// left alone and reported. Where HttpTokensEnforced is enabled, AWS refuses to set an instance back
// to optional: the rollback disables it first when the same journal enabled it (the region's
// account default goes first), and otherwise reports the instance as blocked, sending nothing. Pure.
import { type Change, showsRequested } from "./changes.js";
import type { Skip } from "./plan.js";
import { isEnforced, lockText, type Settings } from "./rules.js";

export interface RecordedChange {
  region: string;
  kind: "account-default" | "instance";
  id: string;
  before: Settings;
  requested: Settings;
  outcome: "applied" | "failed" | "unknown";
}

export interface RollbackPlan {
  changes: Change[];
  skipped: Skip[];
  /** What the plan does in a particular order, and why (for the plan and the report). */
  notes: string[];
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
 * Every field to put back: those imds asked to change, and every other field recorded as before
 * that no longer has its recorded value (an endpoint that changed more than asked). HttpTokensEnforced
 * is turned off only where the journal turned it on: a rollback never lowers a guard it did not raise.
 */
function restoreOf(r: RecordedChange, now: Settings): Settings {
  const others = Object.keys(r.before).filter((k) => k !== "httpTokensEnforced");
  const keys = new Set([...Object.keys(r.requested), ...others]);
  const out: Settings = {};
  for (const k of keys) {
    const value = restoreValue(r.kind, k, r.before);
    if (k in r.requested || !showsRequested(now, { [k]: value })) out[k] = value;
  }
  return out;
}

/** The change that restores one recorded change, or why there is none. */
function restoreOne(
  r: RecordedChange,
  current: ReadonlyMap<string, Settings>,
  locked: ReadonlyMap<string, string>,
): { change: Change } | { reason: string } {
  if (r.outcome === "failed") return { reason: "the recorded change failed: nothing to undo" };
  const lock = r.kind === "account-default" ? locked.get(r.region) : undefined;
  if (lock !== undefined) return { reason: `now ${lockText(lock)}` };
  const now = current.get(`${r.region} ${r.id}`);
  if (now === undefined) return { reason: "no longer exists" };
  const keys = Object.keys(r.requested);
  if (!showsRequested(now, r.requested)) {
    const beforeAsRequest: Settings = Object.fromEntries(
      keys.map((k) => [k, restoreValue(r.kind, k, r.before)]),
    );
    return {
      reason:
        r.outcome === "unknown" && showsRequested(now, beforeAsRequest)
          ? "the recorded change was never applied"
          : `changed since imds set it (now ${describe(now, keys)}, imds set ${describe(r.requested, keys)})`,
    };
  }
  return { change: { region: r.region, kind: r.kind, id: r.id, before: now, requested: restoreOf(r, now) } };
}

/** An instance change AWS refuses while HttpTokensEnforced is enabled: back to optional from required. */
function refusedWhileEnforced(c: Change): boolean {
  return c.kind === "instance" && c.requested.httpTokens === "optional" && c.before.httpTokens === "required";
}

/** Regions whose planned account-default change turns HttpTokensEnforced off. */
function turningEnforcementOff(changes: readonly Change[]): Set<string> {
  return new Set(
    changes
      .filter(
        (c) =>
          c.kind === "account-default" &&
          isEnforced(c.before) &&
          c.requested.httpTokensEnforced !== undefined &&
          !isEnforced(c.requested),
      )
      .map((c) => c.region),
  );
}

/**
 * @param current the settings each resource has now, keyed `${region} ${id}`, and each region's
 *   account default (`${region} account-default`); absent when the resource no longer exists.
 * @param locked regions whose defaults an organization policy now manages, with its message.
 */
export function planRollback(
  recorded: readonly RecordedChange[],
  current: ReadonlyMap<string, Settings>,
  locked: ReadonlyMap<string, string> = new Map(),
): RollbackPlan {
  const planned: Change[] = [];
  const skipped: Skip[] = [];
  for (const r of recorded) {
    const out = restoreOne(r, current, locked);
    if ("change" in out) planned.push(out.change);
    else skipped.push({ region: r.region, kind: r.kind, id: r.id, reason: out.reason });
  }
  const turnedOff = turningEnforcementOff(planned);
  const changes: Change[] = [];
  for (const c of planned) {
    const enforced = isEnforced(current.get(`${c.region} account-default`));
    if (!enforced || !refusedWhileEnforced(c)) changes.push(c);
    else if (turnedOff.has(c.region)) changes.push({ ...c, afterEnforcementOff: true });
    else skipped.push({ ...blocked(c, locked.has(c.region)), region: c.region });
  }
  const notes = [...turnedOff]
    .filter((region) => changes.some((c) => c.region === region && c.afterEnforcementOff))
    .sort()
    .map(
      (region) =>
        `${region}: the account default goes first, turning HttpTokensEnforced off, then instances go back to HttpTokens=optional (AWS refuses that while it is on; an instance whose default change fails is not sent)`,
    );
  return { changes, skipped, notes };
}

/** An instance rollback AWS would refuse: reported with what to do, never sent. */
function blocked(c: Change, byPolicy: boolean): Omit<Skip, "region"> {
  const fix = byPolicy
    ? "an organization declarative policy enforces it: ask its owners to set http_tokens_enforced to disabled for this account"
    : `it was enabled outside this journal: disable it (aws ec2 modify-instance-metadata-defaults --region ${c.region} --http-tokens-enforced disabled)`;
  return {
    kind: c.kind === "account-default" ? "account-default" : "instance",
    id: c.id,
    blocked: true,
    reason: `blocked by HttpTokensEnforced: AWS refuses HttpTokens=optional while it is enabled in ${c.region}; ${fix}, then run this rollback again`,
  };
}
