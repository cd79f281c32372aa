// GetMetricData for the AWS/EC2 IMDS metrics, with AWS's limits: 500 queries per call, at most
// 100,800 data points per response (then PartialData + NextToken), Period a multiple of 60.
//
// Paging: the points of all returned queries, in query order and then in ScanBy order, form one
// list; a page is the next `min(MaxDatapoints, 100,800)` of them. Every page lists every returned
// query (empty Values when none of its points fall in the page), `PartialData` while points of it
// remain for later pages. The NextToken pins the first call's clock, so points that appear while
// a caller pages (a new period starting) never shift the pages.

import { createHash } from "node:crypto";
import { ApiError } from "../protocol.js";
import type { RegionState, SimInstance, SimState } from "../state.js";
import { cwInvalidParameter, cwMissingParameter, timestampMember } from "./protocol.js";
import { IMDS_METRICS, type ImdsMetric, metricSum, publishes } from "./usage.js";

const MAX_QUERIES = 500;
const MAX_DATAPOINTS = 100_800;
const ID = /^[a-z][a-zA-Z0-9_]{0,254}$/;
const MINUTE = 60_000;

interface Query {
  id: string;
  label: string;
  returnData: boolean;
  periodMs: number;
  /** The instance and metric, when the query names an IMDS metric of a publishing instance. */
  source?: { instance: SimInstance; metric: ImdsMetric };
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function query(value: unknown, index: number, region: RegionState, state: SimState): Query {
  const at = `MetricDataQueries.member.${index + 1}`;
  if (!isObject(value)) throw cwInvalidParameter(`The parameter ${at} must be a structure.`);
  const id = value.Id;
  if (id === undefined) throw cwMissingParameter(`${at}.Id`);
  if (typeof id !== "string" || !ID.test(id)) {
    throw cwInvalidParameter(
      `The value ${String(id)} for parameter ${at}.Id is invalid. It must start with a lowercase letter and contain only letters, digits and underscores.`,
    );
  }
  if (value.Expression !== undefined) {
    // Simulator limit: metric math and search expressions are not evaluated.
    throw cwInvalidParameter(`${at}.Expression: metric math is not supported by the imds simulator.`);
  }
  const stat = value.MetricStat;
  if (!isObject(stat)) throw cwMissingParameter(`${at}.MetricStat`);
  const period = stat.Period;
  if (period === undefined) throw cwMissingParameter(`${at}.MetricStat.Period`);
  if (typeof period !== "number" || !Number.isInteger(period) || period < 60 || period % 60 !== 0) {
    throw cwInvalidParameter(`The parameter ${at}.MetricStat.Period must be a multiple of 60.`);
  }
  if (typeof stat.Stat !== "string" || stat.Stat === "") throw cwMissingParameter(`${at}.MetricStat.Stat`);
  const metric = stat.Metric;
  if (!isObject(metric)) throw cwMissingParameter(`${at}.MetricStat.Metric`);
  const name = typeof metric.MetricName === "string" ? metric.MetricName : "";
  const dims = Array.isArray(metric.Dimensions) ? metric.Dimensions : [];
  const label = typeof value.Label === "string" ? value.Label : name;
  const out: Query = { id, label, returnData: value.ReturnData !== false, periodMs: period * 1000 };
  // Only AWS/EC2 MetadataNoToken[Rejected] with exactly the InstanceId dimension has data; any
  // other metric exists nowhere in the simulated account, so it comes back empty (as in AWS).
  const dim = dims.length === 1 && isObject(dims[0]) ? dims[0] : undefined;
  if (
    metric.Namespace === "AWS/EC2" &&
    (IMDS_METRICS as readonly string[]).includes(name) &&
    dim?.Name === "InstanceId" &&
    typeof dim.Value === "string"
  ) {
    const instance = state.findInstance(region, dim.Value);
    if (instance && publishes(instance)) out.source = { instance, metric: name as ImdsMetric };
  }
  return out;
}

interface Token {
  /** Index of the first point of the page in the flattened point list. */
  o: number;
  /** The first call's clock (epoch ms). */
  t: number;
  /** Fingerprint of the request the token belongs to. */
  h: string;
}

function fingerprint(region: string, body: Json): string {
  const { NextToken: _, ...rest } = body;
  return createHash("sha256")
    .update(`${region}\u0000${JSON.stringify(rest)}`)
    .digest("base64url")
    .slice(0, 16);
}

function decodeToken(token: unknown, hash: string): Token {
  const invalid = () => new ApiError("InvalidNextToken", 400, `The NextToken ${String(token)} is invalid.`);
  if (typeof token !== "string") throw invalid();
  try {
    const t = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as Token;
    if (!Number.isInteger(t.o) || t.o < 0 || !Number.isFinite(t.t) || t.h !== hash) throw invalid();
    return t;
  } catch {
    throw invalid();
  }
}

const encodeToken = (t: Token) => Buffer.from(JSON.stringify(t)).toString("base64url");

export interface GetMetricDataContext {
  state: SimState;
  region: RegionState;
  now: number;
}

/** Validates a GetMetricData body (throwing AWS's errors) and returns the work computing the answer. */
export function prepareGetMetricData(body: Json, ctx: GetMetricDataContext): () => unknown {
  const list = body.MetricDataQueries;
  if (list === undefined || list === null) throw cwMissingParameter("MetricDataQueries");
  if (!Array.isArray(list)) throw cwInvalidParameter("The parameter MetricDataQueries must be a list.");
  if (list.length > MAX_QUERIES) {
    throw cwInvalidParameter(
      `The collection MetricDataQueries must not have a size greater than ${MAX_QUERIES}.`,
    );
  }
  const start = timestampMember(body.StartTime, "StartTime");
  if (start === undefined) throw cwMissingParameter("StartTime");
  const end = timestampMember(body.EndTime, "EndTime");
  if (end === undefined) throw cwMissingParameter("EndTime");
  if (end <= start)
    throw cwInvalidParameter("The parameter StartTime must be less than the parameter EndTime.");
  const scanBy = body.ScanBy ?? "TimestampDescending";
  if (scanBy !== "TimestampDescending" && scanBy !== "TimestampAscending") {
    throw cwInvalidParameter(
      `The value ${String(scanBy)} for parameter ScanBy is invalid. Valid values: TimestampDescending, TimestampAscending.`,
    );
  }
  const max = body.MaxDatapoints;
  if (max !== undefined && (typeof max !== "number" || !Number.isInteger(max) || max < 1)) {
    throw cwInvalidParameter("The parameter MaxDatapoints must be a positive integer.");
  }
  const queries = list.map((q, i) => query(q, i, ctx.region, ctx.state));
  const seen = new Set<string>();
  for (const q of queries) {
    if (seen.has(q.id)) throw cwInvalidParameter(`The value ${q.id} for parameter Id is duplicated.`);
    seen.add(q.id);
  }
  const hash = fingerprint(ctx.region.name, body);
  const token =
    body.NextToken === undefined || body.NextToken === null ? undefined : decodeToken(body.NextToken, hash);
  const pageSize = Math.min(max ?? MAX_DATAPOINTS, MAX_DATAPOINTS);

  return () => {
    const asOf = token?.t ?? ctx.now;
    const offset = token?.o ?? 0;
    // Periods start at StartTime rounded down to the minute; a window of N periods gives N points
    // (the last one also counts the seconds the rounding added), and only periods begun by `asOf`
    // have data.
    const first = Math.floor(start / MINUTE) * MINUTE;
    const returned = queries.filter((q) => q.returnData);
    const counts = returned.map((q) => {
      if (!q.source || asOf <= first) return 0;
      return Math.min(Math.ceil((end - start) / q.periodMs), Math.ceil((asOf - first) / q.periodMs));
    });
    const total = counts.reduce((sum, n) => sum + n, 0);
    const pageEnd = Math.min(total, offset + pageSize);
    const results: unknown[] = [];
    let base = 0;
    returned.forEach((q, i) => {
      const n = counts[i] ?? 0;
      const from = Math.max(0, offset - base);
      const to = Math.min(n, pageEnd - base);
      base += n;
      const timestamps: number[] = [];
      const values: number[] = [];
      for (let k = from; k < to; k++) {
        const bucket = scanBy === "TimestampDescending" ? n - 1 - k : k;
        const a = first + bucket * q.periodMs;
        const b = Math.min(bucket === n - 1 ? Math.max(a + q.periodMs, end) : a + q.periodMs, end, asOf);
        const source = q.source as NonNullable<Query["source"]>;
        timestamps.push(a / 1000);
        values.push(metricSum(source.instance, source.metric, a, b, ctx.state.startedAt));
      }
      results.push({
        Id: q.id,
        Label: q.label,
        Timestamps: timestamps,
        Values: values,
        StatusCode: to < n ? "PartialData" : "Complete",
        Messages: [],
      });
    });
    return {
      MetricDataResults: results,
      ...(pageEnd < total ? { NextToken: encodeToken({ o: pageEnd, t: asOf, h: hash }) } : {}),
      Messages: [],
    };
  };
}
