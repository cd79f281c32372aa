// Small inline scenarios for the simulator tests.

import { expect } from "vitest";
import { type Scenario, ScenarioError, validateScenario } from "../../src/sim/index.js";

/** The one-line error a bad scenario gets (fails the test when it is accepted). */
export function scenarioProblem(value: unknown): string {
  try {
    validateScenario(value);
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return (error as Error).message;
  }
  throw new Error("expected a validation error");
}

export const ACCOUNT = "111122223333";

export const I_RUNNING = "i-00000000000000001";
export const I_STOPPED = "i-00000000000000002";
export const I_TERMINATED = "i-00000000000000003";

export function testScenario(): Scenario {
  return {
    name: "test",
    accountId: ACCOUNT,
    optedInRegions: ["af-south-1"],
    regions: {
      "eu-west-1": {
        defaults: { httpTokens: "required", httpPutResponseHopLimit: 2 },
        instances: [
          {
            id: I_RUNNING,
            httpTokens: "optional",
            httpPutResponseHopLimit: 1,
            tags: { env: "prod", team: "web" },
          },
          { id: I_STOPPED, state: "stopped", httpTokens: "optional", tags: { env: "dev" } },
          { id: I_TERMINATED, state: "terminated" },
        ],
        generate: [
          {
            count: 2500,
            seed: 3,
            mix: [
              { weight: 3, httpTokens: "optional", tags: { env: ["prod", "dev"] } },
              {
                weight: 2,
                httpTokens: "required",
                httpPutResponseHopLimit: 2,
                tags: { env: "prod", k8s: "eks" },
              },
              { weight: 1, state: "stopped", httpEndpoint: "disabled" },
            ],
          },
        ],
        launchTemplates: [
          { name: "inherits", versions: [{}] },
          {
            name: "web",
            versions: [
              { metadataOptions: { httpTokens: "optional" } },
              { metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 2 } },
            ],
            defaultVersion: 1,
          },
          { name: "same", versions: [{ metadataOptions: { httpTokens: "required" } }] },
        ],
        images: [{ name: "v2-only", imdsSupport: "v2.0" }, { name: "legacy" }],
      },
      "eu-central-1": {
        defaults: { httpTokens: "required", httpPutResponseHopLimit: 2, httpTokensEnforced: "enabled" },
        lock: { message: "Managed by the platform team" },
      },
      "us-west-2": { instances: [{ id: "i-0000000000000000a" }] },
    },
    denied: {
      ModifyInstanceMetadataOptions: ["us-west-2"],
      DescribeImages: ["us-east-2"],
      GetCallerIdentity: ["us-east-2"],
    },
    controls: { appliedAfterMs: 300, throttle: { timeScale: 10 } },
  };
}

export const LT_WEB = "lt-0000000000000a001";
export const LT_BATCH = "lt-0000000000000a002";
export const SNAPSHOT = "snap-0123456789abcdef0";

/** One region's launch paths: templates with full launch data, groups of each kind, a launch configuration. */
export function launchScenario(): Scenario {
  return {
    name: "launch",
    accountId: ACCOUNT,
    regions: {
      "us-west-2": {
        defaults: { httpPutResponseHopLimit: 2 },
        images: [
          { id: "ami-0000000000000b001", name: "al2023", imdsSupport: "v2.0" },
          { id: "ami-0000000000000b002", name: "legacy" },
        ],
        launchTemplates: [
          {
            id: LT_WEB,
            name: "web",
            tags: { team: "web" },
            versions: [
              {
                imageId: "ami-0000000000000b002",
                instanceType: "m6i.large",
                keyName: "ops",
                userData: "IyEvYmluL3NoCg==",
                securityGroupIds: ["sg-0000000000000c001", "sg-0000000000000c002"],
                iamInstanceProfile: { name: "web-role" },
                blockDeviceMappings: [
                  {
                    deviceName: "/dev/xvda",
                    ebs: { volumeSize: 30, volumeType: "gp3", snapshotId: SNAPSHOT, encrypted: true },
                  },
                ],
                tagSpecifications: [{ resourceType: "instance", tags: { app: "web" } }],
                metadataOptions: {
                  httpTokens: "optional",
                  httpPutResponseHopLimit: 3,
                  instanceMetadataTags: "enabled",
                },
              },
            ],
          },
          {
            id: LT_BATCH,
            name: "batch",
            tags: { "aws:cloudformation:stack-name": "batch-stack" },
            versions: [
              { imageId: "ami-0000000000000b001" },
              { imageId: "ami-0000000000000b002", description: "v2" },
            ],
            defaultVersion: 1,
          },
        ],
        launchConfigurations: [
          {
            name: "legacy-lc",
            imageId: "ami-0000000000000b002",
            metadataOptions: { httpTokens: "optional" },
          },
        ],
        autoScalingGroups: [
          {
            name: "web-latest",
            launchTemplate: { name: "web", version: "$Latest" },
            desiredCapacity: 2,
            tags: { env: "prod" },
          },
          { name: "web-pinned", launchTemplate: { name: "web", version: "1" }, desiredCapacity: 1 },
          {
            name: "batch-mixed",
            mixedInstancesPolicy: {
              launchTemplate: { name: "batch", version: "$Default" },
              overrides: [
                { instanceType: "c6i.large" },
                { instanceType: "m6i.large", launchTemplate: { name: "web", version: "1" } },
              ],
            },
            desiredCapacity: 1,
          },
          { name: "legacy", launchConfigurationName: "legacy-lc", desiredCapacity: 1 },
          ...Array.from({ length: 7 }, (_, i) => ({
            name: `eks-nodes-${i}`,
            launchTemplate: { name: "batch" },
            tags: { "eks:cluster-name": "prod", "eks:nodegroup-name": `ng-${i}` },
          })),
        ],
      },
    },
  };
}
