// Reads IMDSv1 usage evidence for the instances of one region. Errors are data.
import type { Clients } from "../aws/clients.js";
import { classify } from "../aws/errors.js";
import { type MetricSeries, readMetric } from "../aws/metrics.js";
import { requiresV2 } from "../core/evaluate.js";
import { readinessOf, type Usage } from "../core/readiness.js";
import type { InstanceRecord, ReadError } from "../core/types.js";

const DAY = 86_400_000;

export interface RegionUsage {
  /** Readiness per instance id, for every instance given (enforced ones need no metrics). */
  usage: Map<string, Usage>;
  error?: ReadError;
}

/**
 * The readiness of each instance, from daily MetadataNoToken sums over the last `days` UTC days
 * (today included, so far). Only instances that allow IMDSv1 are queried, 500 per call. The window
 * starts at UTC midnight so each period is one calendar day, and "last seen" names a real day.
 */
export async function readUsage(
  clients: Clients,
  region: string,
  instances: readonly InstanceRecord[],
  days: number,
  now = new Date(),
): Promise<RegionUsage> {
  const open = instances.filter((i) => !requiresV2(i.metadata)).map((i) => i.id);
  let series = new Map<string, MetricSeries>();
  let error: ReadError | undefined;
  if (open.length) {
    try {
      series = await readMetric(clients.cloudwatch(region), open, "MetadataNoToken", {
        start: new Date(Math.floor(now.getTime() / DAY) * DAY - (days - 1) * DAY),
        end: now,
        periodSeconds: 86_400,
      });
    } catch (err) {
      error = classify(err, "usage", "cloudwatch:GetMetricData", region);
    }
  }
  const unreadable = error ? `${error.action} ${error.code}` : undefined;
  const usage = new Map(instances.map((i) => [i.id, readinessOf(i.metadata, series.get(i.id), unreadable)]));
  return error ? { usage, error } : { usage };
}
