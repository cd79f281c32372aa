// After enforcement: which changed instances have had IMDSv1 calls rejected since their change. Pure.
import type * as v from "valibot";
import type { rejectionSchema, watchReportSchema } from "../schemas/watch-report.js";
import { type Invocation, suggest } from "./next-command.js";
import type { MetricSeries } from "./types.js";

export interface WatchedChange {
  /** Organization journals: the member account. */
  account?: string;
  region: string;
  id: string;
  /** ISO time the change was made. */
  at: string;
}

export type Rejection = v.InferOutput<typeof rejectionSchema>;

/** Inferred from its schema (src/schemas/watch-report.ts): type-only, nothing loads. */
export type WatchReport = v.InferOutput<typeof watchReportSchema>;

/**
 * What a watch came to, as data: ok (no changed instance rejected an IMDSv1 call), broken (some
 * did), incomplete (some region's metrics could not be read; outranks broken, as the exit code does).
 */
export type WatchStatus = WatchReport["verdict"]["status"];

/** The CloudWatch period for a window: fine enough to see minutes-old changes, coarse enough for weeks. */
export function periodFor(windowMs: number): number {
  if (windowMs <= 86_400_000) return 60;
  if (windowMs <= 15 * 86_400_000) return 300;
  return 3600;
}

/** Rejected calls counted from the period that holds the change onwards. */
export function rejectionsSince(
  change: WatchedChange,
  series: MetricSeries | undefined,
  periodSeconds: number,
): Rejection | undefined {
  if (!series) return undefined;
  const from = Math.floor(Date.parse(change.at) / (periodSeconds * 1000)) * periodSeconds * 1000;
  let rejected = 0;
  let last: Date | undefined;
  series.values.forEach((v, i) => {
    const t = series.timestamps[i];
    if (t === undefined || t.getTime() < from || v <= 0) return;
    rejected += v;
    if (last === undefined || t > last) last = t;
  });
  if (rejected === 0) return undefined;
  return { ...change, rejected, ...(last ? { lastSeen: last.toISOString() } : {}) };
}

/**
 * The verdict: BROKEN names what still requires IMDSv2 and rejected calls; INCOMPLETE (no rejection
 * seen, but some metrics unread) never reads as OK; instances that rejected calls but no longer
 * require IMDSv2 (rolled back or changed since) are left out, and said so.
 */
export function watchVerdict(
  journal: string,
  watched: number,
  broken: readonly Rejection[],
  complete: boolean,
  reverted: readonly Rejection[] = [],
  invocation: Invocation = {},
): { rollbackCommand: string | undefined; status: WatchStatus; line: string } {
  const rollbackCommand = broken.length
    ? suggest(["rollback", journal, "--instance-ids", broken.map((b) => b.id).join(",")], invocation)
    : undefined;
  const incomplete = complete
    ? ""
    : " Some regions' metrics could not be read: this is not proof that nothing broke.";
  const left = reverted.length
    ? ` ${reverted.length} other${reverted.length === 1 ? "" : "s"} rejected calls but no longer require${reverted.length === 1 ? "s" : ""} IMDSv2 (rolled back or changed since): left out.`
    : "";
  const head = broken.length
    ? `BROKEN: ${broken.length} of ${watched} changed instances had IMDSv1 calls rejected since imds required IMDSv2.`
    : complete
      ? `OK: no IMDSv1 calls rejected on the ${watched} changed instances since their change.`
      : `INCOMPLETE: no IMDSv1 calls rejected on the changed instances whose metrics were read (${watched} watched).`;
  const status = !complete ? "incomplete" : broken.length ? "broken" : "ok";
  return { rollbackCommand, status, line: `${head}${left}${incomplete}` };
}
