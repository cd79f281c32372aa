// Review findings, end to end on the simulator: metrics that cannot be read for a reason other than
// a permission (exit 3, as the README says), a --tag that no instance has (said on stderr), and
// --hop-limit N as a ceiling (lower hop limits kept unless --raise-hop-limit).
import { describe, expect, it } from "vitest";
import type { ChangeReport } from "../../src/core/change-report.js";
import type { Scenario } from "../../src/sim/index.js";
import { onSimulator, parseReport, withSimulator } from "./harness.js";

/** Two instances that allow IMDSv1 in eu-west-1 (hop limit 1), and one at hop limit 3. */
const SMALL: Scenario = {
  accountId: "111122223333",
  regions: {
    "eu-west-1": {
      defaults: { httpTokens: "required", httpPutResponseHopLimit: 1 },
      instances: [
        { id: "i-00000000000000001", httpTokens: "optional", tags: { env: "dev" } },
        { id: "i-00000000000000002", httpTokens: "optional", tags: { env: "dev" } },
        { id: "i-00000000000000003", httpTokens: "required", httpPutResponseHopLimit: 3 },
      ],
    },
  },
  controls: { appliedAfterMs: 0 },
};

const enforce = (url: string, ...args: string[]) => [
  "enforce",
  "--endpoint-url",
  url,
  "--regions",
  "eu-west-1",
  "--yes",
  "--wait",
  "5",
  ...args,
];

describe.skipIf(!onSimulator)("review fixes on the simulator", () => {
  it("CloudWatch failing (not a permission): enforce --instances refuses, exit 3, nothing changed", async () => {
    await withSimulator(SMALL, async ({ sim, run, file }) => {
      sim.controls.update({ faults: [{ kind: "internal-error", actions: ["GetMetricData"] }] });
      const r = await run(enforce(sim.url, "--instances", "--journal", file("e.jsonl")));
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toMatch(
        /could not read IMDSv1 usage evidence in eu-west-1 \(cloudwatch:GetMetricData /,
      );
      expect(r.stderr).toMatch(/or pass --force to change instances without evidence/);
      expect(sim.log.count({ action: "ModifyInstanceMetadataOptions" })).toBe(0);
    });
  });

  it("--tag that no instance has: one line on stderr, no instance changed, exit as the plan's", async () => {
    await withSimulator(SMALL, async ({ sim, run, file }) => {
      const r = await run(
        enforce(sim.url, "--tag", "nosuch=x", "--force", "--journal", file("t.jsonl"), "--format", "json"),
      );
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain(
        "imds: no instance in scope has tag nosuch=x (check the tag, --regions and --states)\n",
      );
      expect(sim.log.count({ action: "ModifyInstanceMetadataOptions" })).toBe(0);
      const found = await run(
        enforce(sim.url, "--tag", "env=dev", "--force", "--journal", file("d.jsonl"), "--format", "json"),
      );
      expect(found.stderr).not.toContain("no instance in scope has tag");
      expect(
        parseReport<ChangeReport>(found)
          .changes.map((c) => c.id)
          .sort(),
      ).toEqual(["i-00000000000000001", "i-00000000000000002"]);
    });
  });

  it("--hop-limit 2 lowers 3 to 2 and keeps 1 (the plan says so); --raise-hop-limit sets exactly 2", async () => {
    await withSimulator(SMALL, async ({ sim, run, file }) => {
      const hop = () => sim.state.region("eu-west-1")?.instances.map((i) => i.httpPutResponseHopLimit);
      const r = await run(
        enforce(
          sim.url,
          "--instances",
          "--force",
          "--hop-limit",
          "2",
          "--journal",
          file("h.jsonl"),
          "--format",
          "json",
        ),
      );
      expect(r.code, r.stderr).toBe(0);
      const report = parseReport<ChangeReport>(r);
      expect(report.notes).toEqual([
        "--hop-limit 2: 1 account default and 2 instances keep a lower hop limit (raising it loosens security: containers on the host could reach IMDS); --raise-hop-limit sets exactly 2",
      ]);
      expect(hop()).toEqual([1, 1, 2]);
      const raised = await run(
        enforce(
          sim.url,
          "--instances",
          "--hop-limit",
          "2",
          "--raise-hop-limit",
          "--journal",
          file("r.jsonl"),
        ),
      );
      expect(raised.code, raised.stderr).toBe(0);
      expect(hop()).toEqual([2, 2, 2]);
      expect(sim.state.region("eu-west-1")?.defaults.httpPutResponseHopLimit).toBe(2);
    });
  });
});
