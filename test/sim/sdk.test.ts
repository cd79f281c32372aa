// The simulator as the real AWS SDK v3 sees it, over HTTP.

import {
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeRegionsCommand,
  GetInstanceMetadataDefaultsCommand,
  type Instance,
  ModifyInstanceMetadataDefaultsCommand,
  ModifyInstanceMetadataOptionsCommand,
  paginateDescribeInstances,
  paginateDescribeLaunchTemplateVersions,
} from "@aws-sdk/client-ec2";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../src/sim/index.js";
import { DEFAULT_REGIONS, OPT_IN_REGIONS } from "../../src/sim/regions.js";
import { caught, ec2, sts } from "./clients.js";
import { ACCOUNT, I_RUNNING, I_STOPPED, I_TERMINATED, testScenario } from "./fixtures.js";

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ scenario: testScenario() });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.resetThrottling();
  sim.clock.update({ fixed: false });
});

async function allInstances(
  region: string,
  pageSize: number,
  filters?: { Name: string; Values: string[] }[],
) {
  const out: Instance[] = [];
  let pages = 0;
  for await (const page of paginateDescribeInstances(
    { client: ec2(sim.url, region), pageSize },
    { ...(filters ? { Filters: filters } : {}) },
  )) {
    pages++;
    for (const r of page.Reservations ?? []) out.push(...(r.Instances ?? []));
  }
  return { instances: out, pages };
}

describe("STS", () => {
  it("GetCallerIdentity answers with the scenario's account", async () => {
    const id = await sts(sim.url, "eu-west-1").send(new GetCallerIdentityCommand({}));
    expect(id.Account).toBe(ACCOUNT);
    expect(id.Arn).toBe(`arn:aws:iam::${ACCOUNT}:user/imds-sim`);
  });

  it("a denied GetCallerIdentity is AccessDenied", async () => {
    const error = await caught(() => sts(sim.url, "us-east-2").send(new GetCallerIdentityCommand({})));
    expect(error.name).toBe("AccessDenied");
    expect(error.$metadata?.httpStatusCode).toBe(403);
  });
});

describe("DescribeRegions", () => {
  it("lists the 17 default regions plus opted-in ones, or every region with AllRegions", async () => {
    const client = ec2(sim.url, "us-east-1");
    const enabled = await client.send(new DescribeRegionsCommand({}));
    expect(enabled.Regions).toHaveLength(18);
    expect(enabled.Regions?.find((r) => r.RegionName === "af-south-1")).toEqual({
      RegionName: "af-south-1",
      Endpoint: "ec2.af-south-1.amazonaws.com",
      OptInStatus: "opted-in",
    });
    const all = await client.send(new DescribeRegionsCommand({ AllRegions: true }));
    expect(all.Regions).toHaveLength(DEFAULT_REGIONS.length + OPT_IN_REGIONS.length);
    expect(DEFAULT_REGIONS).toHaveLength(17);
    expect(all.Regions?.find((r) => r.RegionName === "me-south-1")?.OptInStatus).toBe("not-opted-in");
    const one = await client.send(new DescribeRegionsCommand({ RegionNames: ["eu-west-1"] }));
    expect(one.Regions?.map((r) => r.OptInStatus)).toEqual(["opt-in-not-required"]);
  });

  it("a region that is not enabled fails with AuthFailure", async () => {
    const error = await caught(() => ec2(sim.url, "me-south-1").send(new DescribeRegionsCommand({})));
    expect(error.name).toBe("AuthFailure");
    expect(error.$metadata?.httpStatusCode).toBe(401);
  });
});

