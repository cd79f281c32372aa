// What enforce would change, and why it leaves the rest alone. Pure.

import type { SkipKind } from "../schemas/change-kinds.js";
import type { Change } from "./changes.js";
import { exceptedText } from "./exceptions.js";
import { describeEvidence } from "./readiness.js";
import { type ResourceRules, targetOf } from "./resource-rules.js";
import { INSTANCE_KEYS, isEnforced, isLocked, lockText, type Settings, settingsOf } from "./rules.js";
import type { Target } from "./selector.js";
import { plural } from "./text.js";
import type { AccountDefaults, ExceptionRef, InstanceRecord, V1Evidence } from "./types.js";

/**
 * `--hop-limit`: a number (at most that: higher ones lowered to it, lower ones kept unless
 * --raise-hop-limit), "no-preference" (defaults: unset; instances: keep), "policy" (lower each
 * resource above its config hop-limit rule to that limit), or absent (keep).
 */
export type HopLimitRequest = number | "no-preference" | "policy" | undefined;

/**
 * The hop limit `--hop-limit N` asks of a resource at `current`: N, or nothing when it is N already,
 * or when it is lower and `raise` is off (raising a hop limit lets containers reach IMDS: a
 * loosening, done only when asked for exactly N); `kept` says a lower one was left.
 */
export function hopWanted(
  current: number | undefined,
  hop: number,
  raise: boolean,
): { set?: number; kept?: number } {
  if (current === hop) return {};
  if (current !== undefined && current < hop && !raise) return { kept: current };
  return { set: hop };
}

/** Why a resource whose hop limit is below --hop-limit N keeps it. */
const keptHopText = (kept: number, hop: number) =>
  `hop limit ${kept} kept below --hop-limit ${hop} (raising it loosens security; --raise-hop-limit sets exactly ${hop})`;

export type { Settings };

export interface DefaultsChange {
  region: string;
  before: Settings;
  requested: Settings;
}

export interface InstanceChange {
  region: string;
  id: string;
  name?: string;
  state: string;
  before: Settings;
  requested: Settings;
}

export interface Skip {
  /** Organization runs: the member account. */
  account?: string;
  region: string;
  kind: SkipKind;
  id: string;
  name?: string;
  reason: string;
  /** Left alone because AWS would refuse the change (e.g. HttpTokensEnforced): the run is incomplete. */
  blocked?: true;
  /** The config exception that leaves it alone. */
  exception?: ExceptionRef;
}

/**
 * The finding codes a requested setting fixes: an exception for them leaves that setting alone (a
 * template whose launches fail under HttpTokensEnforced is fixed by requiring IMDSv2 too).
 */
const FIXES: Record<string, readonly string[]> = {
  httpTokens: ["imdsv1-allowed", "no-account-default", "launch-fails-enforced"],
  hopLimit: ["hop-limit-above-max"],
};

/**
 * What the config leaves of a requested change: the hop limit its rule allows ("policy"), and
 * without the settings an active exception covers. Mutates `requested`; returns the first exception
 * that took a setting out. Shared by instances, account defaults and launch templates.
 */
export function applyRules(
  requested: Settings,
  current: number | undefined,
  hop: HopLimitRequest,
  rules: ResourceRules | undefined,
  target: Target | undefined,
): ExceptionRef | undefined {
  if (hop === "policy" && rules && target && current !== undefined) {
    const { max } = rules.hop.limitFor(target);
    if (current > max) requested.hopLimit = max;
  }
  if (!rules?.exceptions.size || !target) return undefined;
  let found: ExceptionRef | undefined;
  for (const key of Object.keys(requested)) {
    const ref = FIXES[key]?.map((code) => rules.exceptions.covering(target, code)).find(Boolean);
    if (ref) {
      delete requested[key];
      found ??= ref;
    }
  }
  return found;
}

/** A resource a config exception leaves alone, listed with it. */
export function exceptedSkip(base: Omit<Skip, "reason">, exception: ExceptionRef): Skip {
  return { ...base, reason: exceptedText(exception), exception };
}

export interface Evidence {
  byInstance: ReadonlyMap<string, V1Evidence>;
  days: number;
  /** --force: change instances whatever the evidence says. */
  force: boolean;
}

export interface InstanceFilter {
  ids?: readonly string[] | undefined;
  /** Every pair must match (AND). */
  tags?: readonly (readonly [string, string])[] | undefined;
  /** Any pair excludes (OR). */
  excludeTags?: readonly (readonly [string, string])[] | undefined;
}

/**
 * The account-default change for one region, or why there is none.
 * @param enforceLaunches --enforce-launches: also turn HttpTokensEnforced on (after the preflight).
 */
