// CloudWatch GetMetricData as the real @aws-sdk/client-cloudwatch sees it over HTTP: IMDS usage
// metrics, AWS's limits and pagination, denied permission, throttling and retries.

import {
  CloudWatchClient,
  type CloudWatchClientConfig,
  GetMetricDataCommand,
  type GetMetricDataCommandInput,
  type MetricDataQuery,
  type MetricDataResult,
} from "@aws-sdk/client-cloudwatch";
import { ModifyInstanceMetadataOptionsCommand } from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { metricSum } from "../../src/sim/cloudwatch/usage.js";
import { type Scenario, type Simulator, startSimulator, validateScenario } from "../../src/sim/index.js";
import type { SimInstance } from "../../src/sim/state.js";
import { caught, ec2, FAKE_CREDENTIALS } from "./clients.js";

const REGION = "us-east-1";
const I_ZERO = "i-0c0000000000000a1";
const I_IN_USE = "i-0c0000000000000a2";
const I_STOPPED = "i-0c0000000000000a3";
const I_REJECTS = "i-0c0000000000000a4";
const I_NO_METRICS = "i-0c0000000000000a5";
const DAY = 86_400_000;

const scenario: Scenario = {
  name: "cloudwatch",
  accountId: "111122223333",
  regions: {
    [REGION]: {
      instances: [
        { id: I_ZERO },
        { id: I_IN_USE, usage: { noTokenPerDay: 48, lastCallDaysAgo: 3 } },
        { id: I_STOPPED, state: "stopped", usage: { noTokenPerDay: 100 } },
        { id: I_REJECTS, usage: { noTokenPerDay: 4, lastCallDaysAgo: 20, rejectedPerDayAfterChange: 24 } },
        { id: I_NO_METRICS, metrics: false, usage: { noTokenPerDay: 100 } },
      ],
      generate: [{ count: 600, seed: 9, mix: [{ httpTokens: "optional" }] }],
    },
  },
  denied: { GetMetricData: ["us-west-2"] },
};

/**
 * The simulator's clock stands still at T0 for every test (a minute boundary plus 5 s): what it
 * answers depends on T0 alone, never on when the suite happens to run.
 */
const T0 = Date.UTC(2026, 10, 22, 10, 0, 5);

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ scenario, clock: { at: T0, fixed: true } });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.controls.reset();
  sim.resetThrottling();
  sim.log.reset();
  sim.clock.update({ at: T0 });
});

/** Resolves once `done()` holds (polled every 5 ms); a test timeout ends a wait that never does. */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((r) => setTimeout(r, 5));
}

function cw(region: string, config: Partial<CloudWatchClientConfig> = {}): CloudWatchClient {
  return new CloudWatchClient({ region, endpoint: sim.url, credentials: FAKE_CREDENTIALS, ...config });
}

function metricQuery(
  id: string,
  instanceId: string,
  metric = "MetadataNoToken",
  period = 86_400,
): MetricDataQuery {
  return {
    Id: id,
    MetricStat: {
      Metric: {
        Namespace: "AWS/EC2",
        MetricName: metric,
        Dimensions: [{ Name: "InstanceId", Value: instanceId }],
      },
      Period: period,
      Stat: "Sum",
    },
  };
}

/** The last `days` days up to `now` (the simulator's clock), as an audit asks for them. */
function lastDays(days: number, now = T0): Pick<GetMetricDataCommandInput, "StartTime" | "EndTime"> {
  return { StartTime: new Date(now - days * DAY), EndTime: new Date(now) };
}

async function one(query: MetricDataQuery, window = lastDays(14)): Promise<MetricDataResult> {
  const out = await cw(REGION).send(new GetMetricDataCommand({ MetricDataQueries: [query], ...window }));
  expect(out.MetricDataResults).toHaveLength(1);
  return out.MetricDataResults?.[0] as MetricDataResult;
}

