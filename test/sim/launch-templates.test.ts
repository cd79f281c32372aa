// Launch templates on the simulator, as the real SDK sees them: the template list with tags, full
// launch data, new versions from a source version (what SourceVersion carries over and what it does
// not), the default version, deleting versions; DryRun, denials and throttling.
import {
  CreateLaunchTemplateVersionCommand,
  DeleteLaunchTemplateVersionsCommand,
  DescribeLaunchTemplatesCommand,
  DescribeLaunchTemplateVersionsCommand,
  ModifyLaunchTemplateCommand,
  paginateDescribeLaunchTemplates,
} from "@aws-sdk/client-ec2";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../src/sim/index.js";
import { caught, ec2 } from "./clients.js";
import { ACCOUNT, LT_BATCH, LT_WEB, launchScenario, SNAPSHOT } from "./fixtures.js";

let sim: Simulator;
const REGION = "us-west-2";
const client = () => ec2(sim.url, REGION, { maxAttempts: 1 });

beforeEach(async () => {
  sim = await startSimulator({ scenario: launchScenario() });
});
afterEach(() => sim.close());

async function version(id: string, v: string) {
  const out = await client().send(
    new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: id, Versions: [v] }),
  );
  return out.LaunchTemplateVersions?.[0];
}

describe("DescribeLaunchTemplates", () => {
  it("lists templates with tags and default and latest version numbers, by id, name and tag filter", async () => {
    const all = await client().send(new DescribeLaunchTemplatesCommand({}));
    expect(
      all.LaunchTemplates?.map((t) => [t.LaunchTemplateName, t.DefaultVersionNumber, t.LatestVersionNumber]),
    ).toEqual([
      ["web", 1, 1],
      ["batch", 1, 2],
    ]);
    expect(all.LaunchTemplates?.[0]?.Tags).toEqual([{ Key: "team", Value: "web" }]);
    expect(all.LaunchTemplates?.[0]?.CreatedBy).toBe(`arn:aws:iam::${ACCOUNT}:root`);
    const byName = await client().send(
      new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: ["batch"] }),
    );
    expect(byName.LaunchTemplates?.map((t) => t.LaunchTemplateId)).toEqual([LT_BATCH]);
    const byTag = await client().send(
      new DescribeLaunchTemplatesCommand({
        Filters: [{ Name: "tag-key", Values: ["aws:cloudformation:*"] }],
      }),
    );
    expect(byTag.LaunchTemplates?.map((t) => t.LaunchTemplateName)).toEqual(["batch"]);
  });

  it("paginates with MaxResults, and an unknown id is InvalidLaunchTemplateId.NotFound", async () => {
    const names: string[] = [];
    for await (const page of paginateDescribeLaunchTemplates({ client: client(), pageSize: 1 }, {})) {
      expect(page.LaunchTemplates?.length).toBe(1);
      names.push(...(page.LaunchTemplates ?? []).map((t) => t.LaunchTemplateName ?? ""));
    }
    expect(names).toEqual(["web", "batch"]);
    const e = await caught(() =>
      client().send(new DescribeLaunchTemplatesCommand({ LaunchTemplateIds: ["lt-0000000000000ffff"] })),
    );
    expect(e.name).toBe("InvalidLaunchTemplateId.NotFound");
  });
});