export function planDefaults(
  region: string,
  d: AccountDefaults,
  hop: HopLimitRequest,
  rules?: ResourceRules,
  enforceLaunches = false,
  raiseHop = false,
): ({ change: DefaultsChange } | { skip: Skip }) & { keptHop?: true } {
  const base = { region, kind: "account-default" as const, id: "account-default" };
  const skip = (reason: string) => ({ skip: { ...base, reason } });
  if (isLocked(d)) {
    return skip(lockText(d.managedExceptionMessage));
  }
  const requested: Settings = {};
  if (d.httpTokens !== "required") requested.httpTokens = "required";
  const wanted = typeof hop === "number" ? hopWanted(d.hopLimit, hop, raiseHop) : {};
  if (wanted.set !== undefined) requested.hopLimit = wanted.set;
  if (hop === "no-preference" && d.hopLimit !== undefined) requested.hopLimit = -1;
  const exception = applyRules(requested, d.hopLimit, hop, rules, rules && targetOf(rules, base));
  if (enforceLaunches && !isEnforced(d)) requested.httpTokensEnforced = "enabled";
  const kept = wanted.kept === undefined ? {} : { keptHop: true as const };
  if (Object.keys(requested).length === 0) {
    if (exception) return { skip: exceptedSkip(base, exception) };
    const done = enforceLaunches
      ? "already requires IMDSv2, and HttpTokensEnforced is on"
      : "already requires IMDSv2";
    return {
      ...skip(wanted.kept === undefined ? done : `${done}; ${keptHopText(wanted.kept, hop as number)}`),
      ...kept,
    };
  }
  return { change: { region, before: settingsOf(d), requested }, ...kept };
}

function hasTag(i: InstanceRecord, [k, v]: readonly [string, string]): boolean {
  return i.tags[k] === v;
}

/** The --tag pairs ("key=value") no instance read has: a typo, or nothing left to do there. */
export function unmatchedTags(scans: readonly ScannedRegion[], tags: InstanceFilter["tags"]): string[] {
  const all = scans.flatMap((s) => s.instances ?? []);
  return (tags ?? []).filter((t) => !all.some((i) => hasTag(i, t))).map(([k, v]) => `${k}=${v}`);
}

/** The instance changes for one region, and every instance left alone with its reason. */
export function planInstances(
  region: string,
  instances: readonly InstanceRecord[],
  filter: InstanceFilter,
  hop: HopLimitRequest,
  evidence?: Evidence,
  rules?: ResourceRules,
  raiseHop = false,
): { changes: InstanceChange[]; skips: Skip[]; keptHops: number } {
  const changes: InstanceChange[] = [];
  const skips: Skip[] = [];
  let keptHops = 0;
  const ids = filter.ids ? new Set(filter.ids) : undefined;
  for (const i of instances) {
    if (ids && !ids.has(i.id)) continue;
    if (filter.tags && !filter.tags.every((t) => hasTag(i, t))) continue;
    const base = { region, kind: "instance" as const, id: i.id, ...(i.name ? { name: i.name } : {}) };
    const skip = (reason: string) => skips.push({ ...base, reason });
    const excluded = filter.excludeTags?.find((t) => hasTag(i, t));
    if (excluded) {
      skip(`excluded by --exclude-tag ${excluded[0]}=${excluded[1]}`);
      continue;
    }
    const m = i.metadata;
    if (m.httpEndpoint === "disabled") {
      skip("IMDS is turned off");
      continue;
    }
    const requested: Settings = {};
    if (m.httpTokens !== "required") requested.httpTokens = "required";
    const wanted = typeof hop === "number" ? hopWanted(m.hopLimit, hop, raiseHop) : {};
    if (wanted.set !== undefined) requested.hopLimit = wanted.set;
    if (wanted.kept !== undefined) keptHops++;
    const exception = applyRules(requested, m.hopLimit, hop, rules, rules && targetOf(rules, base, i.tags));
    if (Object.keys(requested).length === 0) {
      if (exception) skips.push(exceptedSkip(base, exception));
      else if (wanted.kept !== undefined)
        skip(`already requires IMDSv2; ${keptHopText(wanted.kept, hop as number)}`);
      else skip("already requires IMDSv2");
      continue;
    }
    const v1 = evidence?.byInstance.get(i.id);
    if (evidence && !evidence.force && requested.httpTokens !== undefined && v1?.readiness !== "ready") {
      skip(
        v1?.readiness === "in-use"
          ? `still calls IMDSv1 (${describeEvidence(v1, evidence.days)}): fix the caller first, or pass --force`
          : `no evidence it is safe (${v1 ? describeEvidence(v1, evidence.days) : "not read"}): pass --force to change it anyway`,
      );
      continue;
    }
    // Every field, not only those requested: verification and rollback cover them all.
    const before = settingsOf(m, INSTANCE_KEYS);
    changes.push({
      region,
      id: i.id,
      ...(i.name ? { name: i.name } : {}),
      state: i.state,
      before,
      requested,
    });
  }
  return { changes, skips, keptHops };
}

