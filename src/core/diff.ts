// What changed between two audits of the same account(s), and the compliance trend over many. Pure.
// Either report may be of one account or of an organization: both are compared as accounts, each
// with its regions and resources (core/diff-input.ts).
//
// A resource is failing when a finding is at or above --fail-on. Newly failing: failing now, not
// before (or not there before). Fixed: failing before, passing now, or gone from a part of a
// region that was read completely now. Excepted: failing before, and now failing only in findings a
// config exception covers (not fixed: the resource is as it was, someone accepted it). A resource missing from a part not read now proves
// nothing: it is neither fixed nor still failing, and its region shows as incomplete. So does an
// account not entered now (or gone from the report): none of its resources counts as fixed.
import type { ComparableReport } from "./diff-input.js";
import { PART_OF } from "./finding-rows.js";
import { atLeast } from "./severity.js";
import { plural } from "./text.js";
import type { FailOn, Part, Resource, ResourceKind, Severity } from "./types.js";

export interface DiffEntry {
  account: string;
  region: string;
  kind: ResourceKind;
  id: string;
  name?: string;
  /** Severity in the older report; absent when the resource was not there. */
  before?: Severity;
  /** Severity in the newer report; absent when the resource is gone. */
  after?: Severity;
  /** The lead finding's message (newer report, else older). */
  message: string;
}

interface RegionChange {
  account: string;
  region: string;
  /** What could not be read now: "ec2:DescribeInstances UnauthorizedOperation", ... */
  errors: string[];
}

/**
 * An account whose coverage changed: in the newer report only (appeared), in the older only
 * (disappeared), not entered now though it was before or is new (unreadable), or read completely
 * before and not now (incomplete).
 */
export interface AccountChange {
  account: string;
  name?: string;
  change: "appeared" | "disappeared" | "unreadable" | "incomplete";
  /** Why, in a few words: "left out: SUSPENDED in Organizations", "sts:AssumeRole AccessDenied (...)". */
  detail: string;
}

type DiffStatus = "regressed" | "improved" | "unchanged" | "incomplete";

interface Side {
  scope: ComparableReport["scope"];
  generatedAt: string;
  compliance: number;
  accounts: number;
}

export interface ReportDiff {
  old: Side;
  new: Side;
  failOn: FailOn;
  /** Accounts that appeared, disappeared, or could not be read (completely) this time. */
  accounts: AccountChange[];
  newlyFailing: DiffEntry[];
  fixed: DiffEntry[];
  /** Failing before; now only a config exception keeps them from failing. */
  excepted: DiffEntry[];
  stillFailing: DiffEntry[];
  /** Regions read completely before and not now. */
  becameIncomplete: RegionChange[];
  verdict: { status: DiffStatus; line: string };
}

/** A resource fails at the threshold when one of its findings is at or above it ("never": none does). */
function failsAt(resource: Pick<Resource, "findings">, failOn: FailOn): boolean {
  return failOn !== "never" && resource.findings.some((f) => atLeast(f.severity, failOn));
}

/** A resource not failing only because a config exception covers a finding at or above the threshold. */
function exceptedAt(resource: Pick<Resource, "excepted">, failOn: FailOn): boolean {
  return failOn !== "never" && (resource.excepted ?? []).some((f) => atLeast(f.severity, failOn));
}

/** Percent of resources not failing at the threshold (100 when there are none). */
export function compliance(resources: readonly Resource[], failOn: FailOn): number {
  if (resources.length === 0) return 100;
  const ok = resources.filter((r) => !failsAt(r, failOn)).length;
  return Math.round((1000 * ok) / resources.length) / 10;
}

type Row = ComparableReport["resources"][number];
type Keyed = { key: string; account: string; resource: Row };

function keyed(report: ComparableReport): Map<string, Keyed> {
  const out = new Map<string, Keyed>();
  for (const resource of report.resources) {
    const key = [resource.account, resource.region, resource.kind, resource.id].join("\u0000");
    out.set(key, { key, account: resource.account, resource });
  }
  return out;
}

function entry(account: string, before?: Resource, after?: Resource): DiffEntry {
  const r = (after ?? before) as Resource;
  const lead = [after, before]
    .flatMap((x) => [...(x?.findings ?? []), ...(x?.excepted ?? [])])
    .find((f) => f.severity !== "pass");
  return {
    account,
    region: r.region,
    kind: r.kind,
    id: r.id,
    ...(r.name === undefined ? {} : { name: r.name }),
    ...(before ? { before: before.severity } : {}),
    ...(after ? { after: after.severity } : {}),
    message: lead?.message ?? "",
  };
}

/** `account region` -> the parts of that region not read, in a report. */
function unreadParts(report: ComparableReport): Map<string, Set<Part>> {
  const out = new Map<string, Set<Part>>();
  for (const r of report.regions) out.set(`${r.account} ${r.region}`, new Set(r.errors.map((e) => e.part)));
  return out;
}

function becameIncomplete(older: ComparableReport, newer: ComparableReport): RegionChange[] {
  const before = new Map(older.regions.map((r) => [`${r.account} ${r.region}`, r]));
  return newer.regions.flatMap((r) => {
    if (r.complete || before.get(`${r.account} ${r.region}`)?.complete !== true) return [];
    return [{ account: r.account, region: r.region, errors: r.errors.map((e) => `${e.action} ${e.code}`) }];
  });
}