describe("CreateLaunchTemplateVersion", () => {
  it("from a source version: inherits every parameter but block device snapshots; a MetadataOptions given replaces the source's whole", async () => {
    const out = await client().send(
      new CreateLaunchTemplateVersionCommand({
        LaunchTemplateId: LT_WEB,
        SourceVersion: "1",
        VersionDescription: "imds test",
        LaunchTemplateData: { MetadataOptions: { HttpTokens: "required" } },
      }),
    );
    expect(out.LaunchTemplateVersion?.VersionNumber).toBe(2);
    expect(out.LaunchTemplateVersion?.DefaultVersion).toBe(false);
    const source = (await version(LT_WEB, "1"))?.LaunchTemplateData;
    const created = (await version(LT_WEB, "$Latest"))?.LaunchTemplateData;
    expect(source?.BlockDeviceMappings?.[0]?.Ebs?.SnapshotId).toBe(SNAPSHOT);
    expect(created?.BlockDeviceMappings).toEqual([
      { DeviceName: "/dev/xvda", Ebs: { Encrypted: true, VolumeSize: 30, VolumeType: "gp3" } },
    ]);
    expect(created?.MetadataOptions).toEqual({ HttpTokens: "required" });
    const { BlockDeviceMappings: _a, MetadataOptions: _b, ...sourceRest } = source ?? {};
    const { BlockDeviceMappings: _c, MetadataOptions: _d, ...createdRest } = created ?? {};
    expect(createdRest).toEqual(sourceRest);
    expect(sourceRest).toMatchObject({
      ImageId: "ami-0000000000000b002",
      KeyName: "ops",
      SecurityGroupIds: ["sg-0000000000000c001", "sg-0000000000000c002"],
      IamInstanceProfile: { Name: "web-role" },
      TagSpecifications: [{ ResourceType: "instance", Tags: [{ Key: "app", Value: "web" }] }],
    });
  });

  it("keeps snapshots that are given explicitly", async () => {
    const source = (await version(LT_WEB, "1"))?.LaunchTemplateData;
    await client().send(
      new CreateLaunchTemplateVersionCommand({
        LaunchTemplateId: LT_WEB,
        SourceVersion: "1",
        LaunchTemplateData: {
          BlockDeviceMappings: source?.BlockDeviceMappings,
          MetadataOptions: { ...source?.MetadataOptions, HttpTokens: "required" },
        },
      }),
    );
    const created = (await version(LT_WEB, "2"))?.LaunchTemplateData;
    expect(created?.BlockDeviceMappings).toEqual(source?.BlockDeviceMappings);
    expect(created?.MetadataOptions).toEqual({ ...source?.MetadataOptions, HttpTokens: "required" });
  });

  it("a version made from a typical one (realistic replies pad it) carries the typical data over; what it sets wins", async () => {
    const source = (await version(LT_BATCH, "1"))?.LaunchTemplateData;
    expect(source?.KeyName).toBe("ops-2024");
    await client().send(
      new CreateLaunchTemplateVersionCommand({
        LaunchTemplateId: LT_BATCH,
        SourceVersion: "1",
        LaunchTemplateData: {
          BlockDeviceMappings: source?.BlockDeviceMappings,
          KeyName: "batch-key",
          MetadataOptions: { HttpTokens: "required" },
        },
      }),
    );
    const created = (await version(LT_BATCH, "3"))?.LaunchTemplateData;
    const { KeyName: _a, MetadataOptions: _b, ...sourceRest } = source ?? {};
    const { KeyName: keyName, MetadataOptions: _d, ...createdRest } = created ?? {};
    expect(keyName).toBe("batch-key");
    expect(createdRest).toEqual(sourceRest);
    expect(Object.keys(createdRest)).toEqual(expect.arrayContaining(["UserData", "SecurityGroupIds"]));
  });

  it("a repeated ClientToken returns the first version; DryRun, a denial and an unknown parameter create nothing", async () => {
    const make = (token: string) =>
      client().send(
        new CreateLaunchTemplateVersionCommand({
          LaunchTemplateName: "batch",
          SourceVersion: "$Default",
          ClientToken: token,
          LaunchTemplateData: { MetadataOptions: { HttpTokens: "required" } },
        }),
      );
    expect((await make("t1")).LaunchTemplateVersion?.VersionNumber).toBe(3);
    expect((await make("t1")).LaunchTemplateVersion?.VersionNumber).toBe(3);
    const dry = await caught(() =>
      client().send(
        new CreateLaunchTemplateVersionCommand({
          LaunchTemplateId: LT_BATCH,
          DryRun: true,
          LaunchTemplateData: { MetadataOptions: { HttpTokens: "required" } },
        }),
      ),
    );
    expect([dry.name, dry.$metadata?.httpStatusCode]).toEqual(["DryRunOperation", 412]);
    const missing = await caught(() =>
      client().send(
        new CreateLaunchTemplateVersionCommand({
          LaunchTemplateId: LT_BATCH,
          SourceVersion: "9",
          LaunchTemplateData: { MetadataOptions: { HttpTokens: "required" } },
        }),
      ),
    );
    expect(missing.name).toBe("InvalidLaunchTemplateId.VersionNotFound");
    const unknown = await caught(() =>
      client().send(
        new CreateLaunchTemplateVersionCommand({
          LaunchTemplateId: LT_BATCH,
          LaunchTemplateData: { DisableApiStop: true },
        }),
      ),
    );
    expect(unknown.name).toBe("UnknownParameter");
    const t = await client().send(new DescribeLaunchTemplatesCommand({ LaunchTemplateIds: [LT_BATCH] }));
    expect(t.LaunchTemplates?.[0]?.LatestVersionNumber).toBe(3);
  });
});

