// Reads IMDSv1 usage evidence for the instances of one region. Errors are data.
import type { Clients } from "../aws/clients.js";
import { classify } from "../aws/errors.js";
import { type MetricSeries, readMetric } from "../aws/metrics.js";
import type { ReadError } from "../core/types.js";

const DAY = 86_400_000;

export interface RegionUsage {
  series: Map<string, MetricSeries>;
  error?: ReadError;
}

/**
 * Daily MetadataNoToken sums over the last `days` UTC days (today included, so far), 500 instances
 * per call. The window starts at UTC midnight so each period is one calendar day, and "last seen"
 * names a real day.
 */
export async function readUsage(
  clients: Clients,
  region: string,
  instanceIds: readonly string[],
  days: number,
  now = new Date(),
): Promise<RegionUsage> {
  if (instanceIds.length === 0) return { series: new Map() };
  try {
    const series = await readMetric(clients.cloudwatch(region), instanceIds, "MetadataNoToken", {
      start: new Date(Math.floor(now.getTime() / DAY) * DAY - (days - 1) * DAY),
      end: now,
      periodSeconds: 86_400,
    });
    return { series };
  } catch (err) {
    return { series: new Map(), error: classify(err, "usage", "cloudwatch:GetMetricData", region) };
  }
}
