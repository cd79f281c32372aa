// What changed between two audits of the same account(s), and the compliance trend over many. Pure.
//
// A resource is failing when a finding is at or above --fail-on. Newly failing: failing now, not
// before (or not there before). Fixed: failing before, passing now, or gone from a part of a
// region that was read completely now. Excepted: failing before, and now failing only in findings a
// config exception covers (not fixed: the resource is as it was, someone accepted it). A resource missing from a part not read now proves
// nothing: it is neither fixed nor still failing, and its region shows as incomplete.
import { accountOf, PART_OF, type WithAccount } from "./finding-rows.js";
import { atLeast } from "./severity.js";
import { plural } from "./text.js";
import type { AuditReport, FailOn, Part, RegionReport, Resource, ResourceKind, Severity } from "./types.js";

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

type DiffStatus = "regressed" | "improved" | "unchanged" | "incomplete";

export interface ReportDiff {
  old: { generatedAt: string; compliance: number };
  new: { generatedAt: string; compliance: number };
  failOn: FailOn;
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

type Keyed = { key: string; account: string; resource: WithAccount<Resource> };

function keyed(report: AuditReport): Map<string, Keyed> {
  const out = new Map<string, Keyed>();
  for (const resource of report.resources as WithAccount<Resource>[]) {
    const account = accountOf(report, resource);
    const key = [account, resource.region, resource.kind, resource.id].join("\u0000");
    out.set(key, { key, account, resource });
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
function unreadParts(report: AuditReport): Map<string, Set<Part>> {
  const out = new Map<string, Set<Part>>();
  for (const r of report.regions as WithAccount<RegionReport>[])
    out.set(`${accountOf(report, r)} ${r.region}`, new Set(r.errors.map((e) => e.part)));
  return out;
}

function becameIncomplete(older: AuditReport, newer: AuditReport): RegionChange[] {
  const before = new Map(
    (older.regions as WithAccount<RegionReport>[]).map((r) => [`${accountOf(older, r)} ${r.region}`, r]),
  );
  return (newer.regions as WithAccount<RegionReport>[]).flatMap((r) => {
    const account = accountOf(newer, r);
    if (r.complete || before.get(`${account} ${r.region}`)?.complete !== true) return [];
    return [{ account, region: r.region, errors: r.errors.map((e) => `${e.action} ${e.code}`) }];
  });
}

function verdict(d: Omit<ReportDiff, "verdict">): ReportDiff["verdict"] {
  const pct = `compliance from ${d.old.compliance}% to ${d.new.compliance}%`;
  const counts = `${plural(d.newlyFailing.length, "newly failing resource")}, ${d.fixed.length} fixed, ${d.excepted.length} newly excepted, ${d.stillFailing.length} still failing`;
  if (d.becameIncomplete.length > 0) {
    const where = d.becameIncomplete.map((r) => r.region).join(", ");
    return {
      status: "incomplete",
      line: `INCOMPLETE: ${plural(d.becameIncomplete.length, "region")} could not be read this time (${where}); ${counts}; ${pct}.`,
    };
  }
  if (d.newlyFailing.length > 0) return { status: "regressed", line: `REGRESSED: ${counts}; ${pct}.` };
  if (d.fixed.length > 0) return { status: "improved", line: `IMPROVED: ${counts}; ${pct}.` };
  return { status: "unchanged", line: `UNCHANGED: ${counts}; ${pct}.` };
}

/** What changed from `older` to `newer`, judged at `failOn`. */
export function diffReports(older: AuditReport, newer: AuditReport, failOn: FailOn): ReportDiff {
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
    // Gone: fixed only where that part of the region was read this time.
    const parts = unread.get(`${account} ${resource.region}`);
    if (parts && !parts.has(PART_OF[resource.kind])) fixed.push(entry(account, resource, undefined));
  }
  const d = {
    old: { generatedAt: older.generatedAt, compliance: compliance(older.resources, failOn) },
    new: { generatedAt: newer.generatedAt, compliance: compliance(newer.resources, failOn) },
    failOn,
    newlyFailing,
    fixed,
    excepted,
    stillFailing,
    becameIncomplete: becameIncomplete(older, newer),
  };
  return { ...d, verdict: verdict(d) };
}
