// The AWS/EC2 IMDS metrics an instance publishes, computed on read from its scenario usage and
// its HttpTokens history (no stored time series, so 150,000 instances cost nothing).
//
// - While HttpTokens is `optional`, IMDSv1 calls succeed: `MetadataNoToken` counts them at
//   `usage.noTokenPerDay`, until `usage.lastCallDaysAgo` days before the simulator started.
// - While it is `required`, the same calls fail: `MetadataNoTokenRejected` counts them at
//   `usage.rejectedPerDayAfterChange` (default: the MetadataNoToken rate at that time), and at least
//   1 in the period where such a stretch starts, so a watch seconds after a change sees it. Later
//   periods count exactly, so a watch's total does not grow with how long it waited (a rate of 24
//   a day is 1 call in the first hour however many minutes the watch spans).
// - Counts are integers: the calls in [a, b) are floor(rate * b) - floor(rate * a) on a clock
//   starting at the simulator's start, so sums over adjacent periods add up.

import type { HttpTokens } from "../scenario/types.js";
import type { SimInstance, TokensChange } from "../state.js";

export const IMDS_METRICS = ["MetadataNoToken", "MetadataNoTokenRejected"] as const;
export type ImdsMetric = (typeof IMDS_METRICS)[number];

const DAY_MS = 86_400_000;

/** Whether the instance publishes EC2 metrics at all (stopped and terminated ones do not). */
export function publishes(instance: SimInstance): boolean {
  if (instance.metrics === false) return false;
  return instance.state === "running" || instance.state === "pending" || instance.state === "stopping";
}

/** Calls at `perDay` over [a, b) (epoch ms), counted on a clock that starts at `origin`. */
function calls(perDay: number, a: number, b: number, origin: number): number {
  if (perDay <= 0 || b <= a) return 0;
  return Math.floor((perDay * (b - origin)) / DAY_MS) - Math.floor((perDay * (a - origin)) / DAY_MS);
}

function timeline(instance: SimInstance): readonly TokensChange[] {
  return instance.tokensHistory ?? [{ at: Number.NEGATIVE_INFINITY, httpTokens: instance.httpTokens }];
}

/** The Sum of `metric` over [a, b) for a publishing instance; `startedAt` anchors usage days. */
export function metricSum(
  instance: SimInstance,
  metric: ImdsMetric,
  a: number,
  b: number,
  startedAt: number,
): number {
  const usage = instance.usage;
  if (!usage || b <= a) return 0;
  // Whole minutes, so "stopped N days ago" falls on a period boundary of minute-aligned windows.
  const origin = Math.floor(startedAt / 60_000) * 60_000;
  const perDay = usage.noTokenPerDay ?? 0;
  const cutoff =
    usage.lastCallDaysAgo === undefined ? Number.POSITIVE_INFINITY : origin - usage.lastCallDaysAgo * DAY_MS;
  // IMDSv1 calls the workload makes over [x, y): at `perDay` until the cutoff, none after.
  const attempts = (x: number, y: number) => calls(perDay, x, Math.min(y, cutoff), origin);
  const history = timeline(instance);
  let sum = 0;
  /** A stretch of rejected calls starts inside [a, b): that period shows at least one. */
  let rejectingStretch = false;
  for (let i = 0; i < history.length; i++) {
    const change = history[i] as TokensChange;
    const x = Math.max(a, change.at);
    const y = Math.min(b, history[i + 1]?.at ?? Number.POSITIVE_INFINITY);
    if (y <= x) continue;
    const tokens: HttpTokens = change.httpTokens;
    if (metric === "MetadataNoToken") {
      if (tokens === "optional") sum += attempts(x, y);
    } else if (tokens === "required") {
      const rejected = usage.rejectedPerDayAfterChange;
      if (rejected !== undefined) {
        sum += calls(rejected, x, y, origin);
        if (rejected > 0 && change.at >= a) rejectingStretch = true;
      } else {
        sum += attempts(x, y);
        if (perDay > 0 && x < cutoff && change.at >= a) rejectingStretch = true;
      }
    }
  }
  return rejectingStretch ? Math.max(1, sum) : sum;
}
