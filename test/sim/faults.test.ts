// Throttling, injected faults and latency, as the SDK's retry logic experiences them.

import {
  DescribeInstancesCommand,
  GetInstanceMetadataDefaultsCommand,
  ModifyInstanceMetadataDefaultsCommand,
} from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../src/sim/index.js";
import { caught, ec2 } from "./clients.js";
import { testScenario } from "./fixtures.js";

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ scenario: testScenario() });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.controls.reset();
  sim.resetThrottling();
  sim.log.reset();
});

const modifyDefaults = () => new ModifyInstanceMetadataDefaultsCommand({ HttpTokens: "required" });

describe("token buckets", () => {
  it("RequestLimitExceeded (503) past the burst; the SDK's retries recover once the bucket refills", async () => {
    // No refill while the burst is spent, so the third call is refused however slow the first two.
    sim.controls.update({
      throttle: { overrides: { ModifyInstanceMetadataDefaults: { burst: 2, refillPerSecond: 0 } } },
    });
    const once = ec2(sim.url, "eu-west-2", { maxAttempts: 1 });
    await once.send(modifyDefaults());
    await once.send(modifyDefaults());
    const error = await caught(() => once.send(modifyDefaults()));
    expect([error.name, error.$metadata?.httpStatusCode]).toEqual(["RequestLimitExceeded", 503]);
    sim.controls.update({ throttle: { overrides: {} } });
    // Buckets are per region: another region still has tokens.
    await ec2(sim.url, "eu-west-3", { maxAttempts: 1 }).send(modifyDefaults());
    const retried = await ec2(sim.url, "eu-west-2").send(modifyDefaults());
    expect(retried.Return).toBe(true);
    expect(sim.log.count({ region: "eu-west-2", code: "RequestLimitExceeded" })).toBeGreaterThanOrEqual(1);
  });

  it("per-action overrides and switching throttling off", async () => {
    sim.controls.update({
      throttle: { overrides: { GetInstanceMetadataDefaults: { burst: 1, refillPerSecond: 0 } } },
    });
    const client = ec2(sim.url, "eu-west-1", { maxAttempts: 1 });
    await client.send(new GetInstanceMetadataDefaultsCommand({}));
    expect((await caught(() => client.send(new GetInstanceMetadataDefaultsCommand({})))).name).toBe(
      "RequestLimitExceeded",
    );
    sim.controls.update({ throttle: { enabled: false } });
    await client.send(new GetInstanceMetadataDefaultsCommand({}));
  });
});

describe("faults", () => {
  it.each([
    ["internal-error", 500],
    ["unavailable", 503],
  ] as const)("%s faults are retried by the SDK and succeed", async (kind, status) => {
    sim.controls.update({ faults: [{ kind, count: 1, regions: ["eu-west-1"] }] });
    const out = await ec2(sim.url, "eu-west-1").send(new GetInstanceMetadataDefaultsCommand({}));
    expect(out.$metadata.attempts).toBe(2);
    expect(sim.log.snapshot().recent.map((e) => e.status)).toEqual([status, 200]);
  });

  it("a fault only hits the regions and actions it names", async () => {
    sim.controls.update({
      faults: [{ kind: "internal-error", actions: ["DescribeInstances"], regions: ["eu-west-1"] }],
    });
    const other = await ec2(sim.url, "eu-west-1").send(new GetInstanceMetadataDefaultsCommand({}));
    expect(other.$metadata.attempts).toBe(1);
    const error = await caught(() =>
      ec2(sim.url, "eu-west-1", { maxAttempts: 1 }).send(new DescribeInstancesCommand({ MaxResults: 5 })),
    );
    expect([error.name, error.$metadata?.httpStatusCode]).toEqual(["InternalError", 500]);
  });

  it("a connection reset is retried", async () => {
    sim.controls.update({ faults: [{ kind: "reset", count: 1 }] });
    const out = await ec2(sim.url, "eu-west-1").send(new GetInstanceMetadataDefaultsCommand({}));
    expect(out.$metadata.attempts).toBe(2);
    expect(sim.log.count({ code: "reset" })).toBe(1);
  });

  it("a stalled reply times out on the client; a slow one arrives late", async () => {
    sim.controls.update({ faults: [{ kind: "stall", count: 1 }] });
    // Since @smithy/node-http-handler 4.x, requestTimeout only logs unless throwOnRequestTimeout is set.
    const client = ec2(sim.url, "eu-west-1", {
      maxAttempts: 1,
      requestHandler: { requestTimeout: 200, throwOnRequestTimeout: true },
    });
    const error = await caught(() => client.send(new GetInstanceMetadataDefaultsCommand({})));
    expect(error.name).toBe("TimeoutError");
    sim.controls.update({ faults: [{ kind: "stall", count: 1, stallMs: 150 }] });
    const started = Date.now();
    await ec2(sim.url, "eu-west-1").send(new GetInstanceMetadataDefaultsCommand({}));
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("latency per region", async () => {
    sim.controls.update({ latency: { byRegion: { "eu-west-1": 120 } } });
    const started = Date.now();
    await ec2(sim.url, "eu-west-1").send(new GetInstanceMetadataDefaultsCommand({}));
    expect(Date.now() - started).toBeGreaterThanOrEqual(115);
    // Other regions get none (asked of the controls: how long a call takes on a busy machine is not).
    expect(sim.controls.latencyFor("eu-west-2")).toBe(0);
    expect(sim.controls.latencyFor("eu-west-1")).toBe(120);
  });
});

describe("HTTP control API", () => {
  it("reads and changes controls, the log and the state", async () => {
    const bad = await fetch(`${sim.url}/_sim/controls`, {
      method: "POST",
      body: JSON.stringify({ latency: { ms: -1 } }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toBe(
      "controls.latency.ms: must be an integer from 0 to 3600000 (got -1)",
    );
    const set = await fetch(`${sim.url}/_sim/controls`, {
      method: "POST",
      body: JSON.stringify({ appliedAfterMs: 5 }),
    });
    expect(((await set.json()) as { appliedAfterMs: number }).appliedAfterMs).toBe(5);
    expect(sim.controls.current.appliedAfterMs).toBe(5);

    await ec2(sim.url, "eu-west-1").send(new GetInstanceMetadataDefaultsCommand({}));
    await caught(() => ec2(sim.url, "me-south-1").send(new GetInstanceMetadataDefaultsCommand({})));
    const log = (await (await fetch(`${sim.url}/_sim/log`)).json()) as {
      total: number;
      byRegionAction: Record<string, number>;
      byCode: Record<string, number>;
    };
    expect(log.total).toBe(2);
    expect(log.byRegionAction["eu-west-1 GetInstanceMetadataDefaults"]).toBe(1);
    expect(log.byCode).toEqual({ AuthFailure: 1 });
    await fetch(`${sim.url}/_sim/log/reset`, { method: "POST" });
    expect(sim.log.count()).toBe(0);

    const state = (await (await fetch(`${sim.url}/_sim/state?region=eu-central-1`)).json()) as Record<
      string,
      unknown
    >;
    expect(state).toMatchObject({
      region: "eu-central-1",
      managedBy: "declarative-policy",
      defaults: { httpTokens: "required" },
    });
  });
});
