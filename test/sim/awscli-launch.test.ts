// Launch templates and Auto Scaling through botocore (the AWS CLI): every reply the launch paths
// need must read the same as through the JS SDK, writes included. Skipped when `aws` is not installed.
import {
  DescribeAutoScalingGroupsCommand,
  DescribeLaunchConfigurationsCommand,
} from "@aws-sdk/client-auto-scaling";
import { DescribeLaunchTemplatesCommand, DescribeLaunchTemplateVersionsCommand } from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../src/sim/index.js";
import { awsCli, hasAwsCli, normalize } from "./aws-cli.js";
import { autoscaling, ec2 } from "./clients.js";
import { LT_WEB, launchScenario } from "./fixtures.js";

let sim: Simulator;
const REGION = "us-west-2";
const aws = (...args: string[]) => awsCli(sim.url, REGION, args);
type Case = [string, () => Promise<unknown>, () => Promise<unknown>];

describe.skipIf(!hasAwsCli)("launch paths through the AWS CLI (skipped: `aws` not on PATH)", () => {
  beforeAll(async () => {
    sim = await startSimulator({ scenario: launchScenario(), controls: { throttle: { enabled: false } } });
  });
  afterAll(() => sim.close());

  it("reads: templates, every version's launch data, groups of every kind, launch configurations", async () => {
    const cases: Case[] = [
      [
        "describe-launch-templates",
        () => aws("ec2", "describe-launch-templates"),
        () => ec2(sim.url, REGION).send(new DescribeLaunchTemplatesCommand({})),
      ],
      [
        "describe-launch-template-versions (one template, every version)",
        () => aws("ec2", "describe-launch-template-versions", "--launch-template-id", LT_WEB),
        () =>
          ec2(sim.url, REGION).send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: LT_WEB })),
      ],
      [
        "describe-auto-scaling-groups",
        () => aws("autoscaling", "describe-auto-scaling-groups"),
        () => autoscaling(sim.url, REGION).send(new DescribeAutoScalingGroupsCommand({})),
      ],
      [
        "describe-launch-configurations",
        () => aws("autoscaling", "describe-launch-configurations"),
        () => autoscaling(sim.url, REGION).send(new DescribeLaunchConfigurationsCommand({})),
      ],
    ];
    const results = await Promise.all(
      cases.map(async ([name, cli, sdk]) => [name, await cli(), await sdk()] as const),
    );
    for (const [name, cli, sdk] of results) expect(normalize(cli), name).toEqual(normalize(sdk));
    const groups = results[2]?.[1] as { AutoScalingGroups?: unknown[] } | undefined;
    expect(groups?.AutoScalingGroups).toHaveLength(11);
  });

  it("pagination: botocore follows NextToken through DescribeAutoScalingGroups pages of 3", async () => {
    const cli = (await aws("autoscaling", "describe-auto-scaling-groups", "--page-size", "3")) as {
      AutoScalingGroups: { AutoScalingGroupName: string }[];
    };
    expect(cli.AutoScalingGroups.map((g) => g.AutoScalingGroupName)).toHaveLength(11);
    expect(
      sim.log.snapshot().recent.filter((e) => e.action === "DescribeAutoScalingGroups").length,
    ).toBeGreaterThanOrEqual(4);
  });

  it("writes: a version from a source, the default, a group's version, as botocore sends them", async () => {
    const created = (await aws(
      "ec2",
      "create-launch-template-version",
      "--launch-template-id",
      LT_WEB,
      "--source-version",
      "1",
      "--launch-template-data",
      JSON.stringify({ MetadataOptions: { HttpTokens: "required", HttpPutResponseHopLimit: 3 } }),
    )) as { LaunchTemplateVersion: { VersionNumber: number } };
    expect(created.LaunchTemplateVersion.VersionNumber).toBe(2);
    await aws("ec2", "modify-launch-template", "--launch-template-id", LT_WEB, "--default-version", "2");
    await aws(
      "autoscaling",
      "update-auto-scaling-group",
      "--auto-scaling-group-name",
      "web-pinned",
      "--launch-template",
      `LaunchTemplateId=${LT_WEB},Version=2`,
    );
    const v = await ec2(sim.url, REGION).send(
      new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: LT_WEB, Versions: ["$Default"] }),
    );
    expect(v.LaunchTemplateVersions?.[0]?.VersionNumber).toBe(2);
    expect(v.LaunchTemplateVersions?.[0]?.LaunchTemplateData?.MetadataOptions).toEqual({
      HttpTokens: "required",
      HttpPutResponseHopLimit: 3,
    });
    const g = await autoscaling(sim.url, REGION).send(
      new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ["web-pinned"] }),
    );
    expect(g.AutoScalingGroups?.[0]?.LaunchTemplate?.Version).toBe("2");
  });
});
