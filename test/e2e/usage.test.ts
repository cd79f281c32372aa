// IMDSv1 usage evidence end to end: audit --usage, enforce deciding by it, and watch after a change.
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ChangeReport } from "../../src/core/change-report.js";
import type { WatchReport } from "../../src/core/watch.js";
import type { Scenario } from "../../src/sim/index.js";
import { simCases } from "./cases.js";
import { onSimulator, parseReport, withSimulator } from "./harness.js";
import { auditReport } from "./reports.js";
import { simSnapshot } from "./sim-state.js";

// The demo scenario's instances with known evidence (docs/scenario.md).
const IN_USE = "i-0a1b2c3d4e5f60001"; // us-east-1 billing-api-1: 1,440 IMDSv1 calls a day
const REJECTS_LATER = "i-0a1b2c3d4e5f60002"; // us-east-1 billing-api-2: quiet, but calls IMDSv1 once required
const STOPPED = "i-0a1b2c3d4e5f60005"; // us-east-1: stopped, so no metric data
/**
 * The simulator's clock stands still at T0, a minute boundary, and each CLI run starts at the
 * simulator's time (harness.ts): evidence windows, journal times and rejected-call periods depend on
 * T0 alone, never on when the suite runs. Changes apply at once (nothing moves the clock to apply them).
 */
const T0 = Date.UTC(2026, 10, 22, 10, 0, 0);
const FIXED = { clock: { at: T0, fixed: true }, controls: { appliedAfterMs: 0 } };
const TODAY = "2026-11-22";

/** Evidence counts and days move with the clock: the snapshot keeps their shape only. */
const steady = (text: string) =>
  text
    .replace(/in use: \d+/g, "in use: N")
    .replace(/\b\d{4}-\d\d-\d\d\b(?![ T]\d)/g, "DATE")
    // Column widths follow the counts' digits: keep the columns, not their padding.
    .replace(/ {2,}/g, "  ")
    .replace(/─+/g, "──");

/** enforce --instances in us-east-1, where the demo account has instances of every readiness. */
const enforceUsEast1 = (endpoint: string, journal: string, ...args: string[]) => [
  "enforce",
  "--endpoint-url",
  endpoint,
  "--regions",
  "us-east-1",
  "--instances",
  "--yes",
  "--journal",
  journal,
  ...args,
];

/** Two instances that allow IMDSv1 in eu-west-1, and no permission to read their metrics. */
const METRICS_DENIED: Scenario = {
  accountId: "111122223333",
  regions: {
    "eu-west-1": {
      defaults: { httpTokens: "required" },
      instances: [
        { id: "i-00000000000000001", httpTokens: "optional" },
        { id: "i-00000000000000002", httpTokens: "optional" },
      ],
    },
  },
  denied: { GetMetricData: ["eu-west-1"] },
};