/** A region as enforce read it: its defaults and instances, or the errors that kept them unread. */
export interface ScannedRegion {
  region: string;
  defaults?: AccountDefaults | undefined;
  instances?: readonly InstanceRecord[] | undefined;
  errors: readonly { part: string }[];
}

export interface EnforceRequest {
  /** --instances: also change existing instances. */
  instances: boolean;
  /** --enforce-launches: also turn HttpTokensEnforced on where the default requires IMDSv2. */
  enforceLaunches?: boolean;
  filter: InstanceFilter;
  hop: HopLimitRequest;
  /** --raise-hop-limit: set exactly --hop-limit N, raising lower hop limits too. */
  raiseHop?: boolean | undefined;
  /** The config's exceptions (left alone) and hop-limit rules (--hop-limit policy). */
  rules?: ResourceRules | undefined;
  /** Per region, when evidence decides which instances are safe (absent with --force). */
  evidence?: { byRegion: ReadonlyMap<string, ReadonlyMap<string, V1Evidence>>; days: number; force: boolean };
}

/** The instances of each region the plan would require IMDSv2 on: the ones evidence is needed for. */
export function evidenceCandidates(
  scans: readonly ScannedRegion[],
  req: EnforceRequest,
): Map<string, InstanceRecord[]> {
  const out = new Map<string, InstanceRecord[]>();
  for (const scan of scans) {
    if (!req.instances || !scan.instances) continue;
    const byId = new Map(scan.instances.map((i) => [i.id, i]));
    const changing = planInstances(
      scan.region,
      scan.instances,
      req.filter,
      req.hop,
      undefined,
      req.rules,
    ).changes;
    out.set(
      scan.region,
      changing.filter((c) => c.requested.httpTokens !== undefined).flatMap((c) => byId.get(c.id) ?? []),
    );
  }
  return out;
}

export interface EnforcePlan {
  /** Region by region: each region's default first, then its instances. */
  changes: Change[];
  skipped: Skip[];
  /** --instance-ids that no region in scope has (only meaningful when every region's instances were read). */
  missingIds: string[];
  instancesUnread: boolean;
  /** What the plan says besides its changes (e.g. hop limits kept below --hop-limit N). */
  notes: string[];
}

function keptHopNote(defaults: number, instances: number, hop: HopLimitRequest): string[] {
  if (defaults + instances === 0 || typeof hop !== "number") return [];
  const what = [
    defaults ? plural(defaults, "account default") : "",
    instances ? plural(instances, "instance") : "",
  ].filter(Boolean);
  return [
    `--hop-limit ${hop}: ${what.join(" and ")} keep a lower hop limit (raising it loosens security: containers on the host could reach IMDS); --raise-hop-limit sets exactly ${hop}`,
  ];
}

/** Everything enforce would change across the regions read, and what it leaves alone and why. */
export function planEnforce(scans: readonly ScannedRegion[], req: EnforceRequest): EnforcePlan {
  const plan: EnforcePlan = {
    changes: [],
    skipped: [],
    missingIds: [],
    instancesUnread: false,
    notes: [],
  };
  const seen = new Set<string>();
  const kept = { defaults: 0, instances: 0 };
  const raise = req.raiseHop === true;
  for (const scan of scans) {
    if (scan.defaults) {
      const d = planDefaults(scan.region, scan.defaults, req.hop, req.rules, req.enforceLaunches, raise);
      if ("change" in d) plan.changes.push({ kind: "account-default", id: "account-default", ...d.change });
      else plan.skipped.push(d.skip);
      if (d.keptHop) kept.defaults++;
    }
    if (!req.instances || !scan.instances) continue;
    for (const i of scan.instances) seen.add(i.id);
    const e = req.evidence;
    const p = planInstances(
      scan.region,
      scan.instances,
      req.filter,
      req.hop,
      e && { byInstance: e.byRegion.get(scan.region) ?? new Map(), days: e.days, force: e.force },
      req.rules,
      raise,
    );
    for (const { state: _state, ...c } of p.changes) plan.changes.push({ ...c, kind: "instance" });
    plan.skipped.push(...p.skips);
    kept.instances += p.keptHops;
  }
  plan.notes = keptHopNote(kept.defaults, kept.instances, req.hop);
  plan.missingIds = (req.filter.ids ?? []).filter((id) => !seen.has(id));
  plan.instancesUnread = scans.some((s) => s.errors.some((e) => e.part === "instances"));
  return plan;
}
