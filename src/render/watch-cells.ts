// The watch report's view, shared by its formats: column titles, cells, notes. Pure, no color.
import { placeOf } from "../core/changes.js";
import type { Rejection, WatchReport } from "../core/watch.js";
import { formatTime, printable } from "./text.js";

export const WATCH_HEADERS = ["Region", "Instance", "Changed", "Rejected IMDSv1 calls", "Last seen"];

/** Index of the WATCH_HEADERS column that holds a count (right-aligned in a terminal). */
export const WATCH_COUNT_COLUMN = 3;

/** The region, or in an organization journal "account/region". */
export function rejectionCells(r: Rejection): string[] {
  return [
    placeOf(r),
    r.id,
    formatTime(r.at),
    String(r.rejected),
    r.lastSeen ? formatTime(r.lastSeen) : "-",
  ].map(printable);
}

/** "us-east-1: cloudwatch:GetMetricData AccessDenied: Grant ..." for each region that was not read. */
export function watchErrorLines(report: WatchReport): string[] {
  return report.errors.map((e) => printable(`${placeOf(e)}: ${e.action} ${e.code}: ${e.hint}`));
}

/** "account 123456789012 · 16 changed instances · 2026-11-22 10:51 UTC". */
export function watchScope(report: WatchReport): string {
  return printable(
    `${watchedAccounts(report) ? "caller" : "account"} ${report.account.id} · ${report.watched} changed instances · ${formatTime(report.generatedAt)}`,
  );
}

/** An organization journal's watch: its rows carry accounts. */
export function watchedAccounts(report: WatchReport): boolean {
  return (
    report.broken.some((b) => b.account !== undefined) || report.errors.some((e) => e.account !== undefined)
  );
}

/** The changed instances nothing is known of: no MetadataNoTokenRejected data since their change. */
export function unknownLines(report: WatchReport): string[] {
  return (report.unknown ?? []).map((u) =>
    printable(`${u.region} ${u.id} (changed ${formatTime(u.at)}): no data since the change`),
  );
}
