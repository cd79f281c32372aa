// Issue 11, point 4: other writers. Another client's change made while enforce runs is neither lost
// nor undone by rollback; two imds runs changing the same account from one machine are refused.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChangeReport } from "../../src/core/change-report.js";
import { readJournal } from "../../src/journal/journal.js";
import { type Scenario, startSimulator } from "../../src/sim/index.js";
import { ec2 } from "../sim/clients.js";
import {
  changeArgs,
  onSimulator,
  outsideWriter,
  parseReport,
  spawnImds,
  userEnv,
  waitForLines,
} from "./harness.js";
import { simSnapshot } from "./sim-state.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "imds-e2e-concurrent-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const COUNT = 200;
const scenario: Scenario = {
  accountId: "111122223333",
  regions: {
    "eu-west-1": {
      defaults: { httpTokens: "required" },
      generate: [
        { count: COUNT, seed: 9, mix: [{ weight: 1, httpTokens: "optional", httpPutResponseHopLimit: 1 }] },
      ],
    },
  },
};

/** The child's environment: its own temp folder, so its lock is this test's alone. */
const env = () => userEnv({ TMPDIR: dir });

describe.skipIf(!onSimulator)("other writers (issue 11, point 4)", () => {
  it("an outside writer during enforce: its changes are skipped and reported, and rollback never undoes them", async () => {
    const sim = await startSimulator({ scenario });
    try {
      // The other client's writes share no bucket with imds's pacing here: throttling is not the point.
      sim.controls.update({ appliedAfterMs: 0, throttle: { enabled: false } });
      const initial = simSnapshot(sim);
      const ids = sim.state.region("eu-west-1")?.instances.map((i) => i.id) ?? [];
      // The last 99 in the plan: still waiting for their turn when the other client acts.
      const outside = ids.slice(-99);
      const journal = join(dir, "enforce.jsonl");
      const enforce = spawnImds(
        changeArgs(["enforce", "--regions", "eu-west-1", "--instances", "--force"], sim.url, journal, "15"),
        env(),
        { cwd: dir },
      );
      await waitForLines(journal, 10, enforce);
      // Another client (the SDK, not imds) requires IMDSv2 on them, with hop limit 2.
      await outsideWriter(ec2(sim.url, "eu-west-1"), outside, 2);
      const r = await enforce.done;
      const report = parseReport<ChangeReport>(r);
      const left = report.changes.filter((c) => c.error?.code === "ChangedSince").map((c) => c.id);
      expect(left.sort()).toEqual([...outside].sort());
      // The journal has no intent for them: rollback has nothing of imds's to undo there.
      const journaled = new Set(readJournal(journal).entries.map((e) => e.id));
      expect(outside.filter((id) => journaled.has(id))).toEqual([]);

      const back = await spawnImds(
        changeArgs(["rollback", journal], sim.url, join(dir, "rollback.jsonl"), "1000"),
        env(),
        { cwd: dir },
      ).done;
      expect(back.code, back.stderr).toBe(0);
      const after = simSnapshot(sim)["eu-west-1"]?.instances ?? {};
      for (const id of ids) {
        const expected = outside.includes(id)
          ? { ...initial["eu-west-1"]?.instances[id], httpTokens: "required", httpPutResponseHopLimit: 2 }
          : initial["eu-west-1"]?.instances[id];
        expect(after[id], id).toEqual(expected);
      }
    } finally {
      await sim.close();
    }
  });

  it("two runs changing the same account from one machine: the second is refused, naming the first's pid and journal", async () => {
    const sim = await startSimulator({ scenario });
    try {
      const first = join(dir, "first.jsonl");
      const running = spawnImds(
        changeArgs(["enforce", "--regions", "eu-west-1", "--instances", "--force"], sim.url, first, "20"),
        env(),
        { cwd: dir },
      );
      await waitForLines(first, 4, running);
      const second = await spawnImds(
        changeArgs(
          ["enforce", "--regions", "eu-west-1", "--instances", "--force"],
          sim.url,
          join(dir, "second.jsonl"),
        ),
        env(),
        { cwd: dir },
      ).done;
      expect(second.code).toBe(2);
      expect(second.stderr).toContain(`pid ${running.child.pid}`);
      expect(second.stderr).toContain(first);
      running.child.kill("SIGTERM");
      expect((await running.done).code).toBe(143);
      // Released: the next run goes ahead.
      const third = await spawnImds(
        changeArgs(["rollback", first], sim.url, join(dir, "third.jsonl"), "1000"),
        env(),
        { cwd: dir },
      ).done;
      expect(third.code, third.stderr).toBe(0);
    } finally {
      await sim.close();
    }
  });

  it("a lock left by a run that was killed (kill -9) is taken over", async () => {
    const sim = await startSimulator({ scenario });
    try {
      const journal = join(dir, "stale.jsonl");
      const victim = spawnImds(
        changeArgs(["enforce", "--regions", "eu-west-1", "--instances", "--force"], sim.url, journal, "20"),
        env(),
        { cwd: dir },
      );
      await waitForLines(journal, 4, victim);
      victim.child.kill("SIGKILL");
      await victim.done;
      const next = await spawnImds(
        changeArgs(["rollback", journal], sim.url, join(dir, "after-kill.jsonl"), "1000"),
        env(),
        { cwd: dir },
      ).done;
      expect(next.code, next.stderr).toBe(0);
    } finally {
      await sim.close();
    }
  });
});
