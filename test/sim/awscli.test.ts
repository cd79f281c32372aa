// A second, independent client: the AWS CLI (botocore) must read the simulator exactly as the
// JS SDK does. Skipped when `aws` is not installed.

import {
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeRegionsCommand,
  GetInstanceMetadataDefaultsCommand,
} from "@aws-sdk/client-ec2";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../src/sim/index.js";
import { awsCli, hasAwsCli, normalize } from "./aws-cli.js";
import { ec2, rawReply, sts } from "./clients.js";

/** Leaf elements of an XML reply: `<a>text</a>` and `<a/>`. */
function xmlLeaves(xml: string): number {
  return (xml.match(/<([A-Za-z]\w*)>[^<]*<\/\1>|<[A-Za-z]\w*\/>/g) ?? []).length;
}

/** Values in parsed output: scalars, and empty lists (what `<a/>` lists become). */
function jsonLeaves(value: unknown): number {
  if (Array.isArray(value)) return value.length === 0 ? 1 : value.reduce((n, v) => n + jsonLeaves(v), 0);
  if (value && typeof value === "object") return Object.values(value).reduce((n, v) => n + jsonLeaves(v), 0);
  return 1;
}

let sim: Simulator;

/** An Amazon Linux 2023 AMI in the demo's us-east-1: Amazon's, public, ImdsSupport v2.0. */
const AMAZON_AL2023 = "ami-0a7d80731ae1b2435";

const aws = (region: string, ...args: string[]) => awsCli(sim.url, region, args);

