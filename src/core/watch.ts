// After enforcement: which changed instances have had IMDSv1 calls rejected since their change,
// which cannot be told (no data at all since the change), and whether rolling the broken ones back
// can succeed where HttpTokensEnforced is on. Pure.
import type * as v from "valibot";
import type { rejectionSchema, unknownSchema, watchReportSchema } from "../schemas/watch-report.js";
import { placeOf } from "./changes.js";
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
/** A changed instance with no MetadataNoTokenRejected data since its change: nothing is known of it. */
export type Unknown = v.InferOutput<typeof unknownSchema>;

/** Inferred from its schema (src/schemas/watch-report.ts): type-only, nothing loads. */
export type WatchReport = v.InferOutput<typeof watchReportSchema>;

/**
 * What a watch came to, as data: ok (no changed instance rejected an IMDSv1 call), broken (some
 * did), incomplete (some region's metrics could not be read, or a changed instance has no data
 * since its change; outranks broken, as the exit code does).
 */
export type WatchStatus = WatchReport["verdict"]["status"];

/** The CloudWatch period for a window: fine enough to see minutes-old changes, coarse enough for weeks. */
export function periodFor(windowMs: number): number {
  if (windowMs <= 86_400_000) return 60;
  if (windowMs <= 15 * 86_400_000) return 300;
  return 3600;
}

export const NO_DATA =
  "no MetadataNoTokenRejected data since its change: stopped, not publishing metrics, or metrics missing";

/**
 * What the instance's MetadataNoTokenRejected says since the period that holds its change: rejected
 * calls, none (datapoints, all zero), or unknown (no datapoint at all: "no data" is not "no calls").
 */
export function rejectionsSince(
  change: WatchedChange,
  series: MetricSeries | undefined,
  periodSeconds: number,
): Rejection | "none" | Unknown {
  const from = Math.floor(Date.parse(change.at) / (periodSeconds * 1000)) * periodSeconds * 1000;
  let rejected = 0;
  let points = 0;
  let last: Date | undefined;
  (series?.values ?? []).forEach((v, i) => {
    const t = series?.timestamps[i];
    if (t === undefined || t.getTime() < from) return;
    points++;
    if (v <= 0) return;
    rejected += v;
    if (last === undefined || t > last) last = t;
  });
  if (points === 0) return { ...change, reason: NO_DATA };
  if (rejected === 0) return "none";
  return { ...change, rejected, ...(last ? { lastSeen: last.toISOString() } : {}) };
}

export interface WatchFindings {
  watched: number;
  broken: readonly Rejection[];
  unknown: readonly Unknown[];
  /** Rejected calls since the change but no longer require IMDSv2 (rolled back or changed since). */
  reverted?: readonly Rejection[];
  /** Regions where HttpTokensEnforced is on now (account/region in an organization's member account). */
  enforced: readonly string[];
  /** Regions whose defaults could not be read: whether a rollback there would be refused is unknown. */
  unchecked: readonly string[];
  complete: boolean;
}

/** Broken instances in regions where a rollback to optional would be refused, or cannot be told. */
function refusedRollbacks(f: WatchFindings): Rejection[] {
  return f.broken.filter((b) => f.enforced.includes(placeOf(b)) || f.unchecked.includes(placeOf(b)));
}

function blockedNote(f: WatchFindings, blocked: readonly Rejection[]): string {
  if (blocked.length === 0) return "";
  const regions = [...new Set(blocked.map(placeOf))].sort();
  const on = regions.filter((r) => f.enforced.includes(r));
  // In an organization's member account (account/region), the command runs with that account's credentials.
  const off = on.map(
    (r) =>
      `aws ec2 modify-instance-metadata-defaults --region ${r.slice(r.indexOf("/") + 1)} --http-tokens-enforced disabled`,
  );
  const unread = regions.filter((r) => f.unchecked.includes(r));
  return [
    on.length
      ? ` No rollback command for ${blocked
          .filter((b) => on.includes(placeOf(b)))
          .map((b) => b.id)
          .join(
            ", ",
          )}: HttpTokensEnforced is on in ${on.join(", ")} and AWS refuses HttpTokens=optional there; turn it off first (${off.join("; ")}), then roll back.`
      : "",
    unread.length
      ? ` No rollback command for the instances in ${unread.join(", ")}: the account defaults could not be read, so whether AWS would refuse it is unknown.`
      : "",
  ].join("");
}

/**
 * The verdict: BROKEN names what still requires IMDSv2 and rejected calls; UNKNOWN and INCOMPLETE
 * (no rejection seen, but something unread) never read as OK; instances that rejected calls but no
 * longer require IMDSv2 (rolled back or changed since) are left out, and said so.
 */
export function watchVerdict(
  journal: string,
  f: WatchFindings,
  invocation: Invocation = {},
): { rollbackCommand: string | undefined; status: WatchStatus; line: string } {
  const blocked = refusedRollbacks(f);
  const rollbackable = f.broken.filter((b) => !blocked.includes(b));
  const rollbackCommand = rollbackable.length
    ? suggest(["rollback", journal, "--instance-ids", rollbackable.map((b) => b.id).join(",")], invocation)
    : undefined;
  const incomplete = f.complete
    ? ""
    : " Some regions' metrics could not be read: this is not proof that nothing broke.";
  const unknown = f.unknown.length
    ? ` ${f.unknown.length} of ${f.watched} changed instances have no MetadataNoTokenRejected data since their change (stopped, not publishing, or metrics missing): nothing is known of them.`
    : "";
  const reverted = f.reverted ?? [];
  const left = reverted.length
    ? ` ${reverted.length} other${reverted.length === 1 ? "" : "s"} rejected calls but no longer require${reverted.length === 1 ? "s" : ""} IMDSv2 (rolled back or changed since): left out.`
    : "";
  const quiet = f.watched - f.broken.length - f.unknown.length;
  const head = f.broken.length
    ? `BROKEN: ${f.broken.length} of ${f.watched} changed instances had IMDSv1 calls rejected since imds required IMDSv2.${blockedNote(f, blocked)}${unknown}`
    : f.unknown.length
      ? `UNKNOWN: ${f.unknown.length} of ${f.watched} changed instances have no MetadataNoTokenRejected data since their change (stopped, not publishing, or metrics missing); the other ${quiet} had no IMDSv1 calls rejected.`
      : f.complete
        ? `OK: no IMDSv1 calls rejected on the ${f.watched} changed instances since their change.`
        : `INCOMPLETE: no IMDSv1 calls rejected on the changed instances whose metrics were read (${f.watched} watched).`;
  const status = !f.complete || f.unknown.length ? "incomplete" : f.broken.length ? "broken" : "ok";
  return { rollbackCommand, status, line: `${head}${left}${incomplete}` };
}