describe("ModifyLaunchTemplate and DeleteLaunchTemplateVersions", () => {
  it("sets the default version; a version that does not exist is VersionNotFound", async () => {
    const out = await client().send(
      new ModifyLaunchTemplateCommand({ LaunchTemplateId: LT_BATCH, DefaultVersion: "2" }),
    );
    expect(out.LaunchTemplate?.DefaultVersionNumber).toBe(2);
    expect((await version(LT_BATCH, "$Default"))?.VersionNumber).toBe(2);
    const e = await caught(() =>
      client().send(new ModifyLaunchTemplateCommand({ LaunchTemplateId: LT_BATCH, DefaultVersion: "7" })),
    );
    expect(e.name).toBe("InvalidLaunchTemplateId.VersionNotFound");
  });

  it("deletes versions but never the default, and never reuses a number", async () => {
    const out = await client().send(
      new DeleteLaunchTemplateVersionsCommand({ LaunchTemplateId: LT_BATCH, Versions: ["2", "1"] }),
    );
    expect(out.SuccessfullyDeletedLaunchTemplateVersions?.map((v) => v.VersionNumber)).toEqual([2]);
    expect(out.UnsuccessfullyDeletedLaunchTemplateVersions?.[0]).toMatchObject({
      VersionNumber: 1,
      ResponseError: { Code: "unexpectedError" },
    });
    const next = await client().send(
      new CreateLaunchTemplateVersionCommand({
        LaunchTemplateId: LT_BATCH,
        LaunchTemplateData: { ImageId: "ami-0000000000000b001" },
      }),
    );
    expect(next.LaunchTemplateVersion?.VersionNumber).toBe(3);
  });

  it("denied: UnauthorizedOperation, also for DryRun; throttled: RequestLimitExceeded (mutating bucket)", async () => {
    await sim.close();
    sim = await startSimulator({
      scenario: { ...launchScenario(), denied: { ModifyLaunchTemplate: [REGION] } },
      controls: {
        throttle: { overrides: { CreateLaunchTemplateVersion: { burst: 1, refillPerSecond: 0.001 } } },
      },
    });
    for (const DryRun of [true, false]) {
      const e = await caught(() =>
        client().send(
          new ModifyLaunchTemplateCommand({ LaunchTemplateId: LT_BATCH, DefaultVersion: "2", DryRun }),
        ),
      );
      expect([e.name, e.$metadata?.httpStatusCode]).toEqual(["UnauthorizedOperation", 403]);
    }
    const create = () =>
      client().send(
        new CreateLaunchTemplateVersionCommand({
          LaunchTemplateId: LT_BATCH,
          LaunchTemplateData: { ImageId: "ami-0000000000000b001" },
        }),
      );
    await create();
    const e = await caught(create);
    expect([e.name, e.$metadata?.httpStatusCode]).toEqual(["RequestLimitExceeded", 503]);
    expect(sim.log.count({ action: "CreateLaunchTemplateVersion", code: "RequestLimitExceeded" })).toBe(1);
  });
});
