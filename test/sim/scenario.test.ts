// Scenario files: clear validation errors, shipped scenarios, deterministic generation.

import { describe, expect, it } from "vitest";
import { startSimulator } from "../../src/sim/index.js";
import { buildState } from "../../src/sim/scenario/generate.js";
import { loadScenario } from "../../src/sim/scenario/load.js";
import { validateScenario } from "../../src/sim/scenario/validate.js";
import { scenarioProblem } from "./fixtures.js";

const account = "123456789012";

describe("scenario validation", () => {
  it.each([
    [{}, "scenario.accountId: must be a 12-digit account id (got nothing)"],
    [
      { accountId: account, regions: { "eu-west-1": { defaults: { httpTokens: "always" } } } },
      'scenario.regions.eu-west-1.defaults.httpTokens: must be optional|required (got "always")',
    ],
    [
      { accountId: account, regions: { "eu-west-1": { defaults: { httpPutResponseHopLimit: 65 } } } },
      "scenario.regions.eu-west-1.defaults.httpPutResponseHopLimit: must be an integer from 1 to 64 (got 65)",
    ],
    [
      { accountId: account, regions: { "mars-1": {} } },
      'scenario.regions.mars-1: must be an AWS commercial region name or "*" (got "mars-1")',
    ],
    [
      { accountId: account, regions: { "me-south-1": {} } },
      "scenario.regions.me-south-1: opt-in region is not enabled; add it to scenario.optedInRegions",
    ],
    [
      { accountId: account, regions: { "us-east-1": { instances: [{ state: "sleeping" }] } } },
      'scenario.regions.us-east-1.instances[0].state: must be pending|running|stopping|stopped|shutting-down|terminated (got "sleeping")',
    ],
    [
      { accountId: account, regions: { "us-east-1": { generate: [{ count: 5, mix: [] }] } } },
      "scenario.regions.us-east-1.generate[0].mix: must be a non-empty array (got [])",
    ],
    [
      { accountId: account, regions: { "us-east-1": { instanceCount: 3 } } },
      "scenario.regions.us-east-1.instanceCount: unknown field (allowed: defaults, lock, instances, generate, launchTemplates, images, autoScalingGroups, launchConfigurations)",
    ],
    [
      { accountId: account, optedInRegions: ["us-east-1"] },
      'scenario.optedInRegions[0]: must be an opt-in region (default regions are always enabled) (got "us-east-1")',
    ],
    [
      {
        accountId: account,
        regions: { "us-east-1": { generate: [{ count: 1, mix: [{ tags: { a: [] } }] }] } },
      },
      "scenario.regions.us-east-1.generate[0].mix[0].tags.a: must be a string or a non-empty array of strings (got [])",
    ],
    [
      { accountId: account, regions: { "us-east-1": { generate: [{ count: 1, mix: [{ weight: 0 }] }] } } },
      'scenario.regions.us-east-1.generate[0].mix: must be an array with a positive weight (got [{"weight":0}])',
    ],
    [
      {
        accountId: account,
        regions: { "us-east-1": { launchTemplates: [{ name: "web", versions: [{}], defaultVersion: 2 }] } },
      },
      "scenario.regions.us-east-1.launchTemplates[0].defaultVersion: must name one of the 1 versions (got 2)",
    ],
    [
      { accountId: account, regions: { "us-east-1": { images: [{}] } } },
      "scenario.regions.us-east-1.images[0].name: must be a string (got nothing)",
    ],
    ["not an object", 'scenario: must be an object (got "not an object")'],
    [
      { accountId: account, controls: { faults: [{ kind: "explode" }] } },
      'scenario.controls.faults[0].kind: must be internal-error|unavailable|reset|stall|html-500|ignore-dry-run|extra-fields (got "explode")',
    ],
  ])("%j -> %s", (value, message) => {
    expect(scenarioProblem(value)).toBe(message);
  });

  it("a bad file path or name says which", () => {
    expect(() => loadScenario("no-such-scenario")).toThrow(/unknown scenario "no-such-scenario"/);
    expect(() => loadScenario("/nonexistent/x.json")).toThrow(
      /cannot read scenario \/nonexistent\/x.json: ENOENT/,
    );
  });
});

describe("launch defaults", () => {
  it("an instance from an AMI with ImdsSupport v2.0 requires IMDSv2 with hop limit 2 unless told otherwise", () => {
    const ami = "ami-0123456789abcdef0";
    const state = buildState(
      validateScenario({
        accountId: "111122223333",
        regions: {
          "eu-west-1": {
            images: [{ id: ami, name: "hardened", imdsSupport: "v2.0" }],
            instances: [
              { id: "i-00000000000000001", imageId: ami },
              { id: "i-00000000000000002", imageId: ami, httpTokens: "optional" },
              { id: "i-00000000000000003" },
            ],
          },
        },
      }),
    );
    const got = state.region("eu-west-1")?.instances.map((i) => [i.httpTokens, i.httpPutResponseHopLimit]);
    expect(got).toEqual([
      ["required", 2],
      ["optional", 2],
      ["optional", 1],
    ]);
  });
});

describe("shipped scenarios", () => {
  it("demo: 17 default regions enabled, opt-in regions disabled, one region locked", () => {
    const state = buildState(loadScenario("demo").scenario);
    const enabled = state.enabledRegions();
    expect(enabled).toHaveLength(17);
    expect(state.region("me-south-1")?.optInStatus).toBe("not-opted-in");
    expect(enabled.filter((r) => r.lock).map((r) => r.name)).toHaveLength(1);
    expect(state.instanceCount()).toBeGreaterThan(200);
    expect(state.instanceCount()).toBeLessThan(1000);
  });

  it("compliant: every instance, template and AMI requires IMDSv2", () => {
    const state = buildState(loadScenario("compliant").scenario);
    for (const r of state.enabledRegions()) {
      expect(r.defaults.httpTokens).toBe("required");
      expect(r.instances.every((i) => i.httpTokens === "required")).toBe(true);
      expect(
        r.templates.every((t) => t.versions.every((v) => v.data.metadataOptions?.httpTokens === "required")),
      ).toBe(true);
      expect(r.images.every((i) => i.imdsSupport === "v2.0")).toBe(true);
    }
  });

  // How quickly it starts is the benchmark's to measure, not a timed test's.
  it("large: 30 regions x 5,000 instances, built identically each time", async () => {
    const sim = await startSimulator({ scenario: "large" });
    try {
      expect(sim.state.enabledRegions()).toHaveLength(30);
      expect(sim.state.instanceCount()).toBe(150_000);
      const again = buildState(loadScenario("large").scenario);
      expect(
        again
          .region("eu-west-1")
          ?.instances.slice(0, 50)
          .map((i) => i.id),
      ).toEqual(
        sim.state
          .region("eu-west-1")
          ?.instances.slice(0, 50)
          .map((i) => i.id),
      );
    } finally {
      await sim.close();
    }
  });
});
