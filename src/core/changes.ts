// Changes to make and what became of them, for enforce and rollback alike. Pure.

import type { ChangeKind } from "../schemas/change-kinds.js";
import { type Settings, settingsOf } from "./rules.js";
import type { AccountDefaults, ErrorKind, MetadataOptions } from "./types.js";

export interface Change {
  /** Organization runs: the member account it is made in. */
  account?: string;
  region: string;
  kind: ChangeKind;
  id: string;
  name?: string;
  /** Every field the resource had before (not only those requested): verification compares them all. */
  before: Settings;
  requested: Settings;
  /**
   * Rollback of an instance to HttpTokens=optional in a region where HttpTokensEnforced is enabled:
   * only once the region's account-default change (which disables it) has been applied.
   */
  afterEnforcementOff?: true;
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
 * differs (read back with other values), changed-more (as requested, but fields imds did not ask
 * to change changed too), unread (could not be read back). */
export type Verification = "applied" | "pending" | "differs" | "changed-more" | "unread";

/** A field that changed although the call did not ask for it. */
export interface SideEffect {
  field: string;
  /** Absent: the field was unset. */
  before?: string | number;
  now?: string | number;
}

export interface ChangeResult {
  change: Change;
  outcome: Outcome;
  error?: { code: string; kind: ErrorKind; message: string };
  verified?: Verification;
  /** With verified "changed-more": what else changed. */
  sideEffects?: SideEffect[];
  /**
   * What the call asked for when it differs from the plan's request: a chain step's version number
   * once the new version exists, a new version's description, and (version) the number it got.
   */
  sent?: Settings;
}

/** Whether `current` shows every requested field; "no-preference" and -1 mean the field is unset. */
export function showsRequested(current: Settings, requested: Settings): boolean {
  return Object.entries(requested).every(([k, v]) =>
    v === "no-preference" || v === -1 ? current[k] === undefined : current[k] === v,
  );
}

/** Fields, other than those requested, whose value now differs from the one read before the change. */
export function sideEffectsOf(before: Settings, requested: Settings, now: Settings): SideEffect[] {
  const fields = new Set([...Object.keys(before), ...Object.keys(now)]);
  const out: SideEffect[] = [];
  for (const field of [...fields].sort()) {
    if (field in requested || before[field] === now[field]) continue;
    out.push({
      field,
      ...(before[field] === undefined ? {} : { before: before[field] }),
      ...(now[field] === undefined ? {} : { now: now[field] }),
    });
  }
  return out;
}

/** "hopLimit 1 -> 2, instanceMetadataTags disabled -> enabled". */
export function describeSideEffects(effects: readonly SideEffect[]): string {
  return effects.map((e) => `${e.field} ${e.before ?? "unset"} -> ${e.now ?? "unset"}`).join(", ");
}

/**
 * Compares what was read back with the change: the requested fields, and every other field read
 * before it (an endpoint that also changed the hop limit, the endpoint or the tags is caught).
 *
 * @param instanceState the instance's state: a stopped instance takes its new metadata options at
 *   its next start (aws-facts.md), so showing them as requested but `pending` is all it can do.
 */
export function verify(
  change: Pick<Change, "kind" | "before" | "requested">,
  read: AccountDefaults | MetadataOptions | undefined,
  instanceState?: string,
): { verified: Verification; sideEffects?: SideEffect[] } {
  if (read === undefined) return { verified: "unread" };
  const now = settingsOf(read);
  if (!showsRequested(now, change.requested)) return { verified: "differs" };
  const sideEffects = sideEffectsOf(change.before, change.requested, now);
  if (sideEffects.length) return { verified: "changed-more", sideEffects };
  const pending = change.kind === "instance" && (read as MetadataOptions).state === "pending";
  if (pending && instanceState !== "stopped") return { verified: "pending" };
  return { verified: "applied" };
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