describe("IMDS usage metrics", () => {
  it("an instance without usage publishes zeros for every period: zero calls, not no data", async () => {
    const r = await one(metricQuery("m0", I_ZERO));
    expect(r).toMatchObject({ Id: "m0", Label: "MetadataNoToken", StatusCode: "Complete" });
    expect(r.Values).toEqual(new Array(14).fill(0));
    const times = (r.Timestamps ?? []).map((t) => t.getTime());
    expect(times).toHaveLength(14);
    // TimestampDescending by default; period starts one day apart.
    for (let i = 1; i < times.length; i++) expect((times[i - 1] as number) - (times[i] as number)).toBe(DAY);
    const rejected = await one(metricQuery("r0", I_ZERO, "MetadataNoTokenRejected"));
    expect(rejected.Values).toEqual(new Array(14).fill(0));
  });

  it("an instance in use: calls per day until it stopped calling (last seen 3 days ago)", async () => {
    const r = await one(metricQuery("m0", I_IN_USE));
    const values = r.Values ?? [];
    expect(values.slice(0, 3)).toEqual([0, 0, 0]);
    expect(values[3]).toBeGreaterThan(0);
    expect(values).toHaveLength(14);
    expect(values.slice(4)).toEqual(new Array(10).fill(48));
    const scanned = await cw(REGION).send(
      new GetMetricDataCommand({
        MetricDataQueries: [metricQuery("m0", I_IN_USE)],
        ...lastDays(14),
        ScanBy: "TimestampAscending",
      }),
    );
    expect(scanned.MetricDataResults?.[0]?.Values).toEqual([...values].reverse());
  });

  it("any period: sums per period add up to the daily sums", async () => {
    const base = Math.floor(sim.state.startedAt / 60_000) * 60_000;
    const window = { StartTime: new Date(base - 10 * DAY), EndTime: new Date(base - 8 * DAY) };
    const hourly = await one(metricQuery("m0", I_IN_USE, "MetadataNoToken", 3600), window);
    expect(hourly.Values).toHaveLength(48);
    expect((hourly.Values ?? []).reduce((a, b) => a + b, 0)).toBe(96);
  });

  it("stopped instances, metrics: false and unknown instances have no data (empty Values)", async () => {
    for (const id of [I_STOPPED, I_NO_METRICS, "i-0fffffffffffffff0"]) {
      const r = await one(metricQuery("m0", id));
      expect([r.Values, r.Timestamps, r.StatusCode]).toEqual([[], [], "Complete"]);
    }
  });

  it("after a change to required, rejected calls show up at once; MetadataNoToken stops", async () => {
    const window = () => {
      const now = sim.clock.now();
      return { StartTime: new Date(now - 10 * 60_000), EndTime: new Date(now) };
    };
    const before = await one(metricQuery("r0", I_REJECTS, "MetadataNoTokenRejected", 60), window());
    expect(before.Values).toEqual(new Array(10).fill(0));
    await ec2(sim.url, REGION).send(
      new ModifyInstanceMetadataOptionsCommand({ InstanceId: I_REJECTS, HttpTokens: "required" }),
    );
    sim.clock.update({ advanceMs: 20_000 });
    const after = await one(metricQuery("r0", I_REJECTS, "MetadataNoTokenRejected", 60), window());
    expect(after.Values?.[0]).toBe(1); // the newest minute: at least one, whatever the rate
    expect(after.Values?.slice(1)).toEqual(new Array(9).fill(0));
    const daily = await one(
      metricQuery("r0", I_REJECTS, "MetadataNoTokenRejected"),
      lastDays(14, sim.clock.now()),
    );
    expect(daily.Values?.[0]).toBeGreaterThanOrEqual(1);
    expect(daily.Values).toHaveLength(14);
    expect(daily.Values?.slice(1)).toEqual(new Array(13).fill(0));
    const noToken = await one(metricQuery("m0", I_REJECTS), lastDays(14, sim.clock.now()));
    expect(noToken.Values).toEqual(new Array(14).fill(0));
  });

  it("rollback to optional stops the rejections from that time (computed from the history)", () => {
    const t0 = Date.UTC(2026, 0, 10);
    const instance = {
      id: "i-0c0000000000000b1",
      state: "running",
      httpTokens: "optional",
      usage: { noTokenPerDay: 24 },
      tokensHistory: [
        { at: Number.NEGATIVE_INFINITY, httpTokens: "optional" },
        { at: t0 + DAY, httpTokens: "required" },
        { at: t0 + 2 * DAY, httpTokens: "optional" },
      ],
    } as unknown as SimInstance;
    const day = (n: number, metric: "MetadataNoToken" | "MetadataNoTokenRejected") =>
      metricSum(instance, metric, t0 + n * DAY, t0 + (n + 1) * DAY, t0);
    expect([0, 1, 2].map((n) => day(n, "MetadataNoToken"))).toEqual([24, 0, 24]);
    expect([0, 1, 2].map((n) => day(n, "MetadataNoTokenRejected"))).toEqual([0, 24, 0]);
  });

  it("minute periods after a change: one rejected call in the first, none after, however long the watch waited", () => {
    const t0 = Date.UTC(2026, 0, 10);
    const change = t0 + 90_000;
    const instance = {
      id: "i-0c0000000000000b2",
      state: "running",
      httpTokens: "required",
      usage: { noTokenPerDay: 2, rejectedPerDayAfterChange: 24 },
      tokensHistory: [
        { at: Number.NEGATIVE_INFINITY, httpTokens: "optional" },
        { at: change, httpTokens: "required" },
      ],
    } as unknown as SimInstance;
    const minute = (n: number) =>
      metricSum(instance, "MetadataNoTokenRejected", t0 + n * 60_000, t0 + (n + 1) * 60_000, t0);
    expect([0, 1, 2, 3, 4, 5].map(minute)).toEqual([0, 1, 0, 0, 0, 0]);
  });
});

