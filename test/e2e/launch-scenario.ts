// The launch-path scenario the e2e tests share: one region with an Auto Scaling group of every kind
// over launch templates of every owner (the account, EKS, Elastic Beanstalk, a launch configuration).
import { type Scenario, validateScenario } from "../../src/sim/index.js";
import { buildState } from "../../src/sim/scenario/generate.js";
import { type LaunchSnapshot, launchSnapshot } from "./launch-state.js";

export const R = "us-west-2";
const T0 = Date.UTC(2026, 10, 22, 10, 0, 0);
const AMAZON = "137112412989";
const AL2023 = "ami-0a7d80731ae1b2435";
const GOLDEN = "ami-0c0ffee0c0ffee001";

/** One region with a group of every kind over templates of every owner. */
export const SCENARIO: Scenario = {
  accountId: "111122223333",
  clock: { at: T0, fixed: true },
  controls: { appliedAfterMs: 0 },
  regions: {
    [R]: {
      images: [
        { id: GOLDEN, name: "web-golden" },
        { id: AL2023, name: "al2023", ownerId: AMAZON, public: true, imdsSupport: "v2.0" },
      ],
      launchTemplates: [
        {
          id: "lt-0000000000000a001",
          name: "web",
          tags: { team: "web" },
          versions: [
            {
              imageId: GOLDEN,
              instanceType: "m6i.large",
              keyName: "ops",
              userData: "IyEvYmluL3NoCg==",
              securityGroupIds: ["sg-0000000000000c001"],
              iamInstanceProfile: { name: "web" },
              blockDeviceMappings: [
                {
                  deviceName: "/dev/xvda",
                  ebs: { snapshotId: "snap-0000000000000d001", volumeSize: 40, volumeType: "gp3" },
                },
              ],
              tagSpecifications: [{ resourceType: "instance", tags: { app: "web" } }],
              metadataOptions: {
                httpTokens: "optional",
                httpPutResponseHopLimit: 2,
                instanceMetadataTags: "enabled",
              },
            },
          ],
        },
        {
          id: "lt-0000000000000a002",
          name: "ml-gpu",
          versions: [{ imageId: GOLDEN, metadataOptions: { httpTokens: "optional" } }],
        },
        { id: "lt-0000000000000a003", name: "batch", versions: [{ imageId: AL2023 }] },
        {
          id: "lt-0000000000000a004",
          name: "eks-ng",
          tags: { "eks:cluster-name": "prod", "eks:nodegroup-name": "ng-1" },
          versions: [
            { imageId: GOLDEN, metadataOptions: { httpTokens: "optional", httpPutResponseHopLimit: 2 } },
          ],
        },
        {
          id: "lt-0000000000000a005",
          name: "awseb-web",
          tags: {
            "elasticbeanstalk:environment-name": "web-prod",
            "aws:cloudformation:stack-name": "awseb-stack",
          },
          versions: [{ imageId: GOLDEN, metadataOptions: { httpTokens: "optional" } }],
        },
      ],
      launchConfigurations: [
        { name: "reports-lc", imageId: GOLDEN, metadataOptions: { httpTokens: "optional" } },
      ],
      autoScalingGroups: [
        { name: "web", launchTemplate: { name: "web", version: "$Latest" }, desiredCapacity: 2 },
        { name: "ml", launchTemplate: { name: "ml-gpu", version: "1" }, desiredCapacity: 1 },
        {
          name: "batch",
          mixedInstancesPolicy: {
            launchTemplate: { name: "batch", version: "$Default" },
            overrides: [{ instanceType: "c6i.large" }],
          },
          desiredCapacity: 1,
        },
        { name: "reports", launchConfigurationName: "reports-lc", desiredCapacity: 1 },
        {
          name: "eks-ng-1",
          launchTemplate: { name: "eks-ng", version: "1" },
          desiredCapacity: 1,
          tags: { "eks:cluster-name": "prod", "eks:nodegroup-name": "ng-1" },
        },
        {
          name: "awseb-web-asg",
          launchTemplate: { name: "awseb-web", version: "$Latest" },
          desiredCapacity: 1,
          tags: {
            "elasticbeanstalk:environment-name": "web-prod",
            "aws:cloudformation:stack-name": "awseb-stack",
          },
        },
      ],
    },
  },
};

/** What a scenario's launch paths are before any run: the oracle a case compares with. */
export function initialLaunchPaths(scenario: Scenario, region = R): LaunchSnapshot {
  return launchSnapshot(buildState(validateScenario(scenario), T0), region);
}

/** enforce --launch-templates on the scenario's region, journaled to `journal`. */
export const launchEnforceArgs = (sim: { url: string }, journal: string, ...more: string[]) => [
  "enforce",
  "--endpoint-url",
  sim.url,
  "--regions",
  R,
  "--launch-templates",
  "--yes",
  "--journal",
  journal,
  ...more,
];

/** rollback --delete-created of `journal`, its own journal to `undo`. */
export const launchRollbackArgs = (sim: { url: string }, journal: string, undo: string) => [
  "rollback",
  journal,
  "--endpoint-url",
  sim.url,
  "--yes",
  "--delete-created",
  "--journal",
  undo,
];
