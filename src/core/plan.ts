// What enforce would change, and why it leaves the rest alone. Pure.
import { isLocked } from "./evaluate.js";
import { describeUsage, type Usage } from "./readiness.js";
import type { AccountDefaults, InstanceRecord } from "./types.js";

/** `--hop-limit`: a number, "no-preference" (defaults: unset; instances: keep), or absent (keep). */
export type HopLimitRequest = number | "no-preference" | undefined;

export type Settings = Record<string, string | number>;

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
  region: string;
  kind: "account-default" | "instance";
  id: string;
  name?: string;
  reason: string;
}

export interface Evidence {
  usage: ReadonlyMap<string, Usage>;
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

export function defaultsSettings(d: AccountDefaults): Settings {
  const out: Settings = {};
  if (d.httpTokens !== undefined) out.httpTokens = d.httpTokens;
  if (d.hopLimit !== undefined) out.hopLimit = d.hopLimit;
  if (d.httpEndpoint !== undefined) out.httpEndpoint = d.httpEndpoint;
  if (d.instanceMetadataTags !== undefined) out.instanceMetadataTags = d.instanceMetadataTags;
  if (d.httpTokensEnforced !== undefined) out.httpTokensEnforced = d.httpTokensEnforced;
  return out;
}

/** The account-default change for one region, or why there is none. */
export function planDefaults(
  region: string,
  d: AccountDefaults,
  hop: HopLimitRequest,
): { change: DefaultsChange } | { skip: Skip } {
  const skip = (reason: string) => ({
    skip: { region, kind: "account-default" as const, id: "account-default", reason },
  });
  if (isLocked(d)) {
    return skip(
      `managed by an organization policy${d.managedExceptionMessage ? `: ${d.managedExceptionMessage}` : ""}`,
    );
  }
  const requested: Settings = {};
  if (d.httpTokens !== "required") requested.httpTokens = "required";
  if (typeof hop === "number" && d.hopLimit !== hop) requested.hopLimit = hop;
  if (hop === "no-preference" && d.hopLimit !== undefined) requested.hopLimit = -1;
  if (Object.keys(requested).length === 0) return skip("already requires IMDSv2");
  return { change: { region, before: defaultsSettings(d), requested } };
}

function hasTag(i: InstanceRecord, [k, v]: readonly [string, string]): boolean {
  return i.tags[k] === v;
}

/** The instance changes for one region, and every instance left alone with its reason. */
export function planInstances(
  region: string,
  instances: readonly InstanceRecord[],
  filter: InstanceFilter,
  hop: HopLimitRequest,
  evidence?: Evidence,
): { changes: InstanceChange[]; skips: Skip[] } {
  const changes: InstanceChange[] = [];
  const skips: Skip[] = [];
  const ids = filter.ids ? new Set(filter.ids) : undefined;
  for (const i of instances) {
    if (ids && !ids.has(i.id)) continue;
    if (filter.tags && !filter.tags.every((t) => hasTag(i, t))) continue;
    const skip = (reason: string) =>
      skips.push({ region, kind: "instance", id: i.id, ...(i.name ? { name: i.name } : {}), reason });
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
    if (typeof hop === "number" && m.hopLimit !== hop) requested.hopLimit = hop;
    if (Object.keys(requested).length === 0) {
      skip("already requires IMDSv2");
      continue;
    }
    const usage = evidence?.usage.get(i.id);
    if (evidence && !evidence.force && requested.httpTokens !== undefined && usage?.readiness !== "ready") {
      skip(
        usage?.readiness === "in-use"
          ? `still calls IMDSv1 (${describeUsage(usage, evidence.days)}): fix the caller first, or pass --force`
          : `no evidence it is safe (${usage ? describeUsage(usage, evidence.days) : "not read"}): pass --force to change it anyway`,
      );
      continue;
    }
    const before: Settings = {};
    if (m.httpTokens !== undefined) before.httpTokens = m.httpTokens;
    if (m.hopLimit !== undefined) before.hopLimit = m.hopLimit;
    changes.push({
      region,
      id: i.id,
      ...(i.name ? { name: i.name } : {}),
      state: i.state,
      before,
      requested,
    });
  }
  return { changes, skips };
}
