// Issue 11 on organization runs (issue 12): an org enforce takes the lock of every account it
// changes (a second org run, or a one-account run on one of them, is refused naming the holder);
// it re-reads each member account's batch just before writing it, so an outside writer's changes
// are skipped, never journaled, and never undone by the rollback of the org journal.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EC2Client } from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChangeReport } from "../../src/core/change-report.js";
import { readJournal } from "../../src/journal/journal.js";
import { type Scenario, startSimulator } from "../../src/sim/index.js";
import {
  changeArgs,
  onSimulator,
  outsideWriter,
  parseReport,
  spawnImds,
  userEnv,
  waitForLines,
} from "./harness.js";
import { credentialsIn, M, MGMT, ROOT, readAccount } from "./org-scenario.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "imds-e2e-org-hardening-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const REGION = "eu-west-1";
const optional = (count: number, seed: number) => ({
  [REGION]: {
    defaults: { httpTokens: "required" as const },
    generate: [
      { count, seed, mix: [{ weight: 1, httpTokens: "optional" as const, httpPutResponseHopLimit: 1 }] },
    ],
  },
});

const scenario = {
  name: "e2e-org-hardening",
  accountId: MGMT,
  regions: optional(100, 1),
  organization: { id: "o-e2ehard0001", roots: [{ id: ROOT, name: "Root" }], ous: [] },
  accounts: [
    { id: M.app, name: "prod-app", email: "aws+app@example.com", parent: ROOT, regions: optional(150, 2) },
  ],
  controls: { appliedAfterMs: 0 },
} as unknown as Scenario;

/** Its own temp folder, so the locks are this test's alone. */
const env = () => userEnv({ TMPDIR: dir });

const orgEnforce = ["enforce", "--org", "--instances", "--force", "--regions", REGION];

describe.skipIf(!onSimulator)("organization runs: locks and other writers (issues 11 and 12)", () => {
  it("a second run on any account an org enforce changes is refused; an outside writer in a member account is never undone", async () => {
    const sim = await startSimulator({ scenario });
    try {
      sim.controls.update({ throttle: { enabled: false } });
      const mgmtBefore = await readAccount(sim.url, MGMT, [REGION]);
      const appBefore = await readAccount(sim.url, M.app, [REGION]);
      const journal = join(dir, "org.jsonl");
      const running = spawnImds(changeArgs(orgEnforce, sim.url, journal, "10"), env(), { cwd: dir });
      await waitForLines(journal, 6, running);

      // Another client, in the member account through its own role, requires IMDSv2 on the last 75.
      const ids =
        sim.accounts
          .get(M.app)
          ?.state.region(REGION)
          ?.instances.map((i) => i.id) ?? [];
      const outside = ids.slice(-75);
      const other = new EC2Client({
        endpoint: sim.url,
        region: REGION,
        credentials: await credentialsIn(sim.url, M.app),
      });
      await outsideWriter(other, outside, 2);
      // While it runs (100 changes in the caller's own account at 10 a second): another organization
      // run, and a one-account run in the caller's own account, are both refused.
      const again = await spawnImds(changeArgs(orgEnforce, sim.url, join(dir, "again.jsonl"), "20"), env(), {
        cwd: dir,
      }).done;
      expect(again.code, again.stderr).toBe(2);
      expect(again.stderr).toContain(`pid ${running.child.pid}`);
      expect(again.stderr).toContain(journal);
      const mine = await spawnImds(
        changeArgs(
          ["enforce", "--instances", "--force", "--regions", REGION],
          sim.url,
          join(dir, "mine.jsonl"),
          "20",
        ),
        env(),
        { cwd: dir },
      ).done;
      expect(mine.code, mine.stderr).toBe(2);
      expect(mine.stderr).toContain(`pid ${running.child.pid}`);

      const done = await running.done;
      const report = parseReport<ChangeReport>(done);
      const left = report.changes.filter((c) => c.error?.code === "ChangedSince");
      expect(left.map((c) => c.account)).toEqual(outside.map(() => M.app));
      expect(left.map((c) => c.id).sort()).toEqual([...outside].sort());
      const journaled = new Set(readJournal(journal).entries.map((e) => e.id));
      expect(outside.filter((id) => journaled.has(id))).toEqual([]);

      // The lock is released; the rollback of the org journal restores all but the outside writes.
      const back = await spawnImds(
        changeArgs(["rollback", journal, "--regions", REGION], sim.url, join(dir, "undo.jsonl"), "1000"),
        env(),
        { cwd: dir },
      ).done;
      expect(back.code, back.stderr).toBe(0);
      expect(await readAccount(sim.url, MGMT, [REGION])).toEqual(mgmtBefore);
      const app = (await readAccount(sim.url, M.app, [REGION]))[REGION] as {
        instances: Record<string, object>;
      };
      const was = (appBefore[REGION] as { instances: Record<string, object> }).instances;
      for (const id of ids) {
        const expected = outside.includes(id)
          ? { ...was[id], HttpTokens: "required", HttpPutResponseHopLimit: 2 }
          : was[id];
        expect(app.instances[id], id).toEqual(expected);
      }
    } finally {
      await sim.close();
    }
  });
});
