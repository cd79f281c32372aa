// `imds rollback JOURNAL` end to end: the built CLI, the real SDK, the simulator over HTTP.
// The oracle is always the simulator's state before enforce, compared field by field.
import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ChangeReport } from "../../src/core/change-report.js";
import { readJournal } from "../../src/journal/journal.js";
import { chainOf } from "../../src/journal/records.js";
import type { Scenario } from "../../src/sim/index.js";
import { type SimCase, type SimCaseContext, simCases } from "./cases.js";
import { onSimulator, pacedEnforce, parseReport, type Run, waitForLines, withSimulator } from "./harness.js";
import { changedInstances, expectNothingWritten, simSnapshot } from "./sim-state.js";

const parse = (r: Run) => parseReport<ChangeReport>(r);
const ACCOUNT = "111122223333";

/**
 * Two regions: ap-south-1 with generated instances (varied hop limits, some stopped, some
 * compliant, some IMDS off) and defaults that set some fields; eu-west-1 with none set.
 */
function scenario(count: number, extra: Partial<Scenario> = {}): Scenario {
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
    ...extra,
  };
}

/** Changes become `applied` a tenth of a second after they are made. */
const QUICK = { controls: { appliedAfterMs: 100 } };

const REGIONS = ["--regions", "ap-south-1,eu-west-1"];
const E01 = "i-00000000000000e01";
const E02 = "i-00000000000000e02";

/** Enforce with --instances (and more `args`), journaled to `journal`; it must succeed. */
async function enforce({ sim, run }: SimCaseContext, journal: string, ...args: string[]): Promise<void> {
  const r = await run([
    "enforce",
    "--endpoint-url",
    sim.url,
    ...REGIONS,
    "--instances",
    "--yes",
    "--journal",
    journal,
    ...args,
  ]);
  expect(r.code, r.stderr).toBe(0);
  expect(readJournal(journal).entries.length).toBeGreaterThan(0);
}

const rollback = (journal: string, { sim, file }: SimCaseContext, out: string, ...args: string[]) => [
  "rollback",
  journal,
  "--endpoint-url",
  sim.url,
  ...args,
  "--yes",
  "--journal",
  file(out),
];

/** The lines with every record's hash chain recomputed, as an intact journal would have it. */
function rechained(lines: string[]): string[] {
  let previous = "";
  return lines.map((line) => {
    const record = JSON.parse(line) as Record<string, unknown>;
    record.chain = chainOf(previous, record);
    previous = record.chain as string;
    return JSON.stringify(record);
  });
}

/**
 * A journal rollback must refuse: exit 2 with one line, nothing changed. `write` makes the bad
 * journal from the lines of a good one, which enforce has just written while changing the account.
 */
interface BadJournal {
  title: string;
  name: string;
  out: string;
  write?: (lines: string[]) => string;
  refusal: (stderr: string, lines: string[]) => void;
}

const BAD_JOURNALS: BadJournal[] = [
  {
    title: "A journal with bad JSON on line 3",
    name: "bad-json.jsonl",
    out: "r1.jsonl",
    write: (lines) => `${[...lines.slice(0, 2), "{not json", ...lines.slice(3)].join("\n")}\n`,
    refusal(stderr) {
      expect(stderr).toMatch(/^imds: journal .*bad-json\.jsonl: line 3 is truncated or not JSON/);
    },
  },
  {
    title: "A journal with a line cut short in the middle",
    name: "torn-inside.jsonl",
    out: "r2.jsonl",
    write(lines) {
      // A torn last line is expected after a crash or a full disk (and used up to the tear); a torn
      // line with complete lines after it is not something imds writes.
      const third = lines[2] ?? "";
      return `${[...lines.slice(0, 2), third.slice(0, Math.floor(third.length / 2)), ...lines.slice(3)].join("\n")}\n`;
    },
    refusal(stderr) {
      expect(stderr).toContain("line 3 is truncated or not JSON");
    },
  },
  {
    title: "A journal edited after it was written",
    name: "edited.jsonl",
    out: "r5.jsonl",
    write(lines) {
      // An intent edited to also ask for httpEndpoint: rollback would turn IMDS off with it.
      const edited = (lines[1] ?? "").replace('"requested":{', '"requested":{"httpEndpoint":"disabled",');
      return `${[lines[0], edited, ...lines.slice(2)].join("\n")}\n`;
    },
    refusal(stderr) {
      expect(stderr).toMatch(/line 2 (does not follow|requests "httpEndpoint")/);
    },
  },
  {
    title: "A journal from another account",
    name: "other-account.jsonl",
    out: "r3.jsonl",
    write(lines) {
      // An intact journal of another account: the header and every line after it chained anew.
      const header = JSON.parse(lines[0] ?? "{}") as Record<string, unknown>;
      return `${rechained([JSON.stringify({ ...header, account: "999988887777" }), ...lines.slice(1)]).join("\n")}\n`;
    },
    refusal(stderr) {
      // Both account ids named.
      expect(stderr).toContain("999988887777");
      expect(stderr).toContain(ACCOUNT);
    },
  },
  {
    title: "A journal that does not exist",
    name: "no-such.jsonl",
    out: "r4.jsonl",
    refusal(stderr) {
      expect(stderr).toContain("no-such.jsonl");
    },
  },
];

