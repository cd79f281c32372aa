// imds's retry policy on real SDK clients: a connection refused before the endpoint ever answered
// fails at once (one attempt), its region unreadable with a hint naming the address; throttling,
// 5xx and a refusal after the endpoint has answered are still retried as the SDK does.
import { createServer } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Clients, createClients } from "../../src/aws/clients.js";
import { perUnit } from "../../src/engine/per-unit.js";
import { type Simulator, startSimulator } from "../../src/sim/index.js";
import { caught, FAKE_CREDENTIALS } from "./clients.js";
import { testScenario } from "./fixtures.js";

process.env.AWS_ACCESS_KEY_ID = FAKE_CREDENTIALS.accessKeyId;
process.env.AWS_SECRET_ACCESS_KEY = FAKE_CREDENTIALS.secretAccessKey;

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

const clientsAt = (endpoint: string, maxAttempts = 6): Promise<Clients> =>
  createClients({ endpoint, region: "us-east-1", maxAttempts, concurrency: 4 });

type Failed = Error & { code?: string; $metadata?: { attempts?: number } };

describe("a connection refused before any answer", () => {
  it("fails on the first attempt, and the region is unreadable with a hint naming the address", async () => {
    const port = await closedPort();
    const clients = await clientsAt(`http://127.0.0.1:${port}`);
    const error = (await caught(() => clients.ec2("eu-west-1").readDefaults())) as Failed;
    expect([error.code, error.$metadata?.attempts]).toEqual(["ECONNREFUSED", 1]);

    const [outcome] = await perUnit(
      { limit: clients.limit },
      [{ region: "eu-west-1" }],
      { part: "defaults", action: "ec2:GetInstanceMetadataDefaults" },
      () => clients.ec2("eu-west-1").readDefaults(),
    );
    expect(outcome?.ok).toBe(false);
    if (outcome?.ok !== false) return;
    expect(outcome.error).toMatchObject({ kind: "network", code: "ECONNREFUSED" });
    expect(outcome.error.hint).toContain(`127.0.0.1:${port} (connection refused)`);
  });
});

describe("retries that stay", () => {
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

  it("a 503 and a 500 are retried until the call succeeds", async () => {
    sim.controls.update({
      faults: [
        { kind: "unavailable", count: 1, regions: ["eu-west-1"] },
        { kind: "internal-error", count: 1, regions: ["eu-west-1"] },
      ],
    });
    const clients = await clientsAt(sim.url);
    await clients.ec2("eu-west-1").readDefaults();
    expect(sim.log.snapshot().recent.map((e) => e.status)).toEqual([503, 500, 200]);
  });

  it("RequestLimitExceeded is retried until the bucket lets the call through", async () => {
    sim.controls.update({
      throttle: { overrides: { GetInstanceMetadataDefaults: { burst: 1, refillPerSecond: 2 } } },
    });
    const clients = await clientsAt(sim.url);
    const ec2 = clients.ec2("eu-west-2");
    await ec2.readDefaults();
    await ec2.readDefaults();
    expect(sim.log.count({ region: "eu-west-2", code: "RequestLimitExceeded" })).toBeGreaterThanOrEqual(1);
    expect(sim.log.count({ region: "eu-west-2", action: "GetInstanceMetadataDefaults" })).toBeGreaterThan(2);
  });
});

describe("a connection refused after the endpoint has answered", () => {
  it("is retried as the SDK retries it (a server restarting mid-run)", async () => {
    const sim = await startSimulator({ scenario: testScenario() });
    const clients = await clientsAt(sim.url, 3);
    const ec2 = clients.ec2("eu-west-1");
    await ec2.readDefaults();
    await sim.close();
    const error = (await caught(() => ec2.readDefaults())) as Failed;
    expect(error.code).toBe("ECONNREFUSED");
    expect(error.$metadata?.attempts).toBe(3);
  });
});
