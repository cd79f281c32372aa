// One account of an organization run, summarized: its row, and its regions and resources with the
// account on each. Failures are data with their own kinds. Pure.
import type { AccountRef } from "./accounts.js";
import type { AccountBlock, AccountCounts, AccountError, AccountRow } from "./org-types.js";
import type { EvaluatedRegion } from "./report.js";
import { requiresV2 } from "./rules.js";
import { worstOf } from "./severity.js";
import type { ReadError, RegionReport, Resource } from "./types.js";
import { zeroKinds } from "./verdict.js";

/** An account that could not be entered, or one read: each region in scope evaluated, in region order. */
export type AccountResult =
  | { ref: AccountRef; error: AccountError }
  | {
      ref: AccountRef;
      evaluated: readonly EvaluatedRegion[];
      /** Regions named with --regions that the account has not enabled. */
      notEnabled: readonly string[];
    };

const NOT_ENABLED = "not enabled in this account";

export interface SummaryOptions {
  scpDeniedAsExcluded: boolean;
}

function emptyCounts(): AccountCounts {
  return {
    instances: 0,
    v1Allowed: 0,
    defaultsFailing: 0,
    lockedRegions: 0,
    enforceable: 0,
    templatesFailing: 0,
    fail: zeroKinds(),
    warn: zeroKinds(),
  };
}

/**
 * A region the account itself listed as enabled cannot be "not enabled": AuthFailure or a refused
 * token there, after the account was entered, means the account stopped accepting its credentials.
 */
export function reclassifyForAccount(e: ReadError, account: string): ReadError {
  if (e.kind !== "region-not-enabled" && e.kind !== "credentials") return e;
  return {
    ...e,
    kind: "account-suspended",
    hint: `account ${account} stopped accepting its credentials mid-run (suspended or closed?): check its state in Organizations, or leave it out with --exclude-accounts ${account}`,
  };
}

/** An SCP denies the region: every failure is an SCP's deny, and they include the defaults and instances. */
function scpDenied(region: RegionReport): boolean {
  const { errors } = region;
  const parts = new Set(errors.map((e) => e.part));
  return (
    errors.length > 0 &&
    errors.every((e) => e.kind === "scp-denied") &&
    parts.has("defaults") &&
    parts.has("instances")
  );
}

function tally(counts: AccountCounts, region: RegionReport, resources: readonly Resource[]): void {
  const c = region.counts;
  counts.instances += c.instances;
  counts.v1Allowed += c.v1Allowed;
  counts.templatesFailing += c.templatesFailing;
  if (region.locked) counts.lockedRegions++;
  const d = region.defaults;
  if (d !== null && !requiresV2(d)) {
    counts.defaultsFailing++;
    if (!region.locked) counts.enforceable++;
  }
  for (const r of resources) {
    if (r.severity === "fail") counts.fail[r.kind]++;
    else if (r.severity === "warn") counts.warn[r.kind]++;
  }
}

/** The account's regional failures, one per kind (its first action and code), with their regions. */
function unreadOf(regions: readonly RegionReport[]): AccountRow["unread"] {
  const out = new Map<string, AccountRow["unread"][number]>();
  for (const r of regions) {
    for (const e of r.errors) {
      const seen = out.get(e.kind);
      if (!seen)
        out.set(e.kind, { kind: e.kind, action: e.action, code: e.code, hint: e.hint, regions: [r.region] });
      else if (!seen.regions.includes(r.region)) seen.regions.push(r.region);
    }
  }
  return [...out.values()];
}

function failedRow(ref: AccountRef, error: AccountError): AccountRow {
  return {
    id: ref.id,
    ...(ref.name === undefined ? {} : { name: ref.name }),
    status: "incomplete",
    complete: false,
    regions: { read: 0, total: 0 },
    excludedRegions: [],
    counts: emptyCounts(),
    failureKinds: [error.kind],
    incompleteRegions: [],
    unread: [],
    errors: [error],
  };
}

/** The account's summary row and its block of regions and resources. */
export function summarizeAccount(
  result: AccountResult,
  opts: SummaryOptions,
): { row: AccountRow; block: AccountBlock } {
  const { ref } = result;
  const account = ref.id;
  if ("error" in result)
    return { row: failedRow(ref, result.error), block: { account: ref.id, regions: [], resources: [] } };
  const block: AccountBlock = { account, regions: [], resources: [] };
  const counts = emptyCounts();
  const excludedRegions = result.notEnabled.map((region) => ({ region, reason: NOT_ENABLED }));
  for (const { report, resources } of result.evaluated) {
    const region = { ...report, errors: report.errors.map((e) => reclassifyForAccount(e, account)) };
    if (opts.scpDeniedAsExcluded && scpDenied(region)) {
      excludedRegions.push({ region: region.region, reason: "denied by a service control policy" });
      continue;
    }
    block.regions.push({ account, ...region });
    for (const r of resources) block.resources.push({ account, ...r });
    tally(counts, region, resources);
  }
  const complete = block.regions.every((r) => r.complete);
  const row: AccountRow = {
    id: account,
    ...(ref.name === undefined ? {} : { name: ref.name }),
    status: complete ? worstOf(block.regions.map((r) => r.status as "pass" | "warn" | "fail")) : "incomplete",
    complete,
    regions: {
      read: block.regions.filter((r) => r.complete).length,
      total: block.regions.length + excludedRegions.filter((e) => e.reason !== NOT_ENABLED).length,
    },
    excludedRegions: excludedRegions.sort((a, b) => a.region.localeCompare(b.region)),
    counts,
    failureKinds: [...new Set(block.regions.flatMap((r) => r.errors.map((e) => e.kind)))].sort(),
    incompleteRegions: block.regions.filter((r) => !r.complete).map((r) => r.region),
    unread: unreadOf(block.regions),
    errors: [],
  };
  return { row, block };
}