describe.skipIf(!hasAwsCli)("AWS CLI reads the same data as the JS SDK (skipped: `aws` not on PATH)", () => {
  beforeAll(async () => {
    sim = await startSimulator({ scenario: "demo", controls: { throttle: { enabled: false } } });
  });
  afterAll(() => sim.close());

  it("every read operation, in parallel", async () => {
    const cases: Array<[string, () => Promise<unknown>, () => Promise<unknown>]> = [
      [
        "describe-regions",
        () => aws("us-east-1", "ec2", "describe-regions"),
        () => ec2(sim.url, "us-east-1").send(new DescribeRegionsCommand({})),
      ],
      [
        "describe-regions --all-regions",
        () => aws("us-east-1", "ec2", "describe-regions", "--all-regions"),
        () => ec2(sim.url, "us-east-1").send(new DescribeRegionsCommand({ AllRegions: true })),
      ],
      [
        "describe-instances",
        () => aws("us-east-1", "ec2", "describe-instances"),
        () => ec2(sim.url, "us-east-1").send(new DescribeInstancesCommand({})),
      ],
      ...["us-east-1", "us-east-2", "eu-west-1"].map(
        (r) =>
          [
            `get-instance-metadata-defaults ${r}`,
            () => aws(r, "ec2", "get-instance-metadata-defaults"),
            () => ec2(sim.url, r).send(new GetInstanceMetadataDefaultsCommand({})),
          ] as [string, () => Promise<unknown>, () => Promise<unknown>],
      ),
      [
        "describe-launch-template-versions",
        () =>
          aws("us-east-1", "ec2", "describe-launch-template-versions", "--versions", "$Default", "$Latest"),
        () =>
          ec2(sim.url, "us-east-1").send(
            new DescribeLaunchTemplateVersionsCommand({ Versions: ["$Default", "$Latest"] }),
          ),
      ],
      [
        "describe-images",
        () => aws("us-east-1", "ec2", "describe-images", "--owners", "self"),
        () => ec2(sim.url, "us-east-1").send(new DescribeImagesCommand({ Owners: ["self"] })),
      ],
      [
        "describe-images --image-ids (Amazon's public AMI, and one of the account's)",
        () =>
          aws("us-east-1", "ec2", "describe-images", "--image-ids", AMAZON_AL2023, "ami-0f1e2d3c4b5a60001"),
        () =>
          ec2(sim.url, "us-east-1").send(
            new DescribeImagesCommand({ ImageIds: [AMAZON_AL2023, "ami-0f1e2d3c4b5a60001"] }),
          ),
      ],
      [
        "sts get-caller-identity",
        () => aws("eu-west-1", "sts", "get-caller-identity"),
        () => sts(sim.url, "eu-west-1").send(new GetCallerIdentityCommand({})),
      ],
    ];
    const results = await Promise.all(
      cases.map(async ([name, cli, sdk]) => [name, await cli(), await sdk()] as const),
    );
    for (const [name, cli, sdk] of results) {
      expect(normalize(cli), name).toEqual(normalize(sdk));
    }
    const locked = results.find(([name]) => name === "get-instance-metadata-defaults eu-west-1")?.[1];
    expect(locked).toMatchObject({
      AccountLevel: { ManagedBy: "declarative-policy", HttpTokens: "required" },
    });
    const unset = results.find(([name]) => name === "get-instance-metadata-defaults us-east-2")?.[1];
    expect(unset).toEqual({ AccountLevel: {} });
  }, 240_000);

  it("HttpTokensEnforced: botocore reads UnsupportedOperation for optional on a required instance", async () => {
    const region = sim.state.region("eu-north-1");
    const required = region?.instances.find((i) => i.httpTokens === "required" && i.state === "running");
    expect(region?.defaults.httpTokensEnforced).toBe("enabled");
    const error = await aws(
      "eu-north-1",
      "ec2",
      "modify-instance-metadata-options",
      "--instance-id",
      required?.id ?? "",
      "--http-tokens",
      "optional",
    ).catch((e: { stderr?: string }) => e.stderr ?? "");
    expect(error).toMatch(
      /An error occurred \(UnsupportedOperation\) when calling the ModifyInstanceMetadataOptions operation: You can't launch instances with IMDSv1 because httpTokensEnforced is enabled/,
    );
    expect(required?.httpTokens).toBe("required");
  }, 120_000);

  it("botocore reads every element of the realistic replies (none is unknown to its shapes)", async () => {
    const cases: Array<[string, string, () => Promise<unknown>]> = [
      [
        "describe-instances",
        "Action=DescribeInstances&Version=2016-11-15",
        () => aws("us-east-1", "ec2", "describe-instances"),
      ],
      [
        "describe-launch-template-versions",
        "Action=DescribeLaunchTemplateVersions&Version=2016-11-15&LaunchTemplateVersion.1=%24Default&LaunchTemplateVersion.2=%24Latest",
        () =>
          aws("us-east-1", "ec2", "describe-launch-template-versions", "--versions", "$Default", "$Latest"),
      ],
    ];
    for (const [name, query, cli] of cases) {
      const [xml, parsed] = await Promise.all([rawReply(sim.url, "us-east-1", query), cli()]);
      // Every leaf the simulator wrote (requestId aside) is a value in botocore's output.
      const written = xmlLeaves(xml) - 1;
      expect(written, name).toBeGreaterThan(100);
      expect(jsonLeaves(parsed), name).toBe(written);
    }
  });

  it("paginated describe-instances with filters (NextToken round trip through botocore)", async () => {
    const instancesOf = (out: unknown) =>
      ((out as { Reservations?: Array<{ Instances?: unknown[] }> }).Reservations ?? []).flatMap(
        (r) => r.Instances ?? [],
      );
    const filters = [
      { Name: "tag:env", Values: ["prod"] },
      { Name: "instance-state-name", Values: ["running"] },
    ];
    const [cli, sdk] = await Promise.all([
      aws(
        "us-east-1",
        "ec2",
        "describe-instances",
        "--page-size",
        "5",
        "--filters",
        "Name=tag:env,Values=prod",
        "Name=instance-state-name,Values=running",
      ),
      ec2(sim.url, "us-east-1").send(new DescribeInstancesCommand({ Filters: filters })),
    ]);
    expect(instancesOf(cli).length).toBeGreaterThan(10);
    expect(normalize(instancesOf(cli))).toEqual(normalize(instancesOf(sdk)));
  });
});
