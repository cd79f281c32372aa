// Realistic replies (instances as AWS returns them) beside the minimal ones, what imds reads from
// each, and the simulator over HTTPS.

import { DescribeRegionsCommand } from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readerStats, useFastReader } from "../../src/aws/fast-reader/index.js";
import { INSTANCE_PAGE_SIZE, readInstances, readTemplates } from "../../src/aws/reads.js";
import { DEFAULT_STATES } from "../../src/core/types.js";
import { type Simulator, startSimulator } from "../../src/sim/index.js";
import { caught, ec2, rawReply } from "./clients.js";
import { testScenario } from "./fixtures.js";

const PAGE = "Action=DescribeInstances&Version=2016-11-15&MaxResults=1000";

describe("realistic and minimal records", () => {
  let realistic: Simulator;
  let minimal: Simulator;
  beforeAll(async () => {
    const controls = { throttle: { enabled: false } };
    [realistic, minimal] = await Promise.all([
      startSimulator({ scenario: testScenario(), controls }),
      startSimulator({ scenario: testScenario(), controls, payload: "minimal" }),
    ]);
  });
  afterAll(() => Promise.all([realistic.close(), minimal.close()]));

  it("a realistic instance weighs about 9 KB, as AWS's pretty-printed ones; a minimal one under 1 KB", async () => {
    const [big, small] = await Promise.all([
      rawReply(realistic.url, "eu-west-1", PAGE),
      rawReply(minimal.url, "eu-west-1", PAGE),
    ]);
    const perInstance = (xml: string) => {
      const n = xml.match(/<instanceId>/g)?.length ?? 0;
      expect(n).toBe(1000);
      return Buffer.byteLength(xml) / n;
    };
    expect(perInstance(big)).toBeGreaterThan(7_000);
    expect(perInstance(big)).toBeLessThan(11_000);
    expect(perInstance(small)).toBeLessThan(1_000);
    expect(big).toMatch(/^<\?xml[^\n]*\n<DescribeInstancesResponse [^>]*>\n {4}<requestId>/);
  });

  it("imds reads the same records from both, with its reader and with the SDK's parser", async () => {
    const stats = readerStats();
    const read = (sim: Simulator, fast: boolean) => {
      const client = ec2(sim.url, "eu-west-1");
      if (fast) useFastReader(client, stats);
      return readInstances(client, DEFAULT_STATES);
    };
    const [sdkRealistic, fastRealistic, sdkMinimal, fastMinimal] = await Promise.all([
      read(realistic, false),
      read(realistic, true),
      read(minimal, false),
      read(minimal, true),
    ]);
    expect(sdkRealistic.length).toBeGreaterThan(2000);
    expect(fastRealistic).toEqual(sdkRealistic);
    expect(sdkMinimal).toEqual(sdkRealistic);
    expect(fastMinimal).toEqual(sdkRealistic);
    expect(stats.fallbacks).toBe(0);
    expect(stats.fast).toBe(2 * Math.ceil(sdkRealistic.length / INSTANCE_PAGE_SIZE));
  });

  it("launch template versions read the same from both", async () => {
    const [full, small] = await Promise.all([
      readTemplates(ec2(realistic.url, "eu-west-1")),
      readTemplates(ec2(minimal.url, "eu-west-1")),
    ]);
    expect(full.length).toBeGreaterThan(2);
    expect(small).toEqual(full);
  });
});

describe("HTTPS", () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ scenario: testScenario(), https: true });
  });
  afterAll(() => sim.close());

  it("serves TLS with a certificate from a CA made at start, which a client can trust", async () => {
    expect(sim.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.ca).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const trusting = ec2(sim.url, "eu-west-1", { requestHandler: { httpsAgent: { ca: sim.ca } } });
    const out = await trusting.send(new DescribeRegionsCommand({}));
    expect(out.Regions?.length).toBeGreaterThan(16);
  });

  it("a client that does not trust the CA is refused", async () => {
    const error = await caught(() =>
      ec2(sim.url, "eu-west-1", { maxAttempts: 1 }).send(new DescribeRegionsCommand({})),
    );
    expect(["UNABLE_TO_VERIFY_LEAF_SIGNATURE", "SELF_SIGNED_CERT_IN_CHAIN"]).toContain(
      (error as Error & { code?: string }).code,
    );
  });
});