describe("limits and pagination", () => {
  it("more than 500 queries: InvalidParameterValue (400), the SDK's InvalidParameterValueException", async () => {
    const ids = sim.state.region(REGION)?.instances.map((i) => i.id) ?? [];
    const queries = ids.slice(0, 501).map((id, i) => metricQuery(`m${i}`, id));
    const error = await caught(() =>
      cw(REGION).send(new GetMetricDataCommand({ MetricDataQueries: queries, ...lastDays(1) })),
    );
    expect([error.name, error.$metadata?.httpStatusCode, (error as { Code?: string }).Code]).toEqual([
      "InvalidParameterValueException",
      400,
      "InvalidParameterValue",
    ]);
    expect(error.message).toBe("The collection MetricDataQueries must not have a size greater than 500.");
  });

  it.each([
    [
      { ...lastDays(1), StartTime: undefined },
      "MissingRequiredParameterException",
      "The parameter StartTime is required.",
    ],
    [
      { ...lastDays(1), EndTime: undefined },
      "MissingRequiredParameterException",
      "The parameter EndTime is required.",
    ],
    [
      { StartTime: new Date(T0), EndTime: new Date(T0 - DAY) },
      "InvalidParameterValueException",
      "The parameter StartTime must be less than the parameter EndTime.",
    ],
  ])("bad time window: 400 %#", async (window, name, message) => {
    const error = await caught(() =>
      cw(REGION).send(
        new GetMetricDataCommand({ MetricDataQueries: [metricQuery("m0", I_ZERO)], ...window }),
      ),
    );
    expect([error.name, error.$metadata?.httpStatusCode, error.message]).toEqual([name, 400, message]);
  });

  it("Period must be a multiple of 60; Ids must be valid and unique", async () => {
    const send = (queries: MetricDataQuery[]) =>
      caught(() => cw(REGION).send(new GetMetricDataCommand({ MetricDataQueries: queries, ...lastDays(1) })));
    expect((await send([metricQuery("m0", I_ZERO, "MetadataNoToken", 90)])).name).toBe(
      "InvalidParameterValueException",
    );
    expect((await send([metricQuery("M-0", I_ZERO)])).name).toBe("InvalidParameterValueException");
    expect((await send([metricQuery("m0", I_ZERO), metricQuery("m0", I_IN_USE)])).name).toBe(
      "InvalidParameterValueException",
    );
  });

  it("over 100,800 data points: PartialData + NextToken; the pages hold every point exactly once", async () => {
    const ids =
      sim.state
        .region(REGION)
        ?.instances.filter((i) => i.state === "running" && i.metrics !== false)
        .map((i) => i.id) ?? [];
    const queries = ids.slice(0, 500).map((id, i) => metricQuery(`q${i}`, id, "MetadataNoToken", 300));
    const end = Math.floor(T0 / 60_000) * 60_000;
    const input = { MetricDataQueries: queries, StartTime: new Date(end - 2 * DAY), EndTime: new Date(end) };
    const seen = new Set<string>();
    let points = 0;
    let pages = 0;
    let token: string | undefined;
    do {
      const out = await cw(REGION).send(new GetMetricDataCommand({ ...input, NextToken: token }));
      pages += 1;
      let pagePoints = 0;
      for (const r of out.MetricDataResults ?? []) {
        expect(r.Timestamps?.length).toBe(r.Values?.length);
        for (const t of r.Timestamps ?? []) seen.add(`${r.Id} ${t.getTime()}`);
        pagePoints += r.Timestamps?.length ?? 0;
      }
      expect(pagePoints).toBeLessThanOrEqual(100_800);
      if (out.NextToken) {
        expect(pagePoints).toBe(100_800);
        expect(out.MetricDataResults?.some((r) => r.StatusCode === "PartialData")).toBe(true);
      }
      points += pagePoints;
      token = out.NextToken;
    } while (token);
    expect(pages).toBe(3);
    expect(points).toBe(500 * 576);
    expect(seen.size).toBe(500 * 576);
    expect(sim.log.count({ action: "GetMetricData" })).toBe(3);
  });

  it("MaxDatapoints makes smaller pages; a foreign NextToken is InvalidNextToken", async () => {
    const input = { MetricDataQueries: [metricQuery("m0", I_IN_USE)], ...lastDays(14), MaxDatapoints: 5 };
    const first = await cw(REGION).send(new GetMetricDataCommand(input));
    expect(first.MetricDataResults?.[0]?.Values).toHaveLength(5);
    expect(first.MetricDataResults?.[0]?.StatusCode).toBe("PartialData");
    const error = await caught(() =>
      cw(REGION).send(new GetMetricDataCommand({ ...input, MaxDatapoints: 6, NextToken: first.NextToken })),
    );
    expect([error.name, error.$metadata?.httpStatusCode]).toEqual(["InvalidNextToken", 400]);
  });
});

