// `imds audit --to-security-hub` end to end: the built CLI imports each region's findings into that
// region's Security Hub (the simulator's), in calls of at most 100 counted from its request log; a
// region without Security Hub is a clear per-region error (exit 3) while the others are imported;
// after an enforce, the next import resolves the findings that are now fixed; a region (or part)
// that could not be read leaves its earlier findings as they were, and says so.
import { afterAll, describe, expect, it } from "vitest";
import type { Scenario, Simulator } from "../../src/sim/index.js";
import { ec2 } from "../sim/clients.js";
import { imds, onSimulator, outsideWriter, withSimulator } from "./harness.js";

const scenario: Scenario = {
  accountId: "111122223333",
  securityHubDisabled: ["eu-west-1"],
  regions: {
    "*": { defaults: { httpTokens: "required", httpPutResponseHopLimit: 2 } },
    "us-east-1": {
      defaults: { httpTokens: "optional" },
      generate: [{ count: 250, seed: 7, mix: [{ httpTokens: "optional" }] }],
    },
    "eu-west-1": { instances: [{ id: "i-00000000000000e01", httpTokens: "optional" }] },
  },
  // No server-side throttling, so the enforce in between can run at full speed (--write-rate).
  controls: { appliedAfterMs: 0, throttle: { enabled: false } },
};

const REGIONS = ["--regions", "us-east-1,eu-west-1,us-west-2"];
const audit = (sim: Simulator, ...extra: string[]) =>
  imds(["audit", "--endpoint-url", sim.url, ...REGIONS, "--to-security-hub", "--format", "json", ...extra]);

const stored = (sim: Simulator, region: string) =>
  sim.securityHub.list("111122223333", region) as {
    Id: string;
    RecordState: string;
    Compliance: { Status: string };
  }[];

afterAll(() => undefined);

describe.skipIf(!onSimulator)("imds audit --to-security-hub", () => {
  it("imports per region in batches of 100, says what failed where, resolves what enforce fixed", async () => {
    await withSimulator(structuredClone(scenario), async ({ sim }) => {
      const first = await audit(sim);
      // eu-west-1 has no Security Hub: the run is incomplete (3), the other regions are imported.
      expect(first.code).toBe(3);
      expect(first.stderr).toMatch(/^imds: Security Hub us-east-1: 251 findings imported in 3 calls$/m);
      expect(first.stderr).toMatch(/^imds: Security Hub us-west-2: 0 findings imported in 0 calls$/m);
      expect(first.stderr).toMatch(
        /^imds: Security Hub eu-west-1: not imported \(securityhub:BatchImportFindings InvalidAccessException\): Security Hub is not enabled in eu-west-1 for account 111122223333: enable it there, or leave the region out with --exclude-regions eu-west-1$/m,
      );
      expect(JSON.parse(first.stdout)).toMatchObject({ verdict: { status: "findings" } });
      expect(sim.log.count({ region: "us-east-1", action: "BatchImportFindings" })).toBe(3);
      expect(sim.log.count({ region: "us-east-1", action: "GetFindings" })).toBe(1);
      expect(stored(sim, "us-east-1")).toHaveLength(251);
      expect(stored(sim, "eu-west-1")).toEqual([]);

      // Left out as the hint says, and run again: exit 1 (findings), and the same findings are
      // updated, not duplicated.
      expect((await audit(sim, "--exclude-regions", "eu-west-1")).code).toBe(1);
      expect(stored(sim, "us-east-1")).toHaveLength(251);

      const enforce = await imds([
        "enforce",
        "--endpoint-url",
        sim.url,
        "--regions",
        "us-east-1",
        "--instances",
        "--force",
        "--yes",
        "--wait",
        "5",
        "--quiet",
        "--write-rate",
        "1000",
        "--write-burst",
        "1000",
        "--journal",
        `${process.env.TMPDIR ?? "/tmp"}/imds-e2e-sh-${process.pid}.jsonl`,
      ]);
      expect(enforce.code, enforce.stderr).toBe(0);

      const after = await imds([
        "audit",
        "--endpoint-url",
        sim.url,
        "--regions",
        "us-east-1",
        "--to-security-hub",
      ]);
      expect(after.code, after.stderr).toBe(0);
      expect(after.stderr).toMatch(
        /^imds: Security Hub us-east-1: 251 findings imported \(251 earlier ones resolved\) in 3 calls$/m,
      );
      const findings = stored(sim, "us-east-1");
      expect(findings).toHaveLength(251);
      expect(findings.every((f) => f.RecordState === "ARCHIVED" && f.Compliance.Status === "PASSED")).toBe(
        true,
      );
    });
  });

  it("--quiet: only the verdict and the errors", async () => {
    await withSimulator(structuredClone(scenario), async ({ sim }) => {
      const r = await imds(["audit", "--endpoint-url", sim.url, ...REGIONS, "--to-security-hub", "--quiet"]);
      expect(r.code).toBe(3);
      expect(r.stdout).toMatch(/^FAIL: /);
      expect(r.stderr.trim().split("\n")).toEqual([
        expect.stringMatching(/^imds: Security Hub eu-west-1: not imported/),
      ]);
    });
  });
});