describe("DescribeInstances", () => {
  it("the paginator returns every instance exactly once", async () => {
    const { instances, pages } = await allInstances("eu-west-1", 100);
    expect(instances).toHaveLength(2503);
    expect(new Set(instances.map((i) => i.InstanceId)).size).toBe(2503);
    expect(pages).toBe(26);
    const first = instances.find((i) => i.InstanceId === I_RUNNING);
    expect(first?.MetadataOptions).toEqual({
      State: "applied",
      HttpTokens: "optional",
      HttpPutResponseHopLimit: 1,
      HttpEndpoint: "enabled",
      HttpProtocolIpv6: "disabled",
      InstanceMetadataTags: "disabled",
    });
    expect(first?.State).toEqual({ Code: 16, Name: "running" });
    expect(first?.Tags).toEqual([
      { Key: "env", Value: "prod" },
      { Key: "team", Value: "web" },
    ]);
    expect(first?.LaunchTime).toBeInstanceOf(Date);
    expect(first?.Placement?.AvailabilityZone).toBe("eu-west-1a");
  });

  it("groups instances launched together into one reservation", async () => {
    const page = await ec2(sim.url, "eu-west-1").send(new DescribeInstancesCommand({ MaxResults: 1000 }));
    const sizes = (page.Reservations ?? []).map((r) => r.Instances?.length ?? 0);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(Math.max(...sizes)).toBeGreaterThan(1);
    expect(page.Reservations?.[0]?.OwnerId).toBe(ACCOUNT);
    expect(page.NextToken).toBeTypeOf("string");
  });

  it("filters: values OR-ed within a filter, filters AND-ed", async () => {
    const state = sim.state.region("eu-west-1");
    const expected = state?.instances.filter(
      (i) => (i.state === "stopped" || i.state === "stopping") && i.httpTokens === "optional",
    ).length;
    const { instances } = await allInstances("eu-west-1", 1000, [
      { Name: "instance-state-name", Values: ["stopped", "stopping"] },
      { Name: "metadata-options.http-tokens", Values: ["optional"] },
    ]);
    expect(instances.length).toBe(expected);
    expect(instances.length).toBeGreaterThan(0);
    const eks = await allInstances("eu-west-1", 1000, [{ Name: "tag-key", Values: ["k8s"] }]);
    expect(eks.instances.length).toBeGreaterThan(0);
    expect(eks.instances.length).toBe(
      state?.instances.filter((i) => i.tags.some((t) => t.key === "k8s")).length,
    );
    expect(eks.instances.every((i) => i.Tags?.some((t) => t.Key === "k8s"))).toBe(true);
    const prod = await allInstances("eu-west-1", 1000, [
      { Name: "tag:env", Values: ["prod"] },
      { Name: "metadata-options.http-endpoint", Values: ["enabled"] },
    ]);
    expect(prod.instances.length).toBeGreaterThan(0);
    expect(prod.instances.length).toBe(
      state?.instances.filter(
        (i) => i.tags.some((t) => t.key === "env" && t.value === "prod") && i.httpEndpoint === "enabled",
      ).length,
    );
  });

  it("refuses more than 200 values in one filter (FilterLimitExceeded), and takes 200", async () => {
    const client = ec2(sim.url, "eu-west-1");
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `i-fff${String(i).padStart(14, "0")}`);
    const over = await caught(() =>
      client.send(new DescribeInstancesCommand({ Filters: [{ Name: "instance-id", Values: ids(201) }] })),
    );
    expect([over.name, over.$metadata?.httpStatusCode]).toEqual(["FilterLimitExceeded", 400]);
    const at = await client.send(
      new DescribeInstancesCommand({ Filters: [{ Name: "instance-id", Values: [...ids(199), I_RUNNING] }] }),
    );
    expect(at.Reservations?.flatMap((r) => r.Instances ?? []).map((i) => i.InstanceId)).toEqual([I_RUNNING]);
  });

  it("validates MaxResults, NextToken, InstanceIds as AWS does", async () => {
    const client = ec2(sim.url, "eu-west-1");
    const small = await caught(() => client.send(new DescribeInstancesCommand({ MaxResults: 4 })));
    expect([small.name, small.$metadata?.httpStatusCode]).toEqual(["InvalidParameterValue", 400]);
    const both = await caught(() =>
      client.send(new DescribeInstancesCommand({ MaxResults: 5, InstanceIds: [I_RUNNING] })),
    );
    expect(both.name).toBe("InvalidParameterCombination");
    const token = await caught(() =>
      client.send(new DescribeInstancesCommand({ MaxResults: 5, NextToken: "garbage" })),
    );
    expect(token.name).toBe("InvalidParameterValue");
    const missing = await caught(() =>
      client.send(new DescribeInstancesCommand({ InstanceIds: ["i-0123456789abcdef0"] })),
    );
    expect([missing.name, missing.$metadata?.httpStatusCode]).toEqual(["InvalidInstanceID.NotFound", 400]);
    const byId = await client.send(new DescribeInstancesCommand({ InstanceIds: [I_STOPPED, I_TERMINATED] }));
    expect(byId.Reservations?.flatMap((r) => r.Instances?.map((i) => i.State?.Name))).toEqual([
      "stopped",
      "terminated",
    ]);
  });
});