function badJournalCase(bad: BadJournal): SimCase {
  const good = (ctx: SimCaseContext) => ctx.file("bad-journals/enforce.jsonl");
  const lines = (ctx: SimCaseContext) => readFileSync(good(ctx), "utf8").split("\n").slice(0, -1);
  return {
    title: bad.title,
    scenario: scenario(10, QUICK),
    async setup(ctx) {
      if (!bad.write) return;
      await enforce(ctx, good(ctx));
      expect(lines(ctx).length).toBeGreaterThan(6);
      writeFileSync(ctx.file(`bad-journals/${bad.name}`), bad.write(lines(ctx)));
      ctx.sim.log.reset();
    },
    args: (ctx) => rollback(ctx.file(`bad-journals/${bad.name}`), ctx, `bad-journals/${bad.out}`),
    check(run, ctx) {
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
      bad.refusal(run.stderr, bad.write ? lines(ctx) : []);
      expectNothingWritten(ctx, [`bad-journals/${bad.out}`]);
    },
  };
}

describe.skipIf(!onSimulator)("imds rollback against the simulator", () => {
  simCases("rollback", [
    {
      title: "rollback --instance-ids: one instance only",
      scenario: scenario(30, QUICK),
      async setup(ctx) {
        await enforce(
          ctx,
          ctx.file("narrow/enforce.jsonl"),
          "--hop-limit",
          "2",
          "--raise-hop-limit",
          "--format",
          "json",
        );
      },
      args: (ctx) =>
        rollback(ctx.file("narrow/enforce.jsonl"), ctx, "narrow/rollback-one.jsonl", "--instance-ids", E01),
      async check(one, ctx) {
        // Only e01 goes back; e02 and every other change stay as enforce left them.
        const { sim, initial, before: enforced } = ctx;
        expect(one.code, one.stderr).toBe(0);
        const narrowed = simSnapshot(sim);
        expect(changedInstances(enforced, narrowed)).toEqual([`eu-west-1 ${E01}`]);
        expect(narrowed["eu-west-1"]?.instances[E01]).toEqual(initial["eu-west-1"]?.instances[E01]);
        expect(narrowed["eu-west-1"]?.defaults).toEqual(enforced["eu-west-1"]?.defaults);
        expect(narrowed["ap-south-1"]?.defaults).toEqual(enforced["ap-south-1"]?.defaults);
        await restoreTheRest(ctx);
      },
    },
    ...BAD_JOURNALS.map(badJournalCase),
  ]);

  it("kill -9 in the middle of enforce, then rollback: every instance and default exactly as before", async () => {
    await withSimulator(scenario(400), async ({ sim, run, spawn, file }) => {
      sim.controls.update({ throttle: { timeScale: 20 }, appliedAfterMs: 200 });
      const journal = file("kill9/enforce.jsonl");
      const before = simSnapshot(sim);
      const enforce = spawn(
        pacedEnforce(sim.url, journal, ...REGIONS, "--hop-limit", "2", "--raise-hop-limit"),
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
        file("kill9/rollback.jsonl"),
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
      const own = readJournal(file("kill9/rollback.jsonl"));
      expect(own.header).toMatchObject({ command: "rollback", source: journal });
      expect(own.entries.every((e) => e.outcome === "applied")).toBe(true);
      expect(own.entries.filter((e) => e.kind === "instance")).toHaveLength(changed.length);
    });
  });
});

/**
 * After the narrowed rollback: someone changes e02 (hop limit 3) and ap-south-1's default (hop
 * limit 4); a full rollback leaves those alone and reported, and restores everything else.
 */
async function restoreTheRest(ctx: SimCaseContext): Promise<void> {
  const { sim, initial, run, file } = ctx;
  const e02 = sim.state.region("eu-west-1")?.instances.find((i) => i.id === E02);
  if (!e02) throw new Error("no e02");
  e02.httpPutResponseHopLimit = 3;
  const ap = sim.state.region("ap-south-1");
  if (!ap) throw new Error("no ap-south-1");
  ap.defaults = { ...ap.defaults, httpPutResponseHopLimit: 4 };
  const touched = simSnapshot(sim);

  const rest = await run([
    ...rollback(file("narrow/enforce.jsonl"), ctx, "narrow/rollback-rest.jsonl"),
    "--format",
    "json",
  ]);
  expect(rest.code, rest.stderr).toBe(0);
  const reasons = Object.fromEntries(parse(rest).skipped.map((s) => [`${s.region} ${s.id}`, s.reason]));
  expect(reasons[`eu-west-1 ${E02}`]).toMatch(/^changed since imds set it/);
  expect(reasons[`eu-west-1 ${E02}`]).toContain("hopLimit=3");
  expect(reasons["ap-south-1 account-default"]).toMatch(/^changed since imds set it/);
  // e01 was restored already: it no longer shows what imds set.
  expect(reasons[`eu-west-1 ${E01}`]).toMatch(/^changed since imds set it/);

  const after = simSnapshot(sim);
  // Left alone: exactly as the other hand left them.
  expect(after["eu-west-1"]?.instances[E02]).toEqual(touched["eu-west-1"]?.instances[E02]);
  expect(after["ap-south-1"]?.defaults).toEqual(touched["ap-south-1"]?.defaults);
  // Everything else is back to before enforce.
  expect(after["eu-west-1"]?.defaults).toEqual(initial["eu-west-1"]?.defaults);
  expect(changedInstances(initial, after)).toEqual([`eu-west-1 ${E02}`]);
}
