// `imds enforce` end to end: the built CLI, the real SDK, the simulator over HTTP. Every case
// checks what the simulator holds afterwards, not only what imds says.
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ChangeReport } from "../../src/core/change-report.js";
import { readJournal } from "../../src/journal/journal.js";
import type { Scenario } from "../../src/sim/index.js";
import { type SimCaseContext, simCases } from "./cases.js";
import { onSimulator, pacedEnforce, parseReport, type Run, waitForLines, withSimulator } from "./harness.js";
import { changedInstances, expectNothingWritten, simSettings, simSnapshot } from "./sim-state.js";

const parse = (r: Run) => parseReport<ChangeReport>(r);
const ACCOUNT = "111122223333";

/** Listed instances with tags, in two regions: the filters' truth table. */
function taggedScenario(): Scenario {
  return {
    accountId: ACCOUNT,
    regions: {
      "*": { defaults: { httpTokens: "required" } },
      "eu-west-1": {
        defaults: { httpTokens: "optional", httpPutResponseHopLimit: 1, instanceMetadataTags: "enabled" },
        instances: [
          { id: "i-0000000000000000a", tags: { env: "dev", team: "web", Name: "web-dev-1" } },
          { id: "i-0000000000000000b", tags: { env: "dev", legacy: "true", Name: "legacy-dev" } },
          { id: "i-0000000000000000c", tags: { env: "prod", Name: "web-prod-1" } },
          {
            id: "i-0000000000000000d",
            httpTokens: "required",
            httpPutResponseHopLimit: 2,
            tags: { env: "dev" },
          },
          { id: "i-0000000000000000e", httpEndpoint: "disabled", tags: { env: "dev" } },
          { id: "i-0000000000000000f", state: "stopped", httpPutResponseHopLimit: 3, tags: { env: "dev" } },
          { id: "i-00000000000000010", state: "terminated", tags: { env: "dev" } },
        ],
      },
      "us-east-1": {
        defaults: {},
        instances: [
          { id: "i-00000000000000011", tags: { env: "dev", team: "data" } },
          { id: "i-00000000000000012", tags: { env: "staging" } },
        ],
      },
    },
  };
}

/** One region with `count` generated instances: mostly IMDSv1, some compliant, some IMDS off. */
function bulkScenario(count: number): Scenario {
  return {
    accountId: ACCOUNT,
    regions: {
      "*": { defaults: { httpTokens: "required" } },
      "ap-south-1": {
        defaults: { httpTokens: "optional", httpPutResponseHopLimit: 1 },
        generate: [
          {
            count,
            seed: 7,
            mix: [
              { weight: 80, httpTokens: "optional", httpPutResponseHopLimit: 1 },
              { weight: 10, httpTokens: "optional", httpPutResponseHopLimit: 3, state: "stopped" },
              { weight: 7, httpTokens: "required", httpPutResponseHopLimit: 2 },
              { weight: 3, httpTokens: "optional", httpEndpoint: "disabled" },
            ],
          },
        ],
      },
    },
  };
}

/** The first enforce on the demo account: every region's default, report to a file. */
const demoEnforce = ({ sim, file }: SimCaseContext) => [
  "enforce",
  "--endpoint-url",
  sim.url,
  "--journal",
  file("demo/enforce.jsonl"),
  "--format",
  "json",
  "--output",
  file("demo/report.json"),
];

const TWO_REGIONS = ["--regions", "eu-west-1,us-east-1"];
const LOCK_MESSAGE = "IMDS settings are owned by the cloud platform team (#cloud-platform)";

/** A dry run with instances in three regions (the tagged scenario plus us-west-2). */
const dryRunArgs = (endpoint: string) => [
  "enforce",
  "--endpoint-url",
  endpoint,
  "--regions",
  "eu-west-1,us-east-1,us-west-2",
  "--instances",
  "--force",
  "--dry-run",
];

/** `--instances` in both regions of the tagged scenario, without asking for evidence. */
const instancesInTwoRegions = ({ sim }: SimCaseContext) => [
  "enforce",
  "--endpoint-url",
  sim.url,
  ...TWO_REGIONS,
  "--instances",
  "--force",
];