describe("errors, throttling and the request log", () => {
  it("denied: AccessDenied (403)", async () => {
    // The simulator's Date header is its clock: set to this client's, so the SDK sees no clock skew
    // to correct (a correction is retried) and the count shows AccessDenied itself is not retried.
    sim.clock.update({ at: Date.now() });
    const error = await caught(() =>
      cw("us-west-2").send(
        new GetMetricDataCommand({ MetricDataQueries: [metricQuery("m0", I_ZERO)], ...lastDays(1) }),
      ),
    );
    expect([error.name, error.$metadata?.httpStatusCode]).toEqual(["AccessDenied", 403]);
    expect(sim.log.count({ region: "us-west-2", action: "GetMetricData", code: "AccessDenied" })).toBe(1);
  });

  it("a region the account has not enabled: InvalidClientTokenId (403)", async () => {
    const error = await caught(() =>
      cw("af-south-1", { maxAttempts: 1 }).send(
        new GetMetricDataCommand({ MetricDataQueries: [metricQuery("m0", I_ZERO)], ...lastDays(1) }),
      ),
    );
    expect([error.name, error.$metadata?.httpStatusCode]).toEqual(["InvalidClientTokenId", 403]);
  });

  it("Throttling (400) past the bucket; the SDK retries it as throttling and recovers", async () => {
    sim.controls.update({ throttle: { overrides: { GetMetricData: { burst: 1, refillPerSecond: 10 } } } });
    const input = { MetricDataQueries: [metricQuery("m0", I_ZERO)], ...lastDays(1) };
    const once = cw(REGION, { maxAttempts: 1 });
    await once.send(new GetMetricDataCommand(input));
    const error = await caught(() => once.send(new GetMetricDataCommand(input)));
    expect([error.name, error.$metadata?.httpStatusCode]).toEqual(["Throttling", 400]);
    // The clock stands still, so the bucket stays empty until it is moved on: once the retrying
    // call has been refused, a second passes, and its retry must get through.
    const retried = cw(REGION, { maxAttempts: 10 }).send(new GetMetricDataCommand(input));
    await until(() => sim.log.count({ action: "GetMetricData", code: "Throttling" }) >= 2);
    sim.clock.update({ advanceMs: 1000 });
    expect((await retried).MetricDataResults?.[0]?.Values).toEqual([0]);
    expect((await retried).$metadata.attempts).toBeGreaterThanOrEqual(2);
  });

  it.each([
    ["internal-error", 500, "InternalServiceFault"],
    ["unavailable", 503, "ServiceUnavailable"],
  ] as const)("fault %s: %i, the SDK's %s", async (kind, status, name) => {
    sim.controls.update({ faults: [{ kind, count: 1 }] });
    const error = await caught(() =>
      cw(REGION, { maxAttempts: 1 }).send(
        new GetMetricDataCommand({ MetricDataQueries: [metricQuery("m0", I_ZERO)], ...lastDays(1) }),
      ),
    );
    expect([error.name, error.$metadata?.httpStatusCode]).toEqual([name, status]);
  });

  it("injected faults apply to GetMetricData and are retried", async () => {
    sim.controls.update({ faults: [{ kind: "internal-error", count: 1, actions: ["GetMetricData"] }] });
    const out = await cw(REGION).send(
      new GetMetricDataCommand({ MetricDataQueries: [metricQuery("m0", I_ZERO)], ...lastDays(1) }),
    );
    expect(out.$metadata.attempts).toBe(2);
    expect(sim.log.snapshot().recent.map((e) => [e.service, e.action, e.status])).toEqual([
      ["monitoring", "GetMetricData", 500],
      ["monitoring", "GetMetricData", 200],
    ]);
  });

  it("the request log counts every GetMetricData call", async () => {
    const client = cw(REGION);
    for (let i = 0; i < 4; i++) {
      await client.send(
        new GetMetricDataCommand({ MetricDataQueries: [metricQuery("m0", I_ZERO)], ...lastDays(1) }),
      );
    }
    expect(sim.log.count({ action: "GetMetricData" })).toBe(4);
    expect(sim.log.count({ region: REGION, action: "GetMetricData" })).toBe(4);
  });
});