function newerAccountChange(id: string, older: ComparableReport, newer: ComparableReport): AccountChange[] {
  const now = newer.accounts.get(id);
  if (!now) return [];
  const was = older.accounts.get(id);
  const named = now.name === undefined ? {} : { name: now.name };
  const why = now.problems.join(", ");
  if (!now.entered && was?.entered !== false)
    return [{ account: id, ...named, change: "unreadable", detail: `${was ? "" : "new: "}${why}` }];
  if (!was) return [{ account: id, ...named, change: "appeared", detail: "not in the older report" }];
  if (now.entered && !now.complete && was.complete)
    return [{ account: id, ...named, change: "incomplete", detail: why }];
  return [];
}

/** Accounts that appeared, disappeared, or could not be read (completely) this time; by id. */
function accountChanges(older: ComparableReport, newer: ComparableReport): AccountChange[] {
  const gone = [...older.accounts].flatMap(([id, was]): AccountChange[] => {
    if (newer.accounts.has(id)) return [];
    const reason = newer.leftOut.get(id);
    const detail = reason === undefined ? "not in the newer report" : `left out: ${reason}`;
    return [
      { account: id, ...(was.name === undefined ? {} : { name: was.name }), change: "disappeared", detail },
    ];
  });
  const ids = [...newer.accounts.keys()];
  return [...gone, ...ids.flatMap((id) => newerAccountChange(id, older, newer))].sort((a, b) =>
    a.account.localeCompare(b.account),
  );
}

const isUnread = (a: AccountChange) => a.change === "unreadable" || a.change === "incomplete";

function incompleteLine(d: Omit<ReportDiff, "verdict">): string {
  const accounts = d.accounts.filter(isUnread);
  const regions = d.becameIncomplete.filter((r) => !accounts.some((a) => a.account === r.account));
  const org = d.old.scope === "organization" || d.new.scope === "organization";
  const where = [
    ...accounts.map((a) => `${a.account} ${a.change === "unreadable" ? "not entered" : "partly"}`),
    ...regions.map((r) => (org ? `${r.account} ${r.region}` : r.region)),
  ].join(", ");
  const what = [
    accounts.length ? plural(accounts.length, "account") : "",
    regions.length ? plural(regions.length, "region") : "",
  ]
    .filter(Boolean)
    .join(" and ");
  return `${what} could not be read${accounts.length ? " completely" : ""} this time (${where})`;
}

function verdict(d: Omit<ReportDiff, "verdict">): ReportDiff["verdict"] {
  const pct = `compliance from ${d.old.compliance}% to ${d.new.compliance}%`;
  const moved = (c: AccountChange["change"]) => d.accounts.filter((a) => a.change === c).length;
  const accounts =
    moved("appeared") || moved("disappeared")
      ? `${plural(moved("appeared"), "account")} appeared, ${moved("disappeared")} disappeared; `
      : "";
  const counts = `${accounts}${plural(d.newlyFailing.length, "newly failing resource")}, ${d.fixed.length} fixed, ${d.excepted.length} newly excepted, ${d.stillFailing.length} still failing`;
  if (d.becameIncomplete.length > 0 || d.accounts.some(isUnread))
    return { status: "incomplete", line: `INCOMPLETE: ${incompleteLine(d)}; ${counts}; ${pct}.` };
  if (d.newlyFailing.length > 0) return { status: "regressed", line: `REGRESSED: ${counts}; ${pct}.` };
  if (d.fixed.length > 0) return { status: "improved", line: `IMPROVED: ${counts}; ${pct}.` };
  return { status: "unchanged", line: `UNCHANGED: ${counts}; ${pct}.` };
}

function side(report: ComparableReport, failOn: FailOn): Side {
  return {
    scope: report.scope,
    generatedAt: report.generatedAt,
    compliance: compliance(report.resources, failOn),
    accounts: report.accounts.size,
  };
}

/** What changed from `older` to `newer`, judged at `failOn`. */
export function diffReports(older: ComparableReport, newer: ComparableReport, failOn: FailOn): ReportDiff {
  const before = keyed(older);
  const after = keyed(newer);
  const unread = unreadParts(newer);
  const newlyFailing: DiffEntry[] = [];
  const fixed: DiffEntry[] = [];
  const excepted: DiffEntry[] = [];
  const stillFailing: DiffEntry[] = [];
  for (const { key, account, resource } of after.values()) {
    const old = before.get(key)?.resource;
    if (!failsAt(resource, failOn)) {
      if (old && failsAt(old, failOn))
        (exceptedAt(resource, failOn) ? excepted : fixed).push(entry(account, old, resource));
    } else if (old && failsAt(old, failOn)) stillFailing.push(entry(account, old, resource));
    else newlyFailing.push(entry(account, old, resource));
  }
  for (const { key, account, resource } of before.values()) {
    if (after.has(key) || !failsAt(resource, failOn)) continue;
    // Gone: fixed only where that part of the region was read this time (an account not entered,
    // or not in the newer report, has no regions there: nothing in it is fixed).
    const parts = unread.get(`${account} ${resource.region}`);
    if (parts && !parts.has(PART_OF[resource.kind])) fixed.push(entry(account, resource, undefined));
  }
  const d = {
    old: side(older, failOn),
    new: side(newer, failOn),
    failOn,
    accounts: accountChanges(older, newer),
    newlyFailing,
    fixed,
    excepted,
    stillFailing,
    becameIncomplete: becameIncomplete(older, newer),
  };
  return { ...d, verdict: verdict(d) };
}
