// The template reads an audit makes: the list first, and the versions only where the list shows
// templates (most regions of most accounts have none: one call fewer each). A list that cannot be
// read is reported, and the versions are read all the same: they need another permission.
import { describe, expect, it } from "vitest";
import type { Scenario } from "../../src/sim/index.js";
import { onSimulator, withSimulator } from "./harness.js";
import { R, SCENARIO } from "./launch-scenario.js";
import { auditReport } from "./reports.js";

const EMPTY = "eu-north-1";
const scenario: Scenario = { ...SCENARIO, regions: { ...SCENARIO.regions, [EMPTY]: {} } };
const audit = (url: string) => [
  "audit",
  "--endpoint-url",
  url,
  "--regions",
  `${R},${EMPTY}`,
  "--format",
  "json",
];

describe.runIf(onSimulator)("launch template reads", () => {
  it("read the versions only in a region whose list shows templates", async () => {
    await withSimulator(scenario, async ({ sim, run }) => {
      const r = await run(audit(sim.url));
      expect(r.code, r.stderr).toBe(1);
      const calls = (region: string, action: string) => sim.log.count({ region, action });
      expect([calls(R, "DescribeLaunchTemplates"), calls(EMPTY, "DescribeLaunchTemplates")]).toEqual([1, 1]);
      expect(calls(R, "DescribeLaunchTemplateVersions")).toBeGreaterThan(0);
      expect(calls(EMPTY, "DescribeLaunchTemplateVersions")).toBe(0);
      const report = auditReport(r);
      const empty = report.regions.find((x) => x.region === EMPTY);
      expect(empty?.errors).toEqual([]);
      expect(empty?.counts.templates).toBe(0);
      expect(report.resources.some((x) => x.region === R && x.kind === "launch-template")).toBe(true);
    });
  });

  it("a template list that cannot be read is reported, and the versions are still read", async () => {
    await withSimulator(scenario, async ({ sim, run }) => {
      sim.controls.update({ faults: [{ kind: "internal-error", actions: ["DescribeLaunchTemplates"] }] });
      const r = await run(audit(sim.url));
      expect(r.code, r.stderr).toBe(3);
      for (const region of [R, EMPTY]) {
        expect(sim.log.count({ region, action: "DescribeLaunchTemplateVersions" })).toBeGreaterThan(0);
        const read = auditReport(r).regions.find((x) => x.region === region);
        expect(read?.errors.map((e) => [e.part, e.action])).toEqual([
          ["launch-templates", "ec2:DescribeLaunchTemplates"],
        ]);
      }
    });
  });
});
