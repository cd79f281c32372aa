// Changes to make and what became of them, for enforce and rollback alike. Pure.
import { type Settings, settingsOf } from "./rules.js";
import type { AccountDefaults, ErrorKind, MetadataOptions } from "./types.js";

export interface Change {
  /** Organization runs: the member account it is made in. */
  account?: string;
  region: string;
  kind: "account-default" | "instance";
  id: string;
  name?: string;
  before: Settings;
  requested: Settings;
}

/**
 * Where a change is made, as one key: its region, or in an organization run "account/region"
 * (each account's buckets, journal entries and read-backs are its own).
 */
export function placeOf(x: { account?: string | undefined; region: string }): string {
  return x.account ? `${x.account}/${x.region}` : x.region;
}

type Outcome = "applied" | "failed" | "not-started";

/** After the call: applied (read back as requested), pending (still applying when the wait ended),
 * differs (read back with other values), unread (could not be read back). */
export type Verification = "applied" | "pending" | "differs" | "unread";

export interface ChangeResult {
  change: Change;
  outcome: Outcome;
  error?: { code: string; kind: ErrorKind; message: string };
  verified?: Verification;
}

/** Whether `current` shows every requested field; "no-preference" and -1 mean the field is unset. */
export function showsRequested(current: Settings, requested: Settings): boolean {
  return Object.entries(requested).every(([k, v]) =>
    v === "no-preference" || v === -1 ? current[k] === undefined : current[k] === v,
  );
}

/**
 * @param instanceState the instance's state: a stopped instance takes its new metadata options at
 *   its next start (aws-facts.md), so showing them as requested but `pending` is all it can do.
 */
export function verify(
  kind: Change["kind"],
  requested: Settings,
  read: AccountDefaults | MetadataOptions | undefined,
  instanceState?: string,
): Verification {
  if (read === undefined) return "unread";
  if (!showsRequested(settingsOf(read), requested)) return "differs";
  const pending = kind === "instance" && (read as MetadataOptions).state === "pending";
  if (pending && instanceState !== "stopped") return "pending";
  return "applied";
}

export interface ChangeSummary {
  planned: number;
  applied: number;
  failed: number;
  notStarted: number;
  unverified: number;
}

export function summarize(results: readonly ChangeResult[]): ChangeSummary {
  return {
    planned: results.length,
    applied: results.filter((r) => r.outcome === "applied" && r.verified === "applied").length,
    failed: results.filter((r) => r.outcome === "failed").length,
    notStarted: results.filter((r) => r.outcome === "not-started").length,
    unverified: results.filter((r) => r.outcome === "applied" && r.verified !== "applied").length,
  };
}

/** What a resource shows just before its change is written, as `freshBefore` judges it. */
export type Fresh = { ok: true; before: Settings } | { ok: false; code: string; reason: string };

function shown(s: Settings, keys: readonly string[]): string {
  return keys.map((k) => `${k}=${s[k] ?? "unset"}`).join(" ");
}

/**
 * Issue 11, point 4: EC2 has no conditional write, so the window between reading and writing is
 * shrunk to one round trip. Re-read just before the write, a change goes ahead only while the
 * resource still shows, on every field it changes, the value it was planned from; its journaled
 * "before" is then what was just read (on the plan's fields). Anything else was changed by someone
 * else in between and is left alone. For rollback the planned-from value is what imds had set, so
 * rollback never undoes a change another client made after it.
 *
 * @param now the resource's settings as just read; undefined when it no longer exists.
 */
export function freshBefore(change: Change, now: Settings | undefined, locked = false): Fresh {
  if (now === undefined) return { ok: false, code: "Gone", reason: "no longer exists" };
  if (locked) return { ok: false, code: "Locked", reason: "now managed by an organization policy" };
  const keys = Object.keys(change.requested);
  const moved = keys.filter((k) => now[k] !== change.before[k]);
  if (moved.length > 0) {
    return {
      ok: false,
      code: "ChangedSince",
      reason: `changed by someone else since the plan (now ${shown(now, moved)}, planned from ${shown(change.before, moved)}): left alone`,
    };
  }
  const before: Settings = {};
  for (const k of Object.keys(change.before)) if (now[k] !== undefined) before[k] = now[k];
  return { ok: true, before };
}
