// The Auto Scaling query API on the simulator, as the real SDK (@aws-sdk/client-auto-scaling) sees
// it: groups of every kind, paginated, with their instances and tags; launch configurations;
// UpdateAutoScalingGroup; denials, throttling and faults.
import {
  DescribeAutoScalingGroupsCommand,
  DescribeLaunchConfigurationsCommand,
  paginateDescribeAutoScalingGroups,
  UpdateAutoScalingGroupCommand,
} from "@aws-sdk/client-auto-scaling";
import { DescribeInstancesCommand } from "@aws-sdk/client-ec2";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../src/sim/index.js";
import { autoscaling, caught, ec2 } from "./clients.js";
import { ACCOUNT, LT_BATCH, LT_WEB, launchScenario } from "./fixtures.js";

let sim: Simulator;
const REGION = "us-west-2";
const asg = (maxAttempts = 1) => autoscaling(sim.url, REGION, maxAttempts);

beforeEach(async () => {
  sim = await startSimulator({ scenario: launchScenario() });
});
afterEach(() => sim.close());

async function group(name: string) {
  const out = await asg().send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }));
  return out.AutoScalingGroups?.[0];
}

describe("DescribeAutoScalingGroups", () => {
  it("pages through every group, MaxRecords at a time", async () => {
    const pages: string[][] = [];
    for await (const page of paginateDescribeAutoScalingGroups({ client: asg(), pageSize: 5 }, {})) {
      pages.push((page.AutoScalingGroups ?? []).map((g) => g.AutoScalingGroupName ?? ""));
    }
    expect(pages.map((p) => p.length)).toEqual([5, 5, 1]);
    expect(pages.flat().slice(0, 4)).toEqual(["web-latest", "web-pinned", "batch-mixed", "legacy"]);
    const e = await caught(() => asg().send(new DescribeAutoScalingGroupsCommand({ MaxRecords: 101 })));
    expect([e.name, e.$metadata?.httpStatusCode]).toEqual(["ValidationError", 400]);
    const bad = await caught(() => asg().send(new DescribeAutoScalingGroupsCommand({ NextToken: "nope" })));
    expect(bad.name).toBe("InvalidNextToken");
  });

  it("each kind of group: launch template and version, mixed instances policy, launch configuration", async () => {
    expect((await group("web-pinned"))?.LaunchTemplate).toEqual({
      LaunchTemplateId: LT_WEB,
      LaunchTemplateName: "web",
      Version: "1",
    });
    const mixed = await group("batch-mixed");
    expect(mixed?.LaunchTemplate).toBeUndefined();
    expect(mixed?.MixedInstancesPolicy?.LaunchTemplate).toEqual({
      LaunchTemplateSpecification: {
        LaunchTemplateId: LT_BATCH,
        LaunchTemplateName: "batch",
        Version: "$Default",
      },
      Overrides: [
        { InstanceType: "c6i.large" },
        {
          InstanceType: "m6i.large",
          LaunchTemplateSpecification: { LaunchTemplateId: LT_WEB, LaunchTemplateName: "web", Version: "1" },
        },
      ],
    });
    const legacy = await group("legacy");
    expect(legacy?.LaunchConfigurationName).toBe("legacy-lc");
    expect(legacy?.ServiceLinkedRoleARN).toContain(`arn:aws:iam::${ACCOUNT}:role/aws-service-role/`);
  });

  it("tags and tag filters; instances carry the tags AWS puts on them and the template's metadata options", async () => {
    const web = await group("web-latest");
    expect(web?.Tags).toEqual([
      {
        ResourceId: "web-latest",
        ResourceType: "auto-scaling-group",
        Key: "env",
        Value: "prod",
        PropagateAtLaunch: true,
      },
    ]);
    expect(web?.Instances?.map((i) => i.LaunchTemplate?.Version)).toEqual(["1", "1"]);
    const eks = await asg().send(
      new DescribeAutoScalingGroupsCommand({
        Filters: [{ Name: "tag-key", Values: ["eks:nodegroup-name"] }],
      }),
    );
    expect(eks.AutoScalingGroups).toHaveLength(7);
    const ids = (web?.Instances ?? []).map((i) => i.InstanceId ?? "");
    const described = await ec2(sim.url, REGION).send(new DescribeInstancesCommand({ InstanceIds: ids }));
    const instance = described.Reservations?.[0]?.Instances?.[0];
    expect(Object.fromEntries((instance?.Tags ?? []).map((t) => [t.Key, t.Value]))).toEqual({
      "aws:autoscaling:groupName": "web-latest",
      "aws:ec2launchtemplate:id": LT_WEB,
      "aws:ec2launchtemplate:version": "1",
      app: "web",
      env: "prod",
    });
    expect(instance?.MetadataOptions).toMatchObject({
      HttpTokens: "optional",
      HttpPutResponseHopLimit: 3,
      InstanceMetadataTags: "enabled",
    });
    // A group whose template sets nothing takes the account default (hop 2), then the AMI (v2.0: required).
    const mixedIds = ((await group("batch-mixed"))?.Instances ?? []).map((i) => i.InstanceId ?? "");
    const m = await ec2(sim.url, REGION).send(new DescribeInstancesCommand({ InstanceIds: mixedIds }));
    expect(m.Reservations?.[0]?.Instances?.[0]?.MetadataOptions).toMatchObject({
      HttpTokens: "required",
      HttpPutResponseHopLimit: 2,
    });
  });
});