describe.skipIf(!onSimulator)("imds enforce against the simulator", () => {
  simCases("enforce", [
    {
      title: "Defaults in every region of the demo account (non-TTY, no --yes needed)",
      scenario: "demo",
      args: demoEnforce,
      check(first, { sim, before, file }) {
        expect(first.code, first.stderr).toBe(0);
        expect(first.stdout).toBe("");
        const regions = Object.keys(before);
        expect(regions).toHaveLength(17);
        const report = JSON.parse(readFileSync(file("demo/report.json"), "utf8")) as ChangeReport;
        expect(report.mode).toBe("apply");
        expect(report.account.id).toBe(sim.state.accountId);
        expect(report.regions.map((r) => r.region).sort()).toEqual([...regions].sort());
        expect(report.changes.every((c) => c.kind === "account-default")).toBe(true);

        const after = simSnapshot(sim);
        const locked = regions.filter((r) => sim.state.region(r)?.lock);
        expect(locked).toHaveLength(1);
        for (const region of regions) {
          const was = before[region]?.defaults ?? {};
          const now = after[region]?.defaults;
          if (locked.includes(region)) {
            expect(now, region).toEqual(was);
          } else {
            // httpTokens required, every other default field kept exactly as it was.
            expect(now, region).toEqual({ ...was, httpTokens: "required" });
          }
          // Without --instances no instance is touched.
          expect(after[region]?.instances, region).toEqual(before[region]?.instances);
        }
        const lockedRegion = locked[0] ?? "";
        const message = sim.state.region(lockedRegion)?.lock?.message ?? "";
        expect(message).not.toBe("");
        const skip = report.skipped.find((s) => s.region === lockedRegion && s.kind === "account-default");
        expect(skip?.reason).toContain(message);
        expect(sim.log.count({ region: lockedRegion, action: "ModifyInstanceMetadataDefaults" })).toBe(0);
        // Regions that already required IMDSv2 were left alone, and said so.
        const compliant = regions.filter(
          (r) => !locked.includes(r) && before[r]?.defaults.httpTokens === "required",
        );
        expect(compliant.length).toBeGreaterThan(0);
        for (const r of compliant) {
          expect(report.skipped.find((s) => s.region === r)?.reason).toBe("already requires IMDSv2");
        }
        const changed = regions.filter((r) => !locked.includes(r) && !compliant.includes(r));
        expect(report.changes.map((c) => c.region).sort()).toEqual(changed.sort());
        expect(report.changes.every((c) => c.outcome === "applied" && c.verified === "applied")).toBe(true);
        expect(report.summary).toMatchObject({ planned: changed.length, applied: changed.length, failed: 0 });
        expect(sim.log.count({ action: "ModifyInstanceMetadataDefaults" })).toBe(changed.length);
      },
    },
    {
      title: "The same again: nothing to do",
      scenario: "demo",
      async setup(ctx) {
        const first = await ctx.run(demoEnforce(ctx));
        expect(first.code, first.stderr).toBe(0);
        ctx.sim.log.reset();
      },
      args: ({ sim, file }) => ["enforce", "--endpoint-url", sim.url, "--journal", file("demo/again.jsonl")],
      async check(again, ctx) {
        expect(again.code, again.stderr).toBe(0);
        expect(again.stdout).toContain("NOTHING TO DO");
        const json = await ctx.run([
          "enforce",
          "--endpoint-url",
          ctx.sim.url,
          "--journal",
          ctx.file("demo/again2.jsonl"),
          "--format",
          "json",
        ]);
        expect(json.code, json.stderr).toBe(0);
        expect(parse(json).summary.planned).toBe(0);
        expect(parse(json).changes).toEqual([]);
        // No write, no journal.
        expectNothingWritten(ctx, ["demo/again.jsonl", "demo/again2.jsonl"]);
      },
    },
    {
      title: "--instances --tag env=dev --exclude-tag legacy=true",
      scenario: taggedScenario(),
      args: (ctx) => [
        ...instancesInTwoRegions(ctx),
        "--tag",
        "env=dev",
        "--exclude-tag",
        "legacy=true",
        "--yes",
        "--journal",
        ctx.file("tags/enforce.jsonl"),
        "--max-rows",
        "0",
      ],
      async check(r, { sim, before, run, file }) {
        // Only matching instances change; compliant and IMDS-off ones are untouched.
        expect(r.code, r.stderr).toBe(0);
        const after = simSnapshot(sim);
        const expected = [
          "eu-west-1 i-0000000000000000a",
          "eu-west-1 i-0000000000000000f",
          "us-east-1 i-00000000000000011",
        ];
        expect(changedInstances(before, after).sort()).toEqual(expected);
        for (const key of expected) {
          const [region = "", id = ""] = key.split(" ");
          const was = before[region]?.instances[id];
          // Only httpTokens changes; hop limit, endpoint and the rest are kept.
          expect(after[region]?.instances[id], key).toEqual({ ...was, httpTokens: "required" });
        }
        // The defaults of both regions now require IMDSv2, their other fields kept.
        expect(after["eu-west-1"]?.defaults).toEqual({
          httpTokens: "required",
          httpPutResponseHopLimit: 1,
          instanceMetadataTags: "enabled",
        });
        expect(after["us-east-1"]?.defaults).toEqual({ httpTokens: "required" });

        // The same filters again: nothing left to do, and every instance left alone says why.
        const again = await run([
          "enforce",
          "--endpoint-url",
          sim.url,
          ...TWO_REGIONS,
          "--tag",
          "env=dev",
          "--exclude-tag",
          "legacy=true",
          "--format",
          "json",
          "--journal",
          file("tags/again.jsonl"),
        ]);
        expect(again.code, again.stderr).toBe(0);
        const report = parse(again);
        expect(report.summary.planned).toBe(0);
        const reasons = Object.fromEntries(
          report.skipped.filter((s) => s.kind === "instance").map((s) => [s.id, s.reason]),
        );
        expect(reasons).toEqual({
          "i-0000000000000000a": "already requires IMDSv2",
          "i-0000000000000000b": "excluded by --exclude-tag legacy=true",
          "i-0000000000000000d": "already requires IMDSv2",
          "i-0000000000000000e": "IMDS is turned off",
          "i-0000000000000000f": "already requires IMDSv2",
          "i-00000000000000011": "already requires IMDSv2",
        });
        expect(existsSync(file("tags/again.jsonl"))).toBe(false);
        expect(simSnapshot(sim)).toEqual(after);
      },
    },
    {
      title: "A region locked by an organization policy",
      scenario: {
        accountId: ACCOUNT,
        regions: {
          "eu-west-1": { defaults: { httpTokens: "optional" }, lock: { message: LOCK_MESSAGE } },
          "us-east-1": { defaults: { httpTokens: "optional", httpPutResponseHopLimit: 2 } },
        },
      },
      args: ({ sim, file }) => [
        "enforce",
        "--endpoint-url",
        sim.url,
        ...TWO_REGIONS,
        "--journal",
        file("locked/enforce.jsonl"),
      ],
      async check(r, { sim, run, file }) {
        // Skipped with its policy message and never written to.
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toContain("owned by the cloud platform team");
        expect(sim.state.region("eu-west-1")?.defaults).toEqual({ httpTokens: "optional" });
        expect(sim.state.region("us-east-1")?.defaults).toEqual({
          httpTokens: "required",
          httpPutResponseHopLimit: 2,
        });
        expect(sim.log.count({ region: "eu-west-1", action: "ModifyInstanceMetadataDefaults" })).toBe(0);
        const { entries } = readJournal(file("locked/enforce.jsonl"));
        expect(entries.map((e) => e.region)).toEqual(["us-east-1"]);

        const json = parse(
          await run(["enforce", "--endpoint-url", sim.url, "--regions", "eu-west-1", "--format", "json"]),
        );
        expect(json.skipped).toEqual([
          expect.objectContaining({
            region: "eu-west-1",
            kind: "account-default",
            reason: expect.stringContaining(LOCK_MESSAGE),
          }),
        ]);
        expect(json.summary.planned).toBe(0);
      },
    },
    {
      title: "ModifyInstanceMetadataOptions denied in eu-west-1",
      scenario: { ...taggedScenario(), denied: { ModifyInstanceMetadataOptions: ["eu-west-1"] } },
      args: (ctx) => [
        ...instancesInTwoRegions(ctx),
        "--yes",
        "--journal",
        ctx.file("denied/enforce.jsonl"),
        "--max-rows",
        "0",
      ],
      check(r, { sim, before, file }) {
        // The other region applied, exit 3, and the journal matches the simulator.
        expect(r.code, r.stderr).toBe(3);
        expect(r.stdout).toContain("INCOMPLETE");
        expect(r.stdout).toContain("UnauthorizedOperation");

        const after = simSnapshot(sim);
        // us-east-1's IMDSv1 instances were changed; no eu-west-1 instance was.
        expect(changedInstances(before, after).sort()).toEqual([
          "us-east-1 i-00000000000000011",
          "us-east-1 i-00000000000000012",
        ]);
        // The defaults are another permission: applied in both regions.
        expect(after["eu-west-1"]?.defaults.httpTokens).toBe("required");

        const { header, entries } = readJournal(file("denied/enforce.jsonl"));
        expect(header).toMatchObject({ command: "enforce", account: ACCOUNT, endpoint: sim.url });
        const outcomes = entries.map((e) => `${e.region} ${e.id} ${e.outcome}`).sort();
        expect(outcomes).toEqual([
          "eu-west-1 account-default applied",
          "eu-west-1 i-0000000000000000a failed",
          "eu-west-1 i-0000000000000000b failed",
          "eu-west-1 i-0000000000000000c failed",
          "eu-west-1 i-0000000000000000f failed",
          "us-east-1 account-default applied",
          "us-east-1 i-00000000000000011 applied",
          "us-east-1 i-00000000000000012 applied",
        ]);
        for (const e of entries) {
          const now = simSettings(sim, e.region, e.kind as "account-default" | "instance", e.id);
          const expected = e.outcome === "applied" ? { ...e.before, ...e.requested } : e.before;
          const keys = [...new Set([...Object.keys(e.before), ...Object.keys(e.requested)])];
          for (const k of keys) expect(now[k], `${e.region} ${e.id} ${k}`).toBe(expected[k]);
          if (e.outcome === "failed") expect(e.error?.code).toBe("UnauthorizedOperation");
        }
      },
    },
    {
      title: "--dry-run with ModifyInstanceMetadataDefaults denied in us-west-2",
      scenario: {
        ...taggedScenario(),
        regions: {
          ...taggedScenario().regions,
          "us-west-2": {
            defaults: { httpTokens: "optional" },
            instances: [{ id: "i-00000000000000021" }, { id: "i-00000000000000022" }],
          },
        },
        denied: { ModifyInstanceMetadataDefaults: ["us-west-2"] },
      },
      args: ({ sim, file }) => [...dryRunArgs(sim.url), "--journal", file("dry-run/enforce.jsonl")],
      async check(table, { sim, before, run, file }) {
        // Nothing changes; one probe per region and action; the denied permission is reported.
        expect(table.code, table.stderr).toBe(3);
        expect(table.stdout).toContain("DRY RUN");
        expect(table.stdout).toContain(
          "us-west-2 ec2:ModifyInstanceMetadataDefaults (UnauthorizedOperation)",
        );
        expect(simSnapshot(sim)).toEqual(before);
        // One DryRun probe per region and action, never one per instance.
        expect(sim.log.count({ action: "ModifyInstanceMetadataOptions" })).toBe(3);
        for (const region of ["eu-west-1", "us-east-1", "us-west-2"]) {
          expect(
            sim.log.count({ region, action: "ModifyInstanceMetadataOptions", code: "DryRunOperation" }),
          ).toBe(1);
        }
        expect(sim.log.count({ action: "ModifyInstanceMetadataDefaults" })).toBe(3);

        const r = await run([...dryRunArgs(sim.url), "--format", "json"]);
        expect(r.code).toBe(3);
        const report = parse(r);
        expect(report.mode).toBe("dry-run");
        const probes = Object.fromEntries(
          report.regions.flatMap((g) => g.probes.map((p) => [`${p.region} ${p.action}`, p.result])),
        );
        expect(probes).toEqual({
          "eu-west-1 ModifyInstanceMetadataDefaults": "permitted",
          "eu-west-1 ModifyInstanceMetadataOptions": "permitted",
          "us-east-1 ModifyInstanceMetadataDefaults": "permitted",
          "us-east-1 ModifyInstanceMetadataOptions": "permitted",
          "us-west-2 ModifyInstanceMetadataDefaults": "denied",
          "us-west-2 ModifyInstanceMetadataOptions": "permitted",
        });
        expect(report.changes.every((c) => c.outcome === "planned")).toBe(true);
        expect(report.summary.planned).toBe(5 + 3 + 3); // per region: the default and its IMDSv1 instances
        expect(simSnapshot(sim)).toEqual(before);
        expect(existsSync(file("dry-run/enforce.jsonl"))).toBe(false);
      },
    },
    {
      title: "An instance plan without a terminal and without --yes",
      scenario: taggedScenario(),
      args: (ctx) => [...instancesInTwoRegions(ctx), "--journal", ctx.file("refusals/a.jsonl")],
      async check(table, ctx) {
        // Refused without changing anything.
        expect(table.code).toBe(2);
        expect(table.stdout).toBe("");
        // Refused before the plan is printed (issue 11, point 8): one line that says what to do.
        expect(table.stderr.trim().split("\n")).toHaveLength(1);
        expect(table.stderr).toMatch(/^imds: the plan changes 6 instances .*pass --yes\n$/);

        const args = [
          ...instancesInTwoRegions(ctx),
          "--format",
          "json",
          "--journal",
          ctx.file("refusals/b.jsonl"),
        ];
        const json = await ctx.run(args);
        expect(json.code).toBe(2);
        expect(json.stdout).toBe("");
        expect(json.stderr.trim().split("\n")).toHaveLength(1);
        expect(json.stderr).toMatch(/--yes\n$/);
        expectNothingWritten(ctx, ["refusals/a.jsonl", "refusals/b.jsonl"]);
      },
    },
    {
      title: "--max-changes below the plan",
      scenario: taggedScenario(),
      args: (ctx) => [
        ...instancesInTwoRegions(ctx),
        "--yes",
        "--max-changes",
        "5",
        "--journal",
        ctx.file("refusals/c.jsonl"),
      ],
      async check(max, ctx) {
        // Refused in one line without changing anything.
        expect(max.code).toBe(2);
        expect(max.stderr.trim().split("\n")).toHaveLength(1);
        expect(max.stderr).toMatch(/^imds: the plan changes 6 instances, more than --max-changes 5/);
        expectNothingWritten(ctx, ["refusals/c.jsonl"]);

        // At the limit, it goes ahead.
        const args = [...instancesInTwoRegions(ctx), "--yes", "--max-changes", "6", "--format", "json"];
        const ok = await ctx.run([...args, "--journal", ctx.file("refusals/d.jsonl")]);
        expect(ok.code, ok.stderr).toBe(0);
        // Whatever --format says, the plan a person would review is shown on stderr, as a table.
        expect(ok.stderr).toMatch(/PLAN: \d+ changes planned/);
        expect(JSON.parse(ok.stdout).summary.planned).toBe(8);
        expect(changedInstances(ctx.before, simSnapshot(ctx.sim))).toHaveLength(6);
      },
    },
  ]);

  it("several --tag must all match: a dry run plans only the dev web instance", async () => {
    await withSimulator(taggedScenario(), async ({ sim, run, file }) => {
      const before = simSnapshot(sim);
      const both = await run([
        "enforce",
        "--endpoint-url",
        sim.url,
        ...TWO_REGIONS,
        "--tag",
        "env=dev",
        "--tag",
        "team=web",
        "--dry-run",
        "--format",
        "json",
        "--journal",
        file("dry.jsonl"),
      ]);
      expect(both.code, both.stderr).toBe(0);
      expect(
        parse(both)
          .changes.filter((c) => c.kind === "instance")
          .map((c) => c.id),
      ).toEqual(["i-0000000000000000a"]);
      expect(simSnapshot(sim)).toEqual(before);
    });
  });

  it("2,000 instances in one region, AWS's bucket sizes time-scaled x20, --write-rate 100: all applied, no failure", async () => {
    await withSimulator(bulkScenario(2000), async ({ sim, run, file }) => {
      sim.controls.update({ throttle: { timeScale: 20 }, appliedAfterMs: 200 });
      const before = simSnapshot(sim);
      const planned = Object.values(before["ap-south-1"]?.instances ?? {}).filter(
        (i) =>
          i.httpEndpoint === "enabled" &&
          i.httpTokens === "optional" &&
          ["pending", "running", "stopping", "stopped"].includes(i.state),
      ).length;
      expect(planned).toBeGreaterThan(1700);
      const started = Date.now();
      const r = await run([
        "enforce",
        "--endpoint-url",
        sim.url,
        "--regions",
        "ap-south-1",
        "--instances",
        "--force",
        "--yes",
        "--write-rate",
        "100",
        "--journal",
        file("bulk/enforce.jsonl"),
        "--format",
        "json",
      ]);
      const seconds = (Date.now() - started) / 1000;
      expect(r.code, r.stderr).toBe(0);
      const report = parse(r);
      expect(report.summary).toMatchObject({
        planned: planned + 1,
        applied: planned + 1,
        failed: 0,
        unverified: 0,
        notStarted: 0,
      });
      const after = simSnapshot(sim);
      expect(changedInstances(before, after)).toHaveLength(planned);
      const instances = Object.values(after["ap-south-1"]?.instances ?? {});
      expect(instances.filter((i) => i.httpEndpoint === "enabled" && i.httpTokens === "optional")).toEqual(
        [],
      );
      // Paced to the bucket, with headroom for calls in flight: AWS (almost) never has to refuse one
      // (0 in every run measured; a loaded machine may bunch a few arrivals), and never fails one.
      const throttled = sim.log.count({ code: "RequestLimitExceeded" });
      expect(sim.log.snapshot().byCode).toEqual(throttled ? { RequestLimitExceeded: throttled } : {});
      expect(throttled, `${throttled} RequestLimitExceeded`).toBeLessThan(planned * 0.02);
      expect(sim.log.count({ region: "ap-south-1", action: "ModifyInstanceMetadataOptions" })).toBe(
        planned + throttled,
      );
      // Paced, not flooded: 100 at once, then 100 per second.
      expect(seconds).toBeGreaterThan((planned - 100) / 100 - 1);
      const { entries } = readJournal(file("bulk/enforce.jsonl"));
      expect(entries.filter((e) => e.outcome === "applied")).toHaveLength(planned + 1);
    });
  }, 90_000);

  it("Ctrl-C in the middle: exit 130, a partial report, every journaled change has its outcome", async () => {
    await withSimulator(bulkScenario(400), async ({ sim, spawn, file }) => {
      sim.controls.update({ throttle: { timeScale: 20 }, appliedAfterMs: 200 });
      const journal = file("sigint/enforce.jsonl");
      const before = simSnapshot(sim);
      const child = spawn(pacedEnforce(sim.url, journal, "--format", "json"));
      await waitForLines(journal, 41, child);
      child.child.kill("SIGINT");
      const r = await child.done;
      expect(r.code, r.stderr).toBe(130);
      expect(r.stderr).toContain("stopping: finishing the changes in flight");
      const report = parse(r);
      expect(report.interrupted).toBe(true);
      expect(report.summary.notStarted).toBeGreaterThan(0);

      const { entries } = readJournal(journal);
      expect(entries.filter((e) => e.outcome === "unknown")).toEqual([]);
      const applied = entries.filter((e) => e.kind === "instance" && e.outcome === "applied");
      const changed = changedInstances(before, simSnapshot(sim));
      expect(applied.length).toBeGreaterThanOrEqual(15);
      expect(changed.length).toBe(applied.length);
      expect(changed.sort()).toEqual(applied.map((e) => `${e.region} ${e.id}`).sort());
      // The report agrees with the journal.
      expect(report.changes.filter((c) => c.kind === "instance" && c.outcome === "applied")).toHaveLength(
        applied.length,
      );
      expect(report.summary.notStarted + applied.length + 1).toBe(report.summary.planned);
    });
  });
});

