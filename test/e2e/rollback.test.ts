// `imds rollback JOURNAL` end to end: the built CLI, the real SDK, the simulator over HTTP.
// The oracle is always the simulator's state before enforce, compared field by field.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ChangeReport } from "../../src/core/change-report.js";
import { readJournal } from "../../src/journal/journal.js";
import type { Scenario } from "../../src/sim/index.js";
import {
  changedInstances,
  onSimulator,
  parseReport,
  type Run,
  simSnapshot,
  spawnImds,
  Transcript,
  userEnv,
  waitForLines,
  withSimulator,
  workspace,
} from "./harness.js";

const transcript = new Transcript();
const ws = workspace("rollback", transcript);
afterAll(() => ws.cleanup());
const { scratch, run, record } = ws;
const ROOT = ws.root;
const parse = (r: Run) => parseReport<ChangeReport>(r);
const ACCOUNT = "111122223333";

/**
 * Two regions: ap-south-1 with generated instances (varied hop limits, some stopped, some
 * compliant, some IMDS off) and defaults that set some fields; eu-west-1 with none set.
 */
function scenario(count: number): Scenario {
  return {
    accountId: ACCOUNT,
    regions: {
      "*": { defaults: { httpTokens: "required", httpPutResponseHopLimit: 2 } },
      "ap-south-1": {
        defaults: { httpTokens: "optional", httpPutResponseHopLimit: 1, instanceMetadataTags: "enabled" },
        generate: [
          {
            count,
            seed: 11,
            mix: [
              { weight: 60, httpTokens: "optional", httpPutResponseHopLimit: 1 },
              { weight: 15, httpTokens: "optional", httpPutResponseHopLimit: 4, state: "stopped" },
              { weight: 15, httpTokens: "required", httpPutResponseHopLimit: 1 },
              { weight: 5, httpTokens: "required", httpPutResponseHopLimit: 2 },
              { weight: 5, httpTokens: "optional", httpEndpoint: "disabled" },
            ],
          },
        ],
      },
      "eu-west-1": {
        defaults: {},
        instances: [
          { id: "i-00000000000000e01", httpTokens: "optional", httpPutResponseHopLimit: 1 },
          { id: "i-00000000000000e02", httpTokens: "optional", httpPutResponseHopLimit: 5 },
          { id: "i-00000000000000e03", httpTokens: "required", httpPutResponseHopLimit: 1 },
        ],
      },
    },
  };
}

const REGIONS = ["--regions", "ap-south-1,eu-west-1"];

