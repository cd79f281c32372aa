// Whether requiring IMDSv2 on an instance is safe, from CloudWatch's MetadataNoToken evidence. Pure.
import { requiresV2 } from "./rules.js";
import type { MetadataOptions, MetricSeries, V1Evidence } from "./types.js";

/** SSM agents before 3.0.431.0 tried IMDSv1 first: a handful of calls may be the agent itself. */
const AGENT_NOISE = 10;

/**
 * @param series the instance's MetadataNoToken sums, or undefined when none were read for it
 * @param unreadable why the metrics could not be read in its region, if they could not
 */
export function readinessOf(
  m: MetadataOptions,
  series: MetricSeries | undefined,
  unreadable?: string,
): V1Evidence {
  if (requiresV2(m)) return { readiness: "enforced" };
  if (unreadable !== undefined) return { readiness: "unknown", reason: `metrics unreadable: ${unreadable}` };
  if (series === undefined || series.values.length === 0) {
    return {
      readiness: "unknown",
      reason: "no metric data in the window (stopped, or not publishing metrics)",
    };
  }
  let calls = 0;
  let last: Date | undefined;
  series.values.forEach((v, i) => {
    calls += v;
    const t = series.timestamps[i];
    if (v > 0 && t !== undefined && (last === undefined || t > last)) last = t;
  });
  if (calls === 0) return { readiness: "ready", calls: 0 };
  return {
    readiness: "in-use",
    calls,
    ...(last ? { lastSeen: last.toISOString().slice(0, 10) } : {}),
    ...(calls < AGENT_NOISE ? { reason: "few calls: may be an SSM agent older than 3.0.431.0" } : {}),
  };
}

export function describeEvidence(u: V1Evidence, days: number): string {
  switch (u.readiness) {
    case "enforced":
      return "IMDSv2 already required";
    case "ready":
      return `ready: no IMDSv1 calls in ${days} days`;
    case "in-use":
      return `in use: ${u.calls} IMDSv1 calls in ${days} days${u.lastSeen ? `, last ${u.lastSeen}` : ""}${u.reason ? ` (${u.reason})` : ""}`;
    default:
      return `unknown: ${u.reason ?? "no data"}`;
  }
}