describe("instance metadata defaults", () => {
  it("unset fields come back undefined; set ones as set", async () => {
    const none = await ec2(sim.url, "us-west-2").send(new GetInstanceMetadataDefaultsCommand({}));
    expect(none.AccountLevel).toEqual({});
    const set = await ec2(sim.url, "eu-west-1").send(new GetInstanceMetadataDefaultsCommand({}));
    expect(set.AccountLevel).toEqual({ HttpTokens: "required", HttpPutResponseHopLimit: 2 });
  });

  it("a region locked by a declarative policy shows ManagedBy and refuses changes", async () => {
    const client = ec2(sim.url, "eu-central-1");
    const locked = await client.send(new GetInstanceMetadataDefaultsCommand({}));
    expect(locked.AccountLevel?.ManagedBy).toBe("declarative-policy");
    expect(locked.AccountLevel?.ManagedExceptionMessage).toBe("Managed by the platform team");
    expect(locked.AccountLevel?.HttpTokensEnforced).toBe("enabled");
    const error = await caught(() =>
      client.send(new ModifyInstanceMetadataDefaultsCommand({ HttpTokens: "optional" })),
    );
    expect(error.name).toBe("OperationNotPermitted");
  });

  it("modify sets fields, no-preference and -1 remove them, bad values are InvalidParameterValue", async () => {
    const client = ec2(sim.url, "ap-south-1");
    const done = await client.send(
      new ModifyInstanceMetadataDefaultsCommand({ HttpTokens: "required", HttpPutResponseHopLimit: 2 }),
    );
    expect(done.Return).toBe(true);
    expect((await client.send(new GetInstanceMetadataDefaultsCommand({}))).AccountLevel).toEqual({
      HttpTokens: "required",
      HttpPutResponseHopLimit: 2,
    });
    await client.send(new ModifyInstanceMetadataDefaultsCommand({ HttpPutResponseHopLimit: -1 }));
    expect((await client.send(new GetInstanceMetadataDefaultsCommand({}))).AccountLevel).toEqual({
      HttpTokens: "required",
    });
    sim.resetThrottling();
    await client.send(new ModifyInstanceMetadataDefaultsCommand({ HttpTokens: "no-preference" }));
    expect((await client.send(new GetInstanceMetadataDefaultsCommand({}))).AccountLevel).toEqual({});
    const bad = await caught(() =>
      client.send(new ModifyInstanceMetadataDefaultsCommand({ HttpPutResponseHopLimit: 65 })),
    );
    expect([bad.name, bad.$metadata?.httpStatusCode]).toEqual(["InvalidParameterValue", 400]);
  });

  it("DryRun raises DryRunOperation and changes nothing", async () => {
    const client = ec2(sim.url, "eu-west-1");
    const error = await caught(() =>
      client.send(new ModifyInstanceMetadataDefaultsCommand({ HttpTokens: "optional", DryRun: true })),
    );
    expect([error.name, error.$metadata?.httpStatusCode]).toEqual(["DryRunOperation", 412]);
    expect((await client.send(new GetInstanceMetadataDefaultsCommand({}))).AccountLevel?.HttpTokens).toBe(
      "required",
    );
  });
});

