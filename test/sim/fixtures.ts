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
