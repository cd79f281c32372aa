// Issue 11, point 5: SIGTERM (what cron and CI timeouts send) and SIGHUP stop a change run the way
// Ctrl-C does: nothing new starts, the changes in flight finish and are journaled, the partial report
// is printed; exit 143 (SIGTERM) or 129 (SIGHUP). Ctrl-C during verification still prints the report.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChangeReport } from "../../src/core/change-report.js";
import { readJournal } from "../../src/journal/journal.js";
import { type Scenario, startSimulator } from "../../src/sim/index.js";
import { enforceInstances } from "./change-args.js";
import { onSimulator, parseReport, spawnImds, userEnv, waitForLines } from "./harness.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "imds-e2e-signals-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const scenario: Scenario = {
  accountId: "111122223333",
  regions: {
    "eu-west-1": {
      defaults: { httpTokens: "required" },
      generate: [{ count: 200, seed: 5, mix: [{ weight: 1, httpTokens: "optional" }] }],
    },
  },
};

/** enforce --instances paced to 20 writes a second: slow enough to signal in the middle. */
function enforceArgs(endpoint: string, journal: string, ...extra: string[]): string[] {
  const paced = ["--write-rate", "20", "--write-burst", "11", "--format", "json"];
  return enforceInstances(endpoint, "eu-west-1", journal, ...paced, ...extra);
}

describe.skipIf(!onSimulator)("signals during a change run (issue 11, point 5)", () => {
  it.each([
    ["SIGTERM", 143],
    ["SIGHUP", 129],
  ] as const)(
    "%s: changes in flight finish and are journaled, the partial report is printed, exit %i",
    async (signal, code) => {
      const sim = await startSimulator({ scenario });
      try {
        sim.controls.update({ appliedAfterMs: 0 });
        const journal = join(dir, `${signal}.jsonl`);
        const spawned = spawnImds(enforceArgs(sim.url, journal), userEnv(), { cwd: dir });
        await waitForLines(journal, 20, spawned);
        spawned.child.kill(signal);
        const r = await spawned.done;
        expect(r.code, r.stderr).toBe(code);
        const report = parseReport<ChangeReport>(r);
        expect(report.interrupted).toBe(true);
        expect(report.verdict.line).toContain(signal);
        expect(report.summary.notStarted).toBeGreaterThan(0);
        const { entries } = readJournal(journal);
        // Every change that started has its outcome: nothing is left uncertain.
        expect(entries.filter((e) => e.outcome === "unknown")).toEqual([]);
        expect(entries.length).toBe(
          report.summary.applied + report.summary.unverified + report.summary.failed,
        );
      } finally {
        await sim.close();
      }
    },
  );

  it("Ctrl-C during verification still prints the report (exit 130)", async () => {
    const sim = await startSimulator({ scenario });
    try {
      // Changes stay pending for a minute: the run sits in verification.
      sim.controls.update({ appliedAfterMs: 60_000, throttle: { enabled: false } });
      const journal = join(dir, "verify.jsonl");
      const spawned = spawnImds(
        enforceArgs(sim.url, journal, "--write-rate", "1000", "--write-burst", "1000"),
        userEnv(),
        {
          cwd: dir,
        },
      );
      // Header, then an intent and an outcome per instance: every change made, verification begun.
      await waitForLines(journal, 1 + 2 * 200, spawned);
      await new Promise((resolve) => setTimeout(resolve, 500));
      spawned.child.kill("SIGINT");
      const r = await spawned.done;
      expect(r.code, r.stderr).toBe(130);
      const report = parseReport<ChangeReport>(r);
      expect(report.interrupted).toBe(true);
      expect(report.changes).toHaveLength(200);
      expect(readFileSync(journal, "utf8").split("\n").length - 1).toBe(401);
    } finally {
      await sim.close();
    }
  });
});