describe.skipIf(!onSimulator)("--to-security-hub and a region it could not read", () => {
  const R = "eu-west-1";
  const INSTANCE = "i-00000000000000ee1";
  const OTHER = "i-00000000000000ee2";
  const twoRegions: Scenario = {
    accountId: "111122223333",
    regions: {
      "*": { defaults: { httpTokens: "required", httpPutResponseHopLimit: 2 } },
      [R]: {
        instances: [
          { id: INSTANCE, httpTokens: "optional" },
          { id: OTHER, httpTokens: "optional" },
        ],
      },
    },
    controls: { appliedAfterMs: 0, throttle: { enabled: false } },
  };
  const run = (sim: Simulator) =>
    imds(["audit", "--endpoint-url", sim.url, "--regions", `us-east-1,${R}`, "--to-security-hub"]);
  const line = (r: { stderr: string }) =>
    r.stderr.split("\n").find((l) => l.startsWith(`imds: Security Hub ${R}:`));

  it("leaves the region's earlier findings alone while it is unread, resolves them once read and fixed, once", async () => {
    await withSimulator(structuredClone(twoRegions), async ({ sim }) => {
      const first = await run(sim);
      expect(first.code, first.stderr).toBe(1);
      expect(line(first)).toBe(`imds: Security Hub ${R}: 2 findings imported in 1 call`);
      const before = structuredClone(stored(sim, R));
      expect(before.map((f) => [f.RecordState, f.Compliance.Status])).toEqual([
        ["ACTIVE", "FAILED"],
        ["ACTIVE", "FAILED"],
      ]);

      // Every read in R fails: nothing is sent there, and the failing findings stay as they were.
      sim.controls.update({ faults: [{ kind: "internal-error", regions: [R] }] });
      const unread = await run(sim);
      expect(unread.code, unread.stderr).toBe(3);
      expect(line(unread)).toBe(
        `imds: Security Hub ${R}: nothing sent: the region could not be read, so its earlier findings are left as they were`,
      );
      expect(sim.log.count({ region: R, action: "BatchImportFindings" })).toBe(1);
      expect(stored(sim, R)).toEqual(before);

      // Only the instances of R unread (and fixed meanwhile): their findings are still left alone.
      sim.controls.update({
        faults: [{ kind: "internal-error", regions: [R], actions: ["DescribeInstances"] }],
      });
      await outsideWriter(ec2(sim.url, R), [INSTANCE, OTHER], 2);
      const part = await run(sim);
      expect(part.code, part.stderr).toBe(3);
      expect(line(part)).toBe(
        `imds: Security Hub ${R}: 0 findings imported (2 left as they were: instances not read) in 0 calls`,
      );
      expect(stored(sim, R)).toEqual(before);

      // Meanwhile a person resolved OTHER's finding in Security Hub (BatchUpdateFindings, which the
      // simulator does not serve: set in its store).
      const [, other] = before;
      if (!other) throw new Error("no finding for the second instance");
      sim.securityHub.put("111122223333", R, { ...other, Workflow: { Status: "RESOLVED" } });

      // R read again: both findings are archived as passing; only the one this run resolved counts.
      sim.controls.update({ faults: [] });
      const fixed = await run(sim);
      expect(fixed.code, fixed.stderr).toBe(0);
      expect(line(fixed)).toBe(
        `imds: Security Hub ${R}: 2 findings imported (1 earlier one resolved; 1 already resolved before this run) in 1 call`,
      );
      expect(stored(sim, R).map((f) => [f.RecordState, f.Compliance.Status])).toEqual([
        ["ARCHIVED", "PASSED"],
        ["ARCHIVED", "PASSED"],
      ]);
      // The next run finds them archived: it changes nothing, so resolves nothing.
      const again = await run(sim);
      expect(line(again)).toBe(`imds: Security Hub ${R}: 0 findings imported in 0 calls`);
    });
  }, 120_000);
});