describe("ModifyInstanceMetadataOptions", () => {
  it("changes only the fields given, pending then applied", async () => {
    // The clock stands still: the change stays pending until it is moved past appliedAfterMs (300).
    sim.clock.update({ fixed: true });
    const client = ec2(sim.url, "eu-west-1");
    const out = await client.send(
      new ModifyInstanceMetadataOptionsCommand({ InstanceId: I_RUNNING, HttpTokens: "required" }),
    );
    expect(out.InstanceId).toBe(I_RUNNING);
    expect(out.InstanceMetadataOptions).toMatchObject({
      State: "pending",
      HttpTokens: "required",
      HttpPutResponseHopLimit: 1,
    });
    const read = async () =>
      (await client.send(new DescribeInstancesCommand({ InstanceIds: [I_RUNNING] }))).Reservations?.[0]
        ?.Instances?.[0]?.MetadataOptions;
    expect(await read()).toMatchObject({ State: "pending", HttpTokens: "required", HttpEndpoint: "enabled" });
    sim.clock.update({ advanceMs: 299 });
    expect((await read())?.State).toBe("pending");
    sim.clock.update({ advanceMs: 1, fixed: false });
    expect(await read()).toEqual({
      State: "applied",
      HttpTokens: "required",
      HttpPutResponseHopLimit: 1,
      HttpEndpoint: "enabled",
      HttpProtocolIpv6: "disabled",
      InstanceMetadataTags: "disabled",
    });
  });

  it("works on stopped instances, refuses terminated ones and unknown ids", async () => {
    const client = ec2(sim.url, "eu-west-1");
    const stopped = await client.send(
      new ModifyInstanceMetadataOptionsCommand({ InstanceId: I_STOPPED, HttpPutResponseHopLimit: 2 }),
    );
    // Only the field given changes; the instance stays stopped (it applies at its next start).
    expect(stopped.InstanceMetadataOptions).toMatchObject({
      State: "pending",
      HttpPutResponseHopLimit: 2,
      HttpTokens: "optional",
    });
    const region = sim.state.region("eu-west-1");
    expect(region && sim.state.findInstance(region, I_STOPPED)?.state).toBe("stopped");
    const gone = await caught(() =>
      client.send(
        new ModifyInstanceMetadataOptionsCommand({ InstanceId: I_TERMINATED, HttpTokens: "required" }),
      ),
    );
    expect([gone.name, gone.$metadata?.httpStatusCode]).toEqual(["IncorrectInstanceState", 400]);
    const unknown = await caught(() =>
      client.send(
        new ModifyInstanceMetadataOptionsCommand({
          InstanceId: "i-0fffffffffffffff0",
          HttpTokens: "required",
        }),
      ),
    );
    expect(unknown.name).toBe("InvalidInstanceID.NotFound");
    const bad = await caught(() =>
      client.send(
        new ModifyInstanceMetadataOptionsCommand({ InstanceId: I_STOPPED, HttpPutResponseHopLimit: 0 }),
      ),
    );
    expect(bad.name).toBe("InvalidParameterValue");
  });

  it("a denied action is UnauthorizedOperation, with or without DryRun", async () => {
    const client = ec2(sim.url, "us-west-2");
    for (const DryRun of [false, true]) {
      const error = await caught(() =>
        client.send(
          new ModifyInstanceMetadataOptionsCommand({
            InstanceId: "i-0000000000000000a",
            HttpTokens: "required",
            DryRun,
          }),
        ),
      );
      expect([error.name, error.$metadata?.httpStatusCode]).toEqual(["UnauthorizedOperation", 403]);
    }
    expect(sim.state.region("us-west-2")?.instances[0]?.httpTokens).toBe("optional");
  });
});

describe("launch templates and AMIs", () => {
  it("$Default and $Latest of every template; MetadataOptions absent when the template sets none", async () => {
    const versions = [];
    for await (const page of paginateDescribeLaunchTemplateVersions(
      { client: ec2(sim.url, "eu-west-1"), pageSize: 1 },
      { Versions: ["$Default", "$Latest"] },
    )) {
      versions.push(...(page.LaunchTemplateVersions ?? []));
    }
    expect(versions.map((v) => [v.LaunchTemplateName, v.VersionNumber, v.DefaultVersion])).toEqual([
      ["inherits", 1, true],
      ["web", 1, true],
      ["web", 2, false],
      ["same", 1, true],
    ]);
    expect(versions[0]?.LaunchTemplateData?.MetadataOptions).toBeUndefined();
    expect(versions[2]?.LaunchTemplateData?.MetadataOptions).toEqual({
      HttpTokens: "required",
      HttpPutResponseHopLimit: 2,
    });
    expect(versions[0]?.CreateTime).toBeInstanceOf(Date);
    const error = await caught(() =>
      ec2(sim.url, "eu-west-1").send(
        new DescribeLaunchTemplateVersionsCommand({ Versions: ["$Latest"], MaxResults: 201 }),
      ),
    );
    expect(error.name).toBe("InvalidParameterValue");
  });

  it("DescribeImages Owners=self shows ImdsSupport only when set", async () => {
    const out = await ec2(sim.url, "eu-west-1").send(new DescribeImagesCommand({ Owners: ["self"] }));
    expect(out.Images?.map((i) => [i.Name, i.ImdsSupport, i.OwnerId, i.State])).toEqual([
      ["v2-only", "v2.0", ACCOUNT, "available"],
      ["legacy", undefined, ACCOUNT, "available"],
    ]);
    const denied = await caught(() =>
      ec2(sim.url, "us-east-2").send(new DescribeImagesCommand({ Owners: ["self"] })),
    );
    expect(denied.name).toBe("UnauthorizedOperation");
  });
});
