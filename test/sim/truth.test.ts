// What the simulator models for AWS's current rules, as the real SDK sees it over HTTP: its clock,
// HttpTokensEnforced, DescribeImages by id of any owner, and endpoints that misbehave the way
// third-party emulators do.

import {
  DescribeImagesCommand,
  DescribeInstancesCommand,
  GetInstanceMetadataDefaultsCommand,
  ModifyInstanceMetadataDefaultsCommand,
  ModifyInstanceMetadataOptionsCommand,
} from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Scenario, type Simulator, startSimulator } from "../../src/sim/index.js";
import { caught, ec2 } from "./clients.js";

const REGION = "eu-west-1";
const ENFORCED = "eu-north-1";
const I_V1 = "i-0e0000000000000a1";
const I_V2 = "i-0e0000000000000a2";
const I_V2_ENFORCED = "i-0e0000000000000b1";
const AL2023 = "ami-0a7d80731ae1b2435";
const PRIVATE_ELSEWHERE = "ami-0b7d80731ae1b2436";
const OWN = "ami-0c7d80731ae1b2437";
const GONE = "ami-0d7d80731ae1b2438";
const T0 = Date.UTC(2026, 10, 22, 10, 0, 5);

const scenario: Scenario = {
  accountId: "111122223333",
  regions: {
    [REGION]: {
      instances: [{ id: I_V1 }, { id: I_V2, httpTokens: "required", httpPutResponseHopLimit: 2 }],
      images: [
        { id: OWN, name: "golden", creationDate: "2025-01-01T00:00:00Z" },
        { id: GONE, name: "old", state: "deregistered", creationDate: "2025-01-01T00:00:00Z" },
        {
          id: AL2023,
          name: "al2023-ami-2023.9-x86_64",
          ownerId: "137112412989",
          public: true,
          imdsSupport: "v2.0",
          creationDate: "2025-11-18T00:00:00Z",
        },
        {
          id: PRIVATE_ELSEWHERE,
          name: "partner",
          ownerId: "444455556666",
          creationDate: "2025-11-18T00:00:00Z",
        },
      ],
    },
    [ENFORCED]: {
      defaults: { httpTokens: "required", httpTokensEnforced: "enabled" },
      instances: [{ id: I_V2_ENFORCED, httpTokens: "required" }, { id: "i-0e0000000000000b2" }],
    },
  },
  controls: { appliedAfterMs: 1000 },
  clock: { at: new Date(T0).toISOString(), fixed: true },
};

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ scenario });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.controls.reset();
  sim.resetThrottling();
  sim.log.reset();
  sim.clock.update({ at: T0, fixed: true });
});

const metadata = async (region: string, id: string) =>
  (await ec2(sim.url, region).send(new DescribeInstancesCommand({ InstanceIds: [id] }))).Reservations?.[0]
    ?.Instances?.[0]?.MetadataOptions;