describe("scenario usage fields", () => {
  it.each([
    [
      { usage: { noTokenPerDay: -1 } },
      "scenario.regions.us-east-1.instances[0].usage.noTokenPerDay: must be a number from 0 to 10000000 (got -1)",
    ],
    [
      { usage: { calls: 1 } },
      "scenario.regions.us-east-1.instances[0].usage.calls: unknown field (allowed: noTokenPerDay, lastCallDaysAgo, rejectedPerDayAfterChange)",
    ],
    [{ metrics: "no" }, 'scenario.regions.us-east-1.instances[0].metrics: must be true or false (got "no")'],
  ])("a bad usage field names its path %#", (instance, message) => {
    expect(() =>
      validateScenario({ accountId: "123456789012", regions: { "us-east-1": { instances: [instance] } } }),
    ).toThrow(message);
  });

  it("mix entries share one usage object; entries without usage allocate nothing", async () => {
    const s = await startSimulator({
      scenario: {
        accountId: "123456789012",
        regions: {
          "eu-west-1": {
            generate: [{ count: 50, mix: [{ usage: { noTokenPerDay: 5 } }, { weight: 1 }] }],
          },
        },
      },
    });
    try {
      const instances = s.state.region("eu-west-1")?.instances ?? [];
      const withUsage = instances.filter((i) => i.usage);
      expect(withUsage.length).toBeGreaterThan(0);
      expect(new Set(withUsage.map((i) => i.usage)).size).toBe(1);
      expect(instances.filter((i) => !i.usage).every((i) => !("usage" in i))).toBe(true);
    } finally {
      await s.close();
    }
  });
});

describe("the demo scenario's usage", () => {
  it("in use, ready, and the one ready instance that rejects calls once IMDSv2 is required", async () => {
    const demo = await startSimulator({ scenario: "demo", clock: { at: T0, fixed: true } });
    try {
      const client = new CloudWatchClient({
        region: REGION,
        endpoint: demo.url,
        credentials: FAKE_CREDENTIALS,
      });
      const sums = async (ids: string[], metric: string) => {
        const out = await client.send(
          new GetMetricDataCommand({
            MetricDataQueries: ids.map((id, i) => metricQuery(`m${i}`, id, metric)),
            ...lastDays(14, demo.clock.now()),
          }),
        );
        return (out.MetricDataResults ?? []).map((r) => (r.Values ?? []).reduce((a, b) => a + b, 0));
      };
      const inUse = "i-0a1b2c3d4e5f60001";
      const rejects = "i-0a1b2c3d4e5f60002";
      const ready = demo.state
        .region(REGION)
        ?.instances.find((i) => i.httpTokens === "optional" && i.state === "running" && !i.usage)
        ?.id as string;
      expect(ready).toMatch(/^i-/);
      expect(await sums([inUse, rejects, ready], "MetadataNoToken")).toEqual([1440 * 14, 0, 0]);
      const ec2Client = ec2(demo.url, REGION);
      for (const id of [rejects, ready]) {
        await ec2Client.send(
          new ModifyInstanceMetadataOptionsCommand({ InstanceId: id, HttpTokens: "required" }),
        );
      }
      demo.clock.update({ advanceMs: 20_000 });
      const [rejected, quiet] = await sums([rejects, ready], "MetadataNoTokenRejected");
      expect(rejected).toBeGreaterThanOrEqual(1);
      expect(quiet).toBe(0);
    } finally {
      await demo.close();
    }
  });
});
