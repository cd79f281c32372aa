// The compliance trend over many audits: per UTC day, per account and region, the percent of
// resources not failing at --fail-on, from the last audit of that day. Pure.
import { compliance } from "./diff.js";
import { accountOf, type WithAccount } from "./finding-rows.js";
import { groupBy } from "./text.js";
import type { AuditReport, FailOn, RegionReport, Resource } from "./types.js";

export interface TrendPoint {
  percent: number;
  /** False when the region was not read completely that day: the percent covers what was read. */
  complete: boolean;
}

interface TrendRow {
  account: string;
  region: string;
  /** One per day of `days`; null when the region was not audited that day. */
  points: (TrendPoint | null)[];
}

export interface Trend {
  failOn: FailOn;
  /** UTC days, oldest first (YYYY-MM-DD). */
  days: string[];
  rows: TrendRow[];
  /** Every audited resource of the day, all regions and accounts together. */
  overall: (TrendPoint | null)[];
  /** Reports read, and the ones used (the last of each day and account). */
  reports: { read: number; used: number };
}

const dayOf = (report: AuditReport) => report.generatedAt.slice(0, 10);

/** The last report of each day and account, oldest day first. */
function lastOfDay(reports: readonly AuditReport[]): AuditReport[] {
  const sorted = [...reports].sort((a, b) => a.generatedAt.localeCompare(b.generatedAt));
  const last = new Map<string, AuditReport>();
  for (const r of sorted) last.set(`${dayOf(r)} ${r.account.id}`, r);
  return [...last.values()];
}

export function trendOf(reports: readonly AuditReport[], failOn: FailOn): Trend {
  const used = lastOfDay(reports);
  const days = [...new Set(used.map(dayOf))];
  const cells = new Map<string, TrendPoint>();
  const rowKeys = new Map<string, { account: string; region: string }>();
  const perDay = new Map<string, { resources: Resource[]; complete: boolean }>();
  for (const report of used) {
    const day = dayOf(report);
    const byRegion = groupBy(
      report.resources as WithAccount<Resource>[],
      (r) => `${accountOf(report, r)} ${r.region}`,
    );
    const total = perDay.get(day) ?? { resources: [], complete: true };
    for (const region of report.regions as WithAccount<RegionReport>[]) {
      const account = accountOf(report, region);
      const key = `${account} ${region.region}`;
      const resources = byRegion.get(key) ?? [];
      rowKeys.set(key, { account, region: region.region });
      cells.set(`${day} ${key}`, { percent: compliance(resources, failOn), complete: region.complete });
      total.resources.push(...resources);
      total.complete &&= region.complete;
    }
    perDay.set(day, total);
  }
  const rows = [...rowKeys.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, { account, region }]) => ({
      account,
      region,
      points: days.map((day) => cells.get(`${day} ${key}`) ?? null),
    }));
  const overall = days.map((day) => {
    const t = perDay.get(day);
    return t ? { percent: compliance(t.resources, failOn), complete: t.complete } : null;
  });
  return { failOn, days, rows, overall, reports: { read: reports.length, used: used.length } };
}