describe.skipIf(!onSimulator)("imds enforce waits for AWS to apply, within bounds", () => {
  it("changes still pending when --wait runs out are reported, and the run exits 3", async () => {
    const scenario: Scenario = {
      accountId: ACCOUNT,
      regions: {
        "eu-west-1": {
          defaults: { httpTokens: "required" },
          instances: [{ id: "i-00000000000000001", httpTokens: "optional" }],
        },
      },
      controls: { appliedAfterMs: 60_000 },
    };
    await withSimulator(scenario, async ({ sim, run, file }) => {
      const r = await run([
        "enforce",
        "--endpoint-url",
        sim.url,
        "--regions",
        "eu-west-1",
        "--instances",
        "--force",
        "--yes",
        "--wait",
        "1",
        "--journal",
        file("pending/enforce.jsonl"),
        "--format",
        "json",
      ]);
      expect(r.code, r.stderr).toBe(3);
      const report = parse(r);
      expect(report.summary).toMatchObject({ planned: 1, applied: 0, unverified: 1, failed: 0 });
      expect(report.changes[0]).toMatchObject({ outcome: "applied", verified: "pending" });
      expect(report.verdict.line).toMatch(/^INCOMPLETE: .*1 not yet seen applied/);
      // The change itself was made: the simulator holds it, pending.
      expect(sim.state.region("eu-west-1")?.instances[0]?.httpTokens).toBe("required");
    });
  });
});
