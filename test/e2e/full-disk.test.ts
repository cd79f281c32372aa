// Issue 11, point 1, end to end: enforce journals to a small tmpfs until the disk is full, so the
// journal ends in a line torn by ENOSPC. No change starts without its intent on disk, and rollback
// uses every complete record before the tear: the account comes back exactly as it was.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChangeReport } from "../../src/core/change-report.js";
import { type Scenario, startSimulator } from "../../src/sim/index.js";
import { enforceInstances, rollbackJournal } from "./change-args.js";
import { onSimulator, parseReport, spawnImds, userEnv } from "./harness.js";
import { simSnapshot } from "./sim-state.js";
import { mountTmpfs } from "./tmpfs.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "imds-e2e-disk-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const scenario: Scenario = {
  accountId: "111122223333",
  regions: {
    "eu-west-1": {
      defaults: {},
      generate: [
        { count: 300, seed: 21, mix: [{ weight: 1, httpTokens: "optional", httpPutResponseHopLimit: 1 }] },
      ],
    },
  },
};

describe.skipIf(!onSimulator)("a journal torn by a full disk (issue 11, point 1)", () => {
  it("enforce stops at the full disk; rollback uses the records before the tear and restores exactly", async (ctx) => {
    const mount = mountTmpfs("64k");
    if (!mount.ok) {
      ctx.skip(mount.why);
      return;
    }
    const sim = await startSimulator({ scenario });
    try {
      sim.controls.update({ appliedAfterMs: 0, throttle: { enabled: false } });
      const initial = simSnapshot(sim);
      // Leave about 8 KB: room for a few dozen records, then ENOSPC in the middle of one.
      execFileSync("dd", ["if=/dev/zero", `of=${join(mount.path, "ballast")}`, "bs=1k", "count=56"], {
        stdio: "ignore",
      });
      const journal = join(mount.path, "enforce.jsonl");
      const enforce = await spawnImds(
        enforceInstances(
          sim.url,
          "eu-west-1",
          journal,
          "--write-rate",
          "1000",
          "--write-burst",
          "1000",
          "--format",
          "json",
        ),
        userEnv(),
        { cwd: dir },
      ).done;
      expect(enforce.stderr).toMatch(/the journal could not be written/);
      const made = parseReport<ChangeReport>(enforce);
      expect(made.summary.notStarted).toBeGreaterThan(0);
      const text = readFileSync(journal, "utf8");
      expect(text.endsWith("\n")).toBe(false); // torn in the middle of a line

      const rollback = await spawnImds(
        rollbackJournal(sim.url, journal, join(dir, "rollback.jsonl")),
        userEnv(),
        { cwd: dir },
      ).done;
      expect(rollback.code, rollback.stderr).toBe(0);
      expect(rollback.stderr).toMatch(/line \d+ was cut short \(a crash or a full disk\)/);
      expect(simSnapshot(sim)).toEqual(initial);
    } finally {
      await sim.close();
      mount.unmount();
    }
  });
});
