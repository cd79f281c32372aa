import { describe, expect, it } from "vitest";
import { resolveScope } from "../../src/core/scope.js";

const all = [
  { name: "us-east-1", optInStatus: "opt-in-not-required" },
  { name: "eu-west-1", optInStatus: "opt-in-not-required" },
  { name: "af-south-1", optInStatus: "opted-in" },
  { name: "me-south-1", optInStatus: "not-opted-in" },
];

describe("region scope", () => {
  it("defaults to every enabled region, sorted", () => {
    expect(resolveScope(all, {})).toEqual(["af-south-1", "eu-west-1", "us-east-1"]);
  });
  it("narrows to --regions and removes --exclude-regions", () => {
    expect(resolveScope(all, { regions: ["us-east-1", "eu-west-1"], excludeRegions: ["us-east-1"] })).toEqual(
      ["eu-west-1"],
    );
  });
  it("refuses an unknown region and lists the valid ones", () => {
    expect(() => resolveScope(all, { regions: ["eu-west-9"] })).toThrow(
      /unknown region "eu-west-9".*af-south-1, eu-west-1, us-east-1/,
    );
  });
  it("refuses a region that is not enabled", () => {
    expect(() => resolveScope(all, { regions: ["me-south-1"] })).toThrow(/not enabled/);
  });
  it("allows excluding a region that is not enabled, but not an unknown one", () => {
    expect(resolveScope(all, { excludeRegions: ["me-south-1"] })).toHaveLength(3);
    expect(() => resolveScope(all, { excludeRegions: ["xx-nowhere-1"] })).toThrow(/unknown region/);
  });
  it("refuses an empty scope", () => {
    expect(() => resolveScope(all, { regions: ["eu-west-1"], excludeRegions: ["eu-west-1"] })).toThrow(
      /no regions/,
    );
  });
  it("allRegions overrides a region list (a configured one) but keeps the exclusions", () => {
    const req = { regions: ["eu-west-1"], excludeRegions: ["af-south-1"], allRegions: true };
    expect(resolveScope(all, req)).toEqual(["eu-west-1", "us-east-1"]);
    // The overridden list is not checked either: it is not in use.
    expect(resolveScope(all, { regions: ["eu-west-9"], allRegions: true })).toHaveLength(3);
    expect(resolveScope(all, { regions: ["eu-west-1"], allRegions: false })).toEqual(["eu-west-1"]);
  });
});
