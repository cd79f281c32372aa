// `imds audit --to-security-hub` end to end: the built CLI imports each region's findings into that
// region's Security Hub (the simulator's), in calls of at most 100 counted from its request log; a
// region without Security Hub is a clear per-region error (exit 3) while the others are imported;
// after an enforce, the next import resolves the findings that are now fixed.
import { afterAll, describe, expect, it } from "vitest";
import type { Scenario, Simulator } from "../../src/sim/index.js";
import { imds, onSimulator, withSimulator } from "./harness.js";

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