describe.skipIf(!onSimulator)("IMDSv1 usage evidence", () => {
  simCases("usage", [
    {
      title: "audit --usage 7 (table)",
      scenario: "demo",
      ...FIXED,
      args: ({ sim }) => ["audit", "--endpoint-url", sim.url, "--usage", "7", "--regions", "us-east-1"],
      steady,
      async check(table, { sim, run }) {
        expect(table.stdout).toContain("IMDSv1 use in the last 7 days");
        expect(table.stdout).toMatch(new RegExp(`${IN_USE}.*in use: \\d+, last ${TODAY}`));

        // A readiness per instance and counts per region, in every format.
        sim.log.reset();
        const json = await run(["audit", "--endpoint-url", sim.url, "--usage", "--format", "json"]);
        expect(json.code, json.stderr).toBe(1);
        const report = auditReport(json);
        expect(report.complete).toBe(true);
        expect(report.options.usageDays).toBe(14);
        expect(report.regions.map((r) => r.region).sort()).toEqual(
          sim.state
            .enabledRegions()
            .map((r) => r.name)
            .sort(),
        );
        const byId = new Map(report.resources.map((r) => [r.id, r]));
        expect(byId.get(IN_USE)?.usage).toMatchObject({ readiness: "in-use", lastSeen: TODAY });
        expect(byId.get(IN_USE)?.usage?.calls).toBeGreaterThan(14 * 1000);
        expect(byId.get(REJECTS_LATER)?.usage).toEqual({ readiness: "ready", calls: 0 });
        expect(byId.get(STOPPED)?.usage?.readiness).toBe("unknown");
        for (const region of report.regions) {
          const mine = report.resources.filter((r) => r.region === region.region && r.kind === "instance");
          const count = (readiness: string) => mine.filter((r) => r.usage?.readiness === readiness).length;
          expect(region.usage).toEqual({
            ready: count("ready"),
            inUse: count("in-use"),
            unknown: count("unknown"),
          });
          expect(count("ready") + count("in-use") + count("unknown")).toBe(region.counts.v1Allowed);
        }
        // Only instances that allow IMDSv1 need evidence: one call per region with any of them.
        const withOpen = report.regions.filter((r) => r.counts.v1Allowed > 0).length;
        expect(sim.log.count({ action: "GetMetricData" })).toBe(withOpen);

        const usage = ["audit", "--endpoint-url", sim.url, "--usage"];
        const csv = await run([...usage, "--format", "csv", "--regions", "us-east-1"]);
        expect(csv.stdout.split("\n")[0]).toMatch(/,readiness,imdsv1Calls,lastSeen,httpTokensEnforced,/);
        expect(csv.stdout).toMatch(new RegExp(`${REJECTS_LATER},.*,ready,0,,,,,,,,,[^,]*$`, "m"));
        const md = await run([...usage, "--format", "markdown"]);
        expect(md.stdout).toContain("| Region | Ready | In use | Unknown |");
      },
    },
    {
      title: "enforce --instances with cloudwatch:GetMetricData denied",
      scenario: METRICS_DENIED,
      ...FIXED,
      args: ({ sim, file }) => [
        "enforce",
        "--endpoint-url",
        sim.url,
        "--regions",
        "eu-west-1",
        "--instances",
        "--yes",
        "--journal",
        file("denied.jsonl"),
      ],
      steady,
      async check(refused, { sim, before, run, file }) {
        // Refuses to change instances (exit 2, nothing changed); --force proceeds.
        expect(refused.code).toBe(2);
        expect(refused.stderr.trim().split("\n")).toHaveLength(1);
        expect(refused.stderr).toMatch(/eu-west-1 \(cloudwatch:GetMetricData AccessDenied\).*--force/);
        expect(simSnapshot(sim)).toEqual(before);
        expect(existsSync(file("denied.jsonl"))).toBe(false);
        expect(sim.log.count({ action: "ModifyInstanceMetadataOptions" })).toBe(0);

        const forced = await run([...refused.args, "--force"]);
        expect(forced.code, forced.stderr).toBe(0);
        const instances = sim.state.region("eu-west-1")?.instances ?? [];
        expect(instances.map((i) => i.httpTokens)).toEqual(["required", "required"]);

        const audit = await run([
          "audit",
          "--endpoint-url",
          sim.url,
          "--regions",
          "eu-west-1",
          "--usage",
          "--format",
          "json",
        ]);
        expect(audit.code).toBe(0); // nothing allows IMDSv1 any more, so no evidence was needed
        const watch = await run(["watch", file("denied.jsonl"), "--endpoint-url", sim.url]);
        expect(watch.code).toBe(3);
        expect(watch.stdout).toContain("cloudwatch:GetMetricData AccessDenied");
        // Nothing could be checked: never "OK".
        expect(watch.stdout).toMatch(
          /^INCOMPLETE: no IMDSv1 calls rejected on the changed instances whose metrics were read/m,
        );
        expect(watch.stdout).not.toMatch(/^OK:/m);
      },
    },
    {
      title: "watch after enforce",
      scenario: "demo",
      ...FIXED,
      async setup({ sim, run, file }) {
        const enforce = await run(enforceUsEast1(sim.url, file("watch.jsonl"), "-q"));
        expect(enforce.code, enforce.stderr).toBe(0);
        // Ten minutes on: the simulator shows at least one rejected call in the period where the
        // stretch starts, and exact counts after it, so the total does not grow with the wait.
        sim.clock.update({ advanceMs: 10 * 60_000 });
      },
      args: ({ sim, file }) => ["watch", file("watch.jsonl"), "--endpoint-url", sim.url],
      async check(table, { sim, before: enforced, run, file }) {
        // Names the instance that now rejects IMDSv1; its rollback command restores only it.
        expect(table.code).toBe(1);
        const journal = file("watch.jsonl");
        const json = await run(["watch", journal, "--endpoint-url", sim.url, "--format", "json"]);
        expect(json.code).toBe(1);
        const report = parseReport<WatchReport>(json);
        expect(report.broken.map((b) => b.id)).toEqual([REJECTS_LATER]);
        expect(report.broken[0]?.rejected).toBe(1);
        // It carries the run's endpoint: pasted as printed, it acts where the watch looked.
        expect(report.rollbackCommand).toBe(
          `imds rollback ${journal} --instance-ids ${REJECTS_LATER} --endpoint-url ${sim.url}`,
        );

        const [, ...args] = (report.rollbackCommand ?? "").split(" ");
        const rollback = await run([...args, "--yes", "--journal", file("undo.jsonl")]);
        expect(rollback.code, rollback.stderr).toBe(0);
        const now = simSnapshot(sim);
        const region = (s: typeof now) => s["us-east-1"]?.instances ?? {};
        expect(region(now)[REJECTS_LATER]?.httpTokens).toBe("optional");
        // Every other instance kept what enforce gave it.
        for (const [id, instance] of Object.entries(region(enforced))) {
          if (id !== REJECTS_LATER) expect(region(now)[id]).toEqual(instance);
        }
        // Watched again after that rollback: the rolled-back instance is not broken any more.
        const after = await run(["watch", journal, "--endpoint-url", sim.url, "--format", "json"]);
        expect(after.code, after.stderr).toBe(0);
        const again = parseReport<WatchReport>(after);
        expect(again.broken).toEqual([]);
        expect(again.reverted?.map((r) => r.id)).toEqual([REJECTS_LATER]);
        expect(again.rollbackCommand).toBeUndefined();
        expect(again.verdict.line).toMatch(/^OK: .* 1 other rejected calls but no longer requires IMDSv2/);
      },
    },
  ]);

  it("enforce --instances skips instances in use or without evidence, and changes the ready ones", async () => {
    await withSimulator(
      "demo",
      async ({ sim, run, file }) => {
        const enforce = await run(enforceUsEast1(sim.url, file("mixed.jsonl"), "--format", "json"));
        expect(enforce.code, enforce.stderr).toBe(0);
        const report = parseReport<ChangeReport>(enforce);
        const skipped = new Map(report.skipped.map((s) => [s.id, s.reason]));
        expect(skipped.get(IN_USE)).toMatch(/^still calls IMDSv1 \(in use: \d+ IMDSv1 calls in 14 days/);
        expect(skipped.get(STOPPED)).toMatch(/^no evidence it is safe/);
        const changed = report.changes.filter((c) => c.kind === "instance").map((c) => c.id);
        expect(changed).toContain(REJECTS_LATER);
        const region = sim.state.region("us-east-1");
        const find = (id: string) => region?.instances.find((i) => i.id === id);
        expect(find(IN_USE)?.httpTokens).toBe("optional");
        expect(find(STOPPED)?.httpTokens).toBe("optional");
        expect(find(REJECTS_LATER)?.httpTokens).toBe("required");
        // Every instance changed was ready: running with zero IMDSv1 calls.
        for (const id of changed) expect(find(id)?.state).toBe("running");
      },
      FIXED,
    );
  });

  it("enforce reads evidence only for the instances it would change", async () => {
    await withSimulator(
      "demo",
      async ({ sim, run }) => {
        const dry = await run([
          "enforce",
          "--endpoint-url",
          sim.url,
          "--regions",
          "us-east-1,us-east-2",
          "--instance-ids",
          IN_USE,
          "--dry-run",
          "--format",
          "json",
        ]);
        expect(dry.code, dry.stderr).toBe(0);
        const report = parseReport<ChangeReport>(dry);
        expect(report.skipped.find((s) => s.id === IN_USE)?.reason).toMatch(/^still calls IMDSv1/);
        expect(sim.log.count({ region: "us-east-1", action: "GetMetricData" })).toBe(1);
        // us-east-2 has many instances that allow IMDSv1, but none the plan would change.
        expect(sim.log.count({ region: "us-east-2", action: "GetMetricData" })).toBe(0);
      },
      FIXED,
    );
  });

  it("audit --usage with metrics denied in one region: that region incomplete, exit 3", async () => {
    const scenario: Scenario = {
      accountId: "111122223333",
      regions: { "*": { instances: [{ httpTokens: "optional" }] } },
      denied: { GetMetricData: ["us-west-2"] },
    };
    await withSimulator(
      scenario,
      async ({ sim, run }) => {
        const audit = await run([
          "audit",
          "--endpoint-url",
          sim.url,
          "--regions",
          "us-west-2,us-east-2",
          "--usage",
          "--format",
          "json",
        ]);
        expect(audit.code).toBe(3);
        const report = auditReport(audit);
        const west = report.regions.find((r) => r.region === "us-west-2");
        expect(west?.complete).toBe(false);
        expect(west?.errors).toEqual([expect.objectContaining({ part: "usage", code: "AccessDenied" })]);
        expect(report.regions.find((r) => r.region === "us-east-2")?.complete).toBe(true);
      },
      FIXED,
    );
  });

  it("5,000 instances that allow IMDSv1 in one region: 10 GetMetricData calls", async () => {
    const scenario: Scenario = {
      accountId: "111122223333",
      regions: {
        "ca-central-1": {
          generate: [{ count: 5000, seed: 5, mix: [{ weight: 1, httpTokens: "optional" }] }],
        },
      },
    };
    await withSimulator(
      scenario,
      async ({ sim, run }) => {
        const audit = await run([
          "audit",
          "--endpoint-url",
          sim.url,
          "--regions",
          "ca-central-1",
          "--usage",
          "--format",
          "json",
        ]);
        const report = auditReport(audit);
        expect(report.regions[0]?.usage).toEqual({ ready: 5000, inUse: 0, unknown: 0 });
        expect(sim.log.count({ region: "ca-central-1", action: "GetMetricData" })).toBe(10);
      },
      FIXED,
    );
  });
});