describe.skipIf(!onSimulator)("imds rollback against the simulator", () => {
  it("kill -9 in the middle of enforce, then rollback: every instance and default exactly as before", async () => {
    await withSimulator(scenario(400), async (sim) => {
      sim.controls.update({ throttle: { timeScale: 20 }, appliedAfterMs: 200 });
      const dir = scratch("kill9");
      const journal = join(dir, "enforce.jsonl");
      const before = simSnapshot(sim);
      const enforce = spawnImds(
        [
          "enforce",
          "--endpoint-url",
          sim.url,
          ...REGIONS,
          "--instances",
          "--hop-limit",
          "2",
          "--yes",
          "--write-rate",
          "40",
          "--write-burst",
          "5",
          "--journal",
          journal,
        ],
        userEnv(),
        { cwd: ROOT },
      );
      await waitForLines(journal, 61, enforce);
      enforce.child.kill("SIGKILL");
      const killed = await enforce.done;
      expect(killed.code).toBeNull();

      // The journal on disk is whole and at least as far along as the account.
      const { entries } = readJournal(journal);
      const mid = simSnapshot(sim);
      const changed = changedInstances(before, mid);
      expect(changed.length).toBeGreaterThan(20);
      expect(changed.length).toBeLessThan(300);
      const journaled = new Set(entries.map((e) => `${e.region} ${e.id}`));
      for (const c of changed) expect(journaled.has(c), c).toBe(true);
      expect(mid["ap-south-1"]?.defaults).not.toEqual(before["ap-south-1"]?.defaults);
      expect(mid["eu-west-1"]?.defaults).not.toEqual(before["eu-west-1"]?.defaults);

      const r = await run([
        "rollback",
        journal,
        "--endpoint-url",
        sim.url,
        "--yes",
        "--journal",
        join(dir, "rollback.jsonl"),
        "--format",
        "json",
      ]);
      expect(r.code, r.stderr).toBe(0);
      const report = parse(r);
      expect(report.command).toBe("rollback");
      expect(report.summary.failed).toBe(0);

      const after = simSnapshot(sim);
      // Field by field: defaults objects (unset stays unset) and every instance's metadata options.
      for (const region of ["ap-south-1", "eu-west-1"]) {
        expect(after[region]?.defaults, region).toEqual(before[region]?.defaults);
      }
      expect(changedInstances(before, after)).toEqual([]);
      expect(after).toEqual(before);

      // The rollback journaled its own changes, pointing at the journal it restored.
      const own = readJournal(join(dir, "rollback.jsonl"));
      expect(own.header).toMatchObject({ command: "rollback", source: journal });
      expect(own.entries.every((e) => e.outcome === "applied")).toBe(true);
      expect(own.entries.filter((e) => e.kind === "instance")).toHaveLength(changed.length);
    });
  });

  it("--instance-ids restores only those; an instance changed since is left alone and reported", async () => {
    await withSimulator(scenario(30), async (sim) => {
      sim.controls.update({ appliedAfterMs: 100 });
      const dir = scratch("narrow");
      const journal = join(dir, "enforce.jsonl");
      const before = simSnapshot(sim);
      const enforce = await run([
        "enforce",
        "--endpoint-url",
        sim.url,
        ...REGIONS,
        "--instances",
        "--hop-limit",
        "2",
        "--yes",
        "--journal",
        journal,
        "--format",
        "json",
      ]);
      expect(enforce.code, enforce.stderr).toBe(0);
      const enforced = simSnapshot(sim);

      // Narrowed: only e01 goes back; e02 and every other change stay as enforce left them.
      const one = await run([
        "rollback",
        journal,
        "--endpoint-url",
        sim.url,
        "--instance-ids",
        "i-00000000000000e01",
        "--yes",
        "--journal",
        join(dir, "rollback-one.jsonl"),
      ]);
      record("rollback --instance-ids: one instance only", one, sim);
      expect(one.code, one.stderr).toBe(0);
      const narrowed = simSnapshot(sim);
      expect(changedInstances(enforced, narrowed)).toEqual(["eu-west-1 i-00000000000000e01"]);
      expect(narrowed["eu-west-1"]?.instances["i-00000000000000e01"]).toEqual(
        before["eu-west-1"]?.instances["i-00000000000000e01"],
      );
      expect(narrowed["eu-west-1"]?.defaults).toEqual(enforced["eu-west-1"]?.defaults);
      expect(narrowed["ap-south-1"]?.defaults).toEqual(enforced["ap-south-1"]?.defaults);

      // Someone changes e02 (hop limit 3) and ap-south-1's default (hop limit 4) after enforce.
      const e02 = sim.state.region("eu-west-1")?.instances.find((i) => i.id === "i-00000000000000e02");
      if (!e02) throw new Error("no e02");
      e02.httpPutResponseHopLimit = 3;
      const ap = sim.state.region("ap-south-1");
      if (!ap) throw new Error("no ap-south-1");
      ap.defaults = { ...ap.defaults, httpPutResponseHopLimit: 4 };
      const touched = simSnapshot(sim);

      const args = [
        "rollback",
        journal,
        "--endpoint-url",
        sim.url,
        "--yes",
        "--journal",
        join(dir, "rollback-rest.jsonl"),
      ];
      const rest = await run([...args, "--format", "json"]);
      expect(rest.code, rest.stderr).toBe(0);
      const report = parse(rest);
      const reasons = Object.fromEntries(report.skipped.map((s) => [`${s.region} ${s.id}`, s.reason]));
      expect(reasons["eu-west-1 i-00000000000000e02"]).toMatch(/^changed since imds set it/);
      expect(reasons["eu-west-1 i-00000000000000e02"]).toContain("hopLimit=3");
      expect(reasons["ap-south-1 account-default"]).toMatch(/^changed since imds set it/);
      // e01 was restored already: it no longer shows what imds set.
      expect(reasons["eu-west-1 i-00000000000000e01"]).toMatch(/^changed since imds set it/);

      const after = simSnapshot(sim);
      // Left alone: exactly as the other hand left them.
      expect(after["eu-west-1"]?.instances["i-00000000000000e02"]).toEqual(
        touched["eu-west-1"]?.instances["i-00000000000000e02"],
      );
      expect(after["ap-south-1"]?.defaults).toEqual(touched["ap-south-1"]?.defaults);
      // Everything else is back to before enforce.
      expect(after["eu-west-1"]?.defaults).toEqual(before["eu-west-1"]?.defaults);
      expect(changedInstances(before, after)).toEqual(["eu-west-1 i-00000000000000e02"]);
    });
  });

  it("refuses a journal it cannot trust, from another account, or that does not exist: exit 2, nothing changed", async () => {
    await withSimulator(scenario(10), async (sim) => {
      sim.controls.update({ appliedAfterMs: 100 });
      const dir = scratch("bad-journals");
      const journal = join(dir, "enforce.jsonl");
      const enforce = await run([
        "enforce",
        "--endpoint-url",
        sim.url,
        ...REGIONS,
        "--instances",
        "--yes",
        "--journal",
        journal,
      ]);
      expect(enforce.code, enforce.stderr).toBe(0);
      const enforced = simSnapshot(sim);
      const writes = () =>
        sim.log.count({ action: "ModifyInstanceMetadataOptions" }) +
        sim.log.count({ action: "ModifyInstanceMetadataDefaults" });
      const writesBefore = writes();
      const lines = readFileSync(journal, "utf8").split("\n").slice(0, -1);
      expect(lines.length).toBeGreaterThan(6);

      const badJson = join(dir, "bad-json.jsonl");
      writeFileSync(badJson, `${[...lines.slice(0, 2), "{not json", ...lines.slice(3)].join("\n")}\n`);
      const bad = await run([
        "rollback",
        badJson,
        "--endpoint-url",
        sim.url,
        "--yes",
        "--journal",
        join(dir, "r1.jsonl"),
      ]);
      record("A journal with bad JSON on line 3", bad, sim);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/^imds: journal .*bad-json\.jsonl: line 3 is truncated or not JSON/);
      expect(bad.stderr.trim().split("\n")).toHaveLength(1);

      const truncated = join(dir, "truncated.jsonl");
      const last = lines.at(-1) ?? "";
      writeFileSync(
        truncated,
        `${lines.slice(0, -1).join("\n")}\n${last.slice(0, Math.floor(last.length / 2))}`,
      );
      const cut = await run([
        "rollback",
        truncated,
        "--endpoint-url",
        sim.url,
        "--yes",
        "--journal",
        join(dir, "r2.jsonl"),
      ]);
      record("A journal whose last line was cut short", cut, sim);
      expect(cut.code).toBe(2);
      expect(cut.stderr).toContain(`line ${lines.length} is truncated or not JSON`);

      const other = join(dir, "other-account.jsonl");
      const header = JSON.parse(lines[0] ?? "{}") as Record<string, unknown>;
      writeFileSync(
        other,
        `${[JSON.stringify({ ...header, account: "999988887777" }), ...lines.slice(1)].join("\n")}\n`,
      );
      const foreign = await run([
        "rollback",
        other,
        "--endpoint-url",
        sim.url,
        "--yes",
        "--journal",
        join(dir, "r3.jsonl"),
      ]);
      record("A journal from another account", foreign, sim);
      expect(foreign.code).toBe(2);
      expect(foreign.stderr).toContain("999988887777");
      expect(foreign.stderr).toContain(ACCOUNT);
      expect(foreign.stderr.trim().split("\n")).toHaveLength(1);

      const missing = await run([
        "rollback",
        join(dir, "no-such.jsonl"),
        "--endpoint-url",
        sim.url,
        "--yes",
        "--journal",
        join(dir, "r4.jsonl"),
      ]);
      record("A journal that does not exist", missing, sim);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain("no-such.jsonl");

      expect(simSnapshot(sim)).toEqual(enforced);
      expect(writes()).toBe(writesBefore);
      for (const f of ["r1.jsonl", "r2.jsonl", "r3.jsonl", "r4.jsonl"])
        expect(existsSync(join(dir, f)), f).toBe(false);
    });
  });
});

describe.skipIf(!onSimulator)("the transcript", () => {
  it("matches test/e2e/__snapshots__/rollback.md (what a user sees, case by case)", async () => {
    await expect(transcript.toString()).toMatchFileSnapshot("__snapshots__/rollback.md");
  });
});
