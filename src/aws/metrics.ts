// CloudWatch evidence of IMDSv1 use: per-instance sums of MetadataNoToken or MetadataNoTokenRejected.
import {
  type CloudWatchClient,
  type MetricDataQuery,
  paginateGetMetricData,
} from "@aws-sdk/client-cloudwatch";
import type { MetricSeries } from "../core/types.js";

export type ImdsMetric = "MetadataNoToken" | "MetadataNoTokenRejected";

/** GetMetricData takes at most 500 queries per call (aws-facts.md). */
const QUERIES_PER_CALL = 500;

export interface MetricWindow {
  start: Date;
  end: Date;
  periodSeconds: number;
}

function query(index: number, instanceId: string, metric: ImdsMetric, period: number): MetricDataQuery {
  return {
    Id: `q${index}`,
    MetricStat: {
      Metric: {
        Namespace: "AWS/EC2",
        MetricName: metric,
        Dimensions: [{ Name: "InstanceId", Value: instanceId }],
      },
      Period: period,
      Stat: "Sum",
    },
    ReturnData: true,
  };
}

/**
 * Sums of `metric` per period for each instance, 500 instances per call (and NextToken pages when a
 * call holds more than CloudWatch's datapoint cap). An instance with no datapoints gets an empty series.
 */
export async function readMetric(
  cw: CloudWatchClient,
  instanceIds: readonly string[],
  metric: ImdsMetric,
  window: MetricWindow,
): Promise<Map<string, MetricSeries>> {
  const out = new Map<string, MetricSeries>();
  for (let offset = 0; offset < instanceIds.length; offset += QUERIES_PER_CALL) {
    const batch = instanceIds.slice(offset, offset + QUERIES_PER_CALL);
    for (const id of batch) out.set(id, { timestamps: [], values: [] });
    const pages = paginateGetMetricData(
      { client: cw },
      {
        MetricDataQueries: batch.map((id, i) => query(i, id, metric, window.periodSeconds)),
        StartTime: window.start,
        EndTime: window.end,
      },
    );
    for await (const page of pages) {
      for (const r of page.MetricDataResults ?? []) {
        // A query can fail on its own inside a successful call; its empty values must not read as "no calls".
        if (r.StatusCode === "Forbidden" || r.StatusCode === "InternalError") {
          const error = new Error(
            `GetMetricData answered ${r.StatusCode} for ${r.Label ?? r.Id}: ${r.Messages?.[0]?.Value ?? "no detail"}`,
          );
          error.name = r.StatusCode === "Forbidden" ? "AccessDenied" : "InternalError";
          throw error;
        }
        const id = batch[Number(r.Id?.slice(1))];
        const series = id === undefined ? undefined : out.get(id);
        if (!series) continue;
        series.timestamps.push(...(r.Timestamps ?? []));
        series.values.push(...(r.Values ?? []));
      }
    }
  }
  return out;
}
