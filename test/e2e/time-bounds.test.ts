// Issue 11, point 6: nothing imds waits for can hold it for long. A region that does not answer is
// marked incomplete within --timeout (30 s by default), stalled writes fail fast and are journaled
// as uncertain, and a credential helper that hangs is stopped waiting for, run once, named.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChangeReport } from "../../src/core/change-report.js";
import type { AuditReport } from "../../src/core/types.js";
import { readJournal } from "../../src/journal/journal.js";
import { type Scenario, startSimulator } from "../../src/sim/index.js";
import { enforceInstances } from "./change-args.js";
import { onSimulator, parseReport, type Run, spawnImds, userEnv } from "./harness.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "imds-e2e-time-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  return spawnImds(args, userEnv(env), { cwd: dir }).done;
}

const ACCOUNT = "111122223333";

function scenario(instances: number): Scenario {
  return {
    accountId: ACCOUNT,
    regions: {
      "us-east-1": { defaults: { httpTokens: "required" } },
      "eu-west-1": {
        defaults: { httpTokens: "required" },
        generate: [{ count: instances, seed: 3, mix: [{ weight: 1, httpTokens: "optional" }] }],
      },
    },
  };
}

describe.skipIf(!onSimulator)("time bounds (issue 11, point 6)", () => {
  it("a region that never answers is marked incomplete within --timeout, and the run ends", async () => {
    const sim = await startSimulator({ scenario: scenario(5) });
    try {
      sim.controls.update({
        faults: [{ kind: "stall", regions: ["eu-west-1"], actions: ["DescribeInstances"] }],
      });
      const r = await run([
        "audit",
        "--endpoint-url",
        sim.url,
        "--regions",
        "eu-west-1,us-east-1",
        "--timeout",
        "2",
        "--format",
        "json",
      ]);
      expect(r.code, r.stderr).toBe(3);
      // 2 s for the call, then the report: far from the 6 attempts x 20 s it took before.
      expect(r.ms).toBeLessThan(10_000);
      const report = parseReport<AuditReport>(r);
      const eu = report.regions.find((g) => g.region === "eu-west-1");
      expect(eu?.complete).toBe(false);
      expect(eu?.errors).toEqual([expect.objectContaining({ part: "instances", kind: "timeout" })]);
      expect(report.regions.find((g) => g.region === "us-east-1")?.complete).toBe(true);
    } finally {
      await sim.close();
    }
  });

  it("stalled writes fail fast: journaled as uncertain, the rest of the region not started", async () => {
    const sim = await startSimulator({ scenario: scenario(30) });
    try {
      sim.controls.update({
        faults: [{ kind: "stall", regions: ["eu-west-1"], actions: ["ModifyInstanceMetadataOptions"] }],
      });
      const journal = join(dir, "stalled.jsonl");
      const r = await run(
        enforceInstances(sim.url, "eu-west-1", journal, "--timeout", "2", "--format", "json"),
      );
      expect(r.code, r.stderr).toBe(3);
      expect(r.ms).toBeLessThan(15_000);
      const report = parseReport<ChangeReport>(r);
      expect(report.summary.applied).toBe(0);
      const { entries } = readJournal(journal);
      // Every call that was made has an intent and no outcome: rollback will check the live state.
      expect(entries.length).toBeGreaterThan(0);
      expect(entries.every((e) => e.outcome === "unknown")).toBe(true);
      expect(entries.length + report.summary.notStarted).toBe(30);
      expect(report.summary.notStarted).toBeGreaterThan(0);
    } finally {
      await sim.close();
    }
  });

  it("a credential_process that hangs: one line naming the profile, exit 2, the helper run once", async () => {
    const counter = join(dir, "helper-runs");
    const helper = join(dir, "helper.mjs");
    writeFileSync(
      helper,
      `import { appendFileSync } from "node:fs";\nappendFileSync(${JSON.stringify(counter)}, "x");\nsetInterval(() => {}, 1000);\n`,
    );
    const config = join(dir, "hang-config");
    writeFileSync(
      config,
      `[profile stuck]\ncredential_process = ${process.execPath} ${helper}\nregion = us-east-1\n`,
    );
    const r = await run(
      ["audit", "--profile", "stuck", "--endpoint-url", "http://127.0.0.1:9", "--timeout", "2"],
      {
        AWS_CONFIG_FILE: config,
        AWS_ACCESS_KEY_ID: undefined,
        AWS_SECRET_ACCESS_KEY: undefined,
      },
    );
    expect(r.code, r.stderr).toBe(2);
    expect(r.ms).toBeLessThan(10_000);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/profile "stuck".*2 s/);
    expect(readFileSync(counter, "utf8")).toBe("x");
  });
});