describe("the clock", () => {
  it("starts where the scenario says and stands still until moved, in process or over HTTP", async () => {
    expect(sim.clock.current).toMatchObject({ now: "2026-11-22T10:00:05.000Z", fixed: true });
    expect(sim.state.startedAt).toBe(T0);
    const moved = await fetch(`${sim.url}/_sim/clock`, {
      method: "POST",
      body: JSON.stringify({ advanceMs: 60_000 }),
    });
    expect(await moved.json()).toMatchObject({ now: "2026-11-22T10:01:05.000Z", fixed: true });
    expect(await (await fetch(`${sim.url}/_sim/clock`)).json()).toMatchObject({
      now: "2026-11-22T10:01:05.000Z",
      fixed: true,
    });
    const bad = await fetch(`${sim.url}/_sim/clock`, {
      method: "POST",
      body: JSON.stringify({ at: "soon" }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toBe(
      'clock.at: must be an ISO 8601 date (got "soon")',
    );
    expect(sim.clock.now()).toBe(T0 + 60_000);
  });

  it("drives pending -> applied: a change stays pending until the clock passes appliedAfterMs", async () => {
    await ec2(sim.url, REGION).send(
      new ModifyInstanceMetadataOptionsCommand({ InstanceId: I_V1, HttpPutResponseHopLimit: 2 }),
    );
    expect((await metadata(REGION, I_V1))?.State).toBe("pending");
    sim.clock.update({ advanceMs: 999 });
    expect((await metadata(REGION, I_V1))?.State).toBe("pending");
    sim.clock.update({ advanceMs: 1 });
    expect((await metadata(REGION, I_V1))?.State).toBe("applied");
  });

  it("drives the token buckets: a fixed clock refills nothing until it is moved on", async () => {
    sim.controls.update({
      throttle: { overrides: { GetInstanceMetadataDefaults: { burst: 1, refillPerSecond: 1 } } },
    });
    const once = ec2(sim.url, REGION, { maxAttempts: 1 });
    await once.send(new GetInstanceMetadataDefaultsCommand({}));
    expect((await caught(() => once.send(new GetInstanceMetadataDefaultsCommand({})))).name).toBe(
      "RequestLimitExceeded",
    );
    sim.clock.update({ advanceMs: 1000 });
    await once.send(new GetInstanceMetadataDefaultsCommand({}));
  });
});

describe("HttpTokensEnforced", () => {
  it("is read and set with the other defaults; no-preference removes it", async () => {
    const client = ec2(sim.url, REGION);
    await client.send(new ModifyInstanceMetadataDefaultsCommand({ HttpTokensEnforced: "enabled" }));
    expect((await client.send(new GetInstanceMetadataDefaultsCommand({}))).AccountLevel).toEqual({
      HttpTokensEnforced: "enabled",
    });
    await client.send(new ModifyInstanceMetadataDefaultsCommand({ HttpTokensEnforced: "no-preference" }));
    expect((await client.send(new GetInstanceMetadataDefaultsCommand({}))).AccountLevel).toEqual({});
  });

  it("refuses HttpTokens=optional on an instance that requires IMDSv2: UnsupportedOperation (400)", async () => {
    const error = await caught(() =>
      ec2(sim.url, ENFORCED).send(
        new ModifyInstanceMetadataOptionsCommand({ InstanceId: I_V2_ENFORCED, HttpTokens: "optional" }),
      ),
    );
    expect([error.name, error.$metadata?.httpStatusCode]).toEqual(["UnsupportedOperation", 400]);
    expect(error.message).toMatch(
      /^You can't launch instances with IMDSv1 because httpTokensEnforced is enabled/,
    );
    expect((await metadata(ENFORCED, I_V2_ENFORCED))?.HttpTokens).toBe("required");
    // Other changes go through; an instance that already allows IMDSv1 is left as it is.
    await ec2(sim.url, ENFORCED).send(
      new ModifyInstanceMetadataOptionsCommand({ InstanceId: I_V2_ENFORCED, HttpPutResponseHopLimit: 3 }),
    );
    await ec2(sim.url, ENFORCED).send(
      new ModifyInstanceMetadataOptionsCommand({ InstanceId: "i-0e0000000000000b2", HttpTokens: "optional" }),
    );
  });
});

describe("DescribeImages by id, any owner", () => {
  const describe_ = (ids: string[], owners?: string[]) =>
    ec2(sim.url, REGION).send(
      new DescribeImagesCommand({ ImageIds: ids, ...(owners ? { Owners: owners } : {}) }),
    );

  it("answers for Amazon's public AMIs and the account's own, with ImdsSupport", async () => {
    const out = await describe_([AL2023, OWN]);
    expect(
      out.Images?.map((i) => [i.ImageId, i.OwnerId, i.ImageOwnerAlias, i.Public, i.ImdsSupport]),
    ).toEqual([
      [OWN, "111122223333", undefined, false, undefined],
      [AL2023, "137112412989", "amazon", true, "v2.0"],
    ]);
    const amazon = await ec2(sim.url, REGION).send(new DescribeImagesCommand({ Owners: ["amazon"] }));
    expect(amazon.Images?.map((i) => i.ImageId)).toEqual([AL2023]);
    const self = await ec2(sim.url, REGION).send(new DescribeImagesCommand({ Owners: ["self"] }));
    expect(self.Images?.map((i) => i.ImageId)).toEqual([OWN]);
  });

  it("one id the caller cannot see fails the whole call: InvalidAMIID.NotFound", async () => {
    for (const hidden of [PRIVATE_ELSEWHERE, GONE, "ami-0fffffffffffffff0"]) {
      const error = await caught(() => describe_([AL2023, hidden]));
      expect([error.name, error.$metadata?.httpStatusCode]).toEqual(["InvalidAMIID.NotFound", 400]);
      expect(error.message).toBe(`The image id '[${hidden}]' does not exist`);
    }
    expect((await caught(() => describe_(["resolve:ssm:/x"]))).name).toBe("InvalidAMIID.Malformed");
  });
});

describe("endpoints that misbehave like third-party emulators (fault kinds)", () => {
  it("html-500: an HTML page with HTTP 500 for an action it does not implement", async () => {
    sim.controls.update({ faults: [{ kind: "html-500", actions: ["GetInstanceMetadataDefaults"] }] });
    const reply = await fetch(sim.url, {
      method: "POST",
      headers: {
        authorization: "AWS4-HMAC-SHA256 Credential=AKIA/20261122/eu-west-1/ec2/aws4_request, Signature=x",
        "content-type": "application/x-www-form-urlencoded",
      },
      body: "Action=GetInstanceMetadataDefaults&Version=2016-11-15",
    });
    expect([reply.status, reply.headers.get("content-type")]).toEqual([500, "text/html; charset=utf-8"]);
    expect(await reply.text()).toContain("GetInstanceMetadataDefaults is not implemented");
    await ec2(sim.url, REGION).send(new DescribeInstancesCommand({}));
  });

  it("ignore-dry-run: a DryRun call makes the change and answers success", async () => {
    sim.controls.update({ faults: [{ kind: "ignore-dry-run" }] });
    const out = await ec2(sim.url, REGION).send(
      new ModifyInstanceMetadataOptionsCommand({ InstanceId: I_V1, HttpTokens: "required", DryRun: true }),
    );
    expect(out.InstanceMetadataOptions?.HttpTokens).toBe("required");
    expect((await metadata(REGION, I_V1))?.HttpTokens).toBe("required");
    sim.controls.reset();
    await ec2(sim.url, REGION).send(
      new ModifyInstanceMetadataOptionsCommand({ InstanceId: I_V1, HttpTokens: "optional" }),
    );
  });

  it("extra-fields: a modify also changes the hop limit and tags access it was not asked to", async () => {
    sim.controls.update({
      faults: [{ kind: "extra-fields", count: 1, actions: ["ModifyInstanceMetadataOptions"] }],
    });
    const before = await metadata(REGION, I_V2);
    await ec2(sim.url, REGION).send(
      new ModifyInstanceMetadataOptionsCommand({ InstanceId: I_V2, HttpEndpoint: "enabled" }),
    );
    const after = await metadata(REGION, I_V2);
    expect(after?.HttpPutResponseHopLimit).toBe((before?.HttpPutResponseHopLimit ?? 0) + 1);
    expect(after?.InstanceMetadataTags).toBe("enabled");
    expect(after?.HttpTokens).toBe(before?.HttpTokens);
  });
});