describe("DescribeLaunchConfigurations", () => {
  it("lists them with their metadata options", async () => {
    const out = await asg().send(new DescribeLaunchConfigurationsCommand({}));
    expect(out.LaunchConfigurations?.map((c) => [c.LaunchConfigurationName, c.MetadataOptions])).toEqual([
      ["legacy-lc", { HttpTokens: "optional" }],
    ]);
    expect(out.LaunchConfigurations?.[0]?.LaunchConfigurationARN).toMatch(
      /^arn:aws:autoscaling:us-west-2:111122223333:launchConfiguration:[0-9a-f-]{36}:launchConfigurationName\/legacy-lc$/,
    );
  });
});

describe("UpdateAutoScalingGroup", () => {
  it("moves a group to another template version; running instances keep theirs", async () => {
    await asg().send(
      new UpdateAutoScalingGroupCommand({
        AutoScalingGroupName: "web-pinned",
        LaunchTemplate: { LaunchTemplateId: LT_WEB, Version: "$Latest" },
      }),
    );
    const g = await group("web-pinned");
    expect(g?.LaunchTemplate?.Version).toBe("$Latest");
    expect(g?.Instances?.[0]?.LaunchTemplate?.Version).toBe("1");
    await asg().send(
      new UpdateAutoScalingGroupCommand({
        AutoScalingGroupName: "batch-mixed",
        MixedInstancesPolicy: {
          LaunchTemplate: { LaunchTemplateSpecification: { LaunchTemplateName: "batch", Version: "2" } },
        },
      }),
    );
    const mixed = await group("batch-mixed");
    expect(mixed?.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification?.Version).toBe("2");
    expect(mixed?.MixedInstancesPolicy?.LaunchTemplate?.Overrides).toHaveLength(2);
  });

  it("refuses an unknown group, template version or parameter with ValidationError", async () => {
    const update = (input: ConstructorParameters<typeof UpdateAutoScalingGroupCommand>[0]) =>
      caught(() => asg().send(new UpdateAutoScalingGroupCommand(input)));
    const cases = await Promise.all([
      update({ AutoScalingGroupName: "nope", MinSize: 0 }),
      update({
        AutoScalingGroupName: "web-pinned",
        LaunchTemplate: { LaunchTemplateId: LT_WEB, Version: "9" },
      }),
      update({ AutoScalingGroupName: "web-pinned", HealthCheckType: "ELB" }),
      update({ AutoScalingGroupName: "web-pinned", MinSize: 5, MaxSize: 4 }),
    ]);
    for (const e of cases) expect([e.name, e.$metadata?.httpStatusCode]).toEqual(["ValidationError", 400]);
    expect(cases[0]?.message).toBe("AutoScalingGroup name not found - nope");
    expect((await group("web-pinned"))?.LaunchTemplate?.Version).toBe("1");
  });

  it("denied: AccessDenied (403); throttled: Throttling (400); faults: 503 retried", async () => {
    await sim.close();
    sim = await startSimulator({
      scenario: { ...launchScenario(), denied: { UpdateAutoScalingGroup: [REGION] } },
      controls: {
        throttle: { overrides: { DescribeLaunchConfigurations: { burst: 1, refillPerSecond: 0.001 } } },
        faults: [{ kind: "unavailable", count: 1, actions: ["DescribeAutoScalingGroups"] }],
      },
    });
    const denied = await caught(() =>
      asg().send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: "web-pinned", MinSize: 0 })),
    );
    expect([denied.name, denied.$metadata?.httpStatusCode]).toEqual(["AccessDenied", 403]);
    await asg().send(new DescribeLaunchConfigurationsCommand({}));
    const throttled = await caught(() => asg().send(new DescribeLaunchConfigurationsCommand({})));
    expect([throttled.name, throttled.$metadata?.httpStatusCode]).toEqual(["Throttling", 400]);
    const groups = await asg(3).send(new DescribeAutoScalingGroupsCommand({}));
    expect(groups.AutoScalingGroups?.length).toBe(11);
    expect(sim.log.count({ action: "DescribeAutoScalingGroups", code: "ServiceUnavailable" })).toBe(1);
  });
});
