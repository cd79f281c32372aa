// The compliance trend over many audits: per UTC day, per account (and per region of it), the
// percent of resources not failing at --fail-on, from the last audit of that day that covers the
// account. One-account and organization reports mix freely (an organization report covers each of
// its accounts; shards each cover theirs). Pure.

import { compliance } from "./diff.js";
import { type ComparableReport, comparable, type SavedReport } from "./diff-input.js";
import { groupBy } from "./text.js";
import type { FailOn, Resource } from "./types.js";

export interface TrendPoint {
  /** Null when nothing was read (the account could not be entered that day). */
  percent: number | null;
  /** False when not read completely that day: the percent covers what was read. */
  complete: boolean;
}

type Points = (TrendPoint | null)[];

interface TrendRow {
  account: string;
  name?: string;
  /** One per day of `days`; null when the account was not audited that day. */
  points: Points;
  /** The account's regions, each with one point per day (null: not audited that day). */
  regions: { region: string; points: Points }[];
}

export interface Trend {
  failOn: FailOn;
  /** UTC days, oldest first (YYYY-MM-DD). */
  days: string[];
  /** One per account, by id. */
  rows: TrendRow[];
  /** Every audited resource of the day, all accounts and regions together. */
  overall: Points;
  /** Reports read, and the ones used (the last of each day covering an account). */
  reports: { read: number; used: number };
}

const dayOf = (report: ComparableReport) => report.generatedAt.slice(0, 10);

/** For each `day account`, the last report of that day covering the account. */
function lastOfDay(reports: readonly ComparableReport[]): Map<string, ComparableReport> {
  const sorted = [...reports].sort((a, b) => a.generatedAt.localeCompare(b.generatedAt));
  const last = new Map<string, ComparableReport>();
  for (const r of sorted) for (const account of r.accounts.keys()) last.set(`${dayOf(r)} ${account}`, r);
  return last;
}

interface Cell {
  account: TrendPoint;
  name?: string;
  regions: Map<string, TrendPoint>;
  resources: Resource[];
}

/** A report's resources and regions by account, grouped once (an organization has many). */
interface ByAccount {
  resources: Map<string, ComparableReport["resources"]>;
  regions: Map<string, ComparableReport["regions"]>;
}

function byAccount(report: ComparableReport): ByAccount {
  return {
    resources: groupBy(report.resources, (r) => r.account),
    regions: groupBy(report.regions, (r) => r.account),
  };
}

function cellOf(report: ComparableReport, index: ByAccount, account: string, failOn: FailOn): Cell {
  const covered = report.accounts.get(account);
  const resources = index.resources.get(account) ?? [];
  const byRegion = groupBy(resources, (r) => r.region);
  const regions = new Map<string, TrendPoint>();
  for (const g of index.regions.get(account) ?? [])
    regions.set(g.region, {
      percent: compliance(byRegion.get(g.region) ?? [], failOn),
      complete: g.complete,
    });
  const entered = covered?.entered === true;
  return {
    account: {
      percent: entered ? compliance(resources, failOn) : null,
      complete: covered?.complete === true,
    },
    ...(covered?.name === undefined ? {} : { name: covered.name }),
    regions,
    resources,
  };
}

function rowOf(account: string, days: readonly string[], cells: Map<string, Cell>): TrendRow {
  const mine = days.map((day) => cells.get(`${day} ${account}`));
  const name = mine.find((c) => c?.name !== undefined)?.name;
  const regionNames = [...new Set(mine.flatMap((c) => [...(c?.regions.keys() ?? [])]))].sort();
  return {
    account,
    ...(name === undefined ? {} : { name }),
    points: mine.map((c) => c?.account ?? null),
    regions: regionNames.map((region) => ({
      region,
      points: mine.map((c) => c?.regions.get(region) ?? null),
    })),
  };
}

function overallOf(days: readonly string[], cells: readonly [string, Cell][], failOn: FailOn): Points {
  return days.map((day) => {
    const today = cells.filter(([key]) => key.startsWith(`${day} `)).map(([, c]) => c);
    if (today.length === 0) return null;
    const read = today.filter((c) => c.account.percent !== null);
    return {
      percent: read.length
        ? compliance(
            read.flatMap((c) => c.resources),
            failOn,
          )
        : null,
      complete: today.every((c) => c.account.complete),
    };
  });
}

export function trendOf(saved: readonly SavedReport[], failOn: FailOn): Trend {
  const last = lastOfDay(saved.map(comparable));
  const indexes = new Map([...new Set(last.values())].map((r) => [r, byAccount(r)]));
  const cells = new Map<string, Cell>();
  for (const [key, report] of last)
    cells.set(key, cellOf(report, indexes.get(report) as ByAccount, key.slice(11), failOn));
  const days = [...new Set([...last.keys()].map((k) => k.slice(0, 10)))].sort();
  const accounts = [...new Set([...last.keys()].map((k) => k.slice(11)))].sort();
  return {
    failOn,
    days,
    rows: accounts.map((account) => rowOf(account, days, cells)),
    overall: overallOf(days, [...cells], failOn),
    reports: { read: saved.length, used: new Set(last.values()).size },
  };
}
