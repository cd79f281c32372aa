// IMDSv1 usage evidence end to end: audit --usage, enforce deciding by it, and watch after a change.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ChangeReport } from "../../src/core/change-report.js";
import type { AuditReport } from "../../src/core/types.js";
import type { WatchReport } from "../../src/core/watch.js";
import type { Scenario } from "../../src/sim/index.js";
import { reportProblems } from "../published-schemas.js";
import { imds, onSimulator, type Run, simSnapshot, Transcript, withSimulator } from "./harness.js";

const transcript = new Transcript();
const ROOT = mkdtempSync(join(tmpdir(), "imds-e2e-usage-"));
afterAll(() => rmSync(ROOT, { recursive: true, force: true }));

// The demo scenario's instances with known evidence (docs/scenario.md).
const IN_USE = "i-0a1b2c3d4e5f60001"; // us-east-1 billing-api-1: 1,440 IMDSv1 calls a day
const REJECTS_LATER = "i-0a1b2c3d4e5f60002"; // us-east-1 billing-api-2: quiet, but calls IMDSv1 once required
const STOPPED = "i-0a1b2c3d4e5f60005"; // us-east-1: stopped, so no metric data
const today = () => new Date().toISOString().slice(0, 10);

/** Evidence counts and days move with the clock: the transcript keeps their shape only. */
function steady(run: Run): Run {
  const clean = (t: string) =>
    t
      .replaceAll(ROOT, "/tmp/E2E")
      .replace(/in use: \d+/g, "in use: N")
      .replace(/\b\d{4}-\d\d-\d\d\b(?![ T]\d)/g, "DATE")
      // Column widths follow the counts' digits: keep the columns, not their padding.
      .replace(/ {2,}/g, "  ")
      .replace(/─+/g, "──");
  return { ...run, args: run.args.map(clean), stdout: clean(run.stdout), stderr: clean(run.stderr) };
}

/** A report from stdout, checked against the published schema it follows. */
function json<T>(stdout: string): T {
  const report = JSON.parse(stdout);
  expect(reportProblems(report)).toEqual([]);
  return report as T;
}

describe.skipIf(!onSimulator)("IMDSv1 usage evidence", () => {
  it("audit --usage: a readiness per instance, counts per region, in every format", async () => {
    await withSimulator("demo", async (sim) => {
      const run = await imds(["audit", "--endpoint-url", sim.url, "--usage", "--format", "json"]);
      expect(run.code, run.stderr).toBe(1);
      const report = json<AuditReport>(run.stdout);
      expect(report.complete).toBe(true);
      expect(report.options.usageDays).toBe(14);
      expect(report.regions.map((r) => r.region).sort()).toEqual(
        sim.state
          .enabledRegions()
          .map((r) => r.name)
          .sort(),
      );
      const byId = new Map(report.resources.map((r) => [r.id, r]));
      expect(byId.get(IN_USE)?.usage).toMatchObject({ readiness: "in-use", lastSeen: today() });
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

      const table = await imds([
        "audit",
        "--endpoint-url",
        sim.url,
        "--usage",
        "7",
        "--regions",
        "us-east-1",
      ]);
      transcript.add("audit --usage 7 (table)", steady(table), sim.url);
      expect(table.stdout).toContain("IMDSv1 use in the last 7 days");
      expect(table.stdout).toMatch(new RegExp(`${IN_USE}.*in use: \\d+, last ${today()}`));
      const csv = await imds([
        "audit",
        "--endpoint-url",
        sim.url,
        "--usage",
        "--format",
        "csv",
        "--regions",
        "us-east-1",
      ]);
      expect(csv.stdout.split("\n")[0]).toMatch(/,readiness,imdsv1Calls,lastSeen$/);
      expect(csv.stdout).toMatch(new RegExp(`${REJECTS_LATER},.*,ready,0,$`, "m"));
      const md = await imds(["audit", "--endpoint-url", sim.url, "--usage", "--format", "markdown"]);
      expect(md.stdout).toContain("| Region | Ready | In use | Unknown |");
    });
  });

  it("enforce --instances skips instances in use or without evidence, and changes the ready ones", async () => {
    await withSimulator("demo", async (sim) => {
      const journal = join(ROOT, "mixed.jsonl");
      const run = await imds([
        "enforce",
        "--endpoint-url",
        sim.url,
        "--regions",
        "us-east-1",
        "--instances",
        "--yes",
        "--journal",
        journal,
        "--format",
        "json",
      ]);
      expect(run.code, run.stderr).toBe(0);
      const report = json<ChangeReport>(run.stdout);
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
    });
  });

  it("enforce reads evidence only for the instances it would change", async () => {
    await withSimulator("demo", async (sim) => {
      const run = await imds([
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
      expect(run.code, run.stderr).toBe(0);
      const report = json<ChangeReport>(run.stdout);
      expect(report.skipped.find((s) => s.id === IN_USE)?.reason).toMatch(/^still calls IMDSv1/);
      expect(sim.log.count({ region: "us-east-1", action: "GetMetricData" })).toBe(1);
      // us-east-2 has many instances that allow IMDSv1, but none the plan would change.
      expect(sim.log.count({ region: "us-east-2", action: "GetMetricData" })).toBe(0);
    });
  });

  it("metrics denied: enforce refuses to change instances (exit 2, nothing changed); --force proceeds", async () => {
    const scenario: Scenario = {
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
    await withSimulator(scenario, async (sim) => {
      const before = simSnapshot(sim);
      const journal = join(ROOT, "denied.jsonl");
      const args = [
        "enforce",
        "--endpoint-url",
        sim.url,
        "--regions",
        "eu-west-1",
        "--instances",
        "--yes",
        "--journal",
        journal,
      ];
      const refused = await imds(args);
      transcript.add("enforce --instances with cloudwatch:GetMetricData denied", steady(refused), sim.url);
      expect(refused.code).toBe(2);
      expect(refused.stderr.trim().split("\n")).toHaveLength(1);
      expect(refused.stderr).toMatch(/eu-west-1 \(cloudwatch:GetMetricData AccessDenied\).*--force/);
      expect(simSnapshot(sim)).toEqual(before);
      expect(existsSync(journal)).toBe(false);
      expect(sim.log.count({ action: "ModifyInstanceMetadataOptions" })).toBe(0);

      const forced = await imds([...args, "--force"]);
      expect(forced.code, forced.stderr).toBe(0);
      const instances = sim.state.region("eu-west-1")?.instances ?? [];
      expect(instances.map((i) => i.httpTokens)).toEqual(["required", "required"]);

      const audit = await imds([
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
      const watch = await imds(["watch", journal, "--endpoint-url", sim.url]);
      expect(watch.code).toBe(3);
      expect(watch.stdout).toContain("cloudwatch:GetMetricData AccessDenied");
    });
  });

  it("audit --usage with metrics denied in one region: that region incomplete, exit 3", async () => {
    const scenario: Scenario = {
      accountId: "111122223333",
      regions: { "*": { instances: [{ httpTokens: "optional" }] } },
      denied: { GetMetricData: ["us-west-2"] },
    };
    await withSimulator(scenario, async (sim) => {
      const run = await imds([
        "audit",
        "--endpoint-url",
        sim.url,
        "--regions",
        "us-west-2,us-east-2",
        "--usage",
        "--format",
        "json",
      ]);
      expect(run.code).toBe(3);
      const report = json<AuditReport>(run.stdout);
      const west = report.regions.find((r) => r.region === "us-west-2");
      expect(west?.complete).toBe(false);
      expect(west?.errors).toEqual([expect.objectContaining({ part: "usage", code: "AccessDenied" })]);
      expect(report.regions.find((r) => r.region === "us-east-2")?.complete).toBe(true);
    });
  });

  it("watch after enforce names the instance that now rejects IMDSv1; its rollback command restores only it", async () => {
    await withSimulator("demo", async (sim) => {
      const journal = join(ROOT, "watch.jsonl");
      const enforce = await imds([
        "enforce",
        "--endpoint-url",
        sim.url,
        "--regions",
        "us-east-1",
        "--instances",
        "--yes",
        "--journal",
        journal,
        "-q",
      ]);
      expect(enforce.code, enforce.stderr).toBe(0);
      const after = simSnapshot(sim);

      const table = await imds(["watch", journal, "--endpoint-url", sim.url]);
      transcript.add(
        "watch after enforce",
        {
          ...table,
          args: table.args.map((a) => a.replace(ROOT, "/tmp/E2E")),
          stdout: table.stdout.replaceAll(ROOT, "/tmp/E2E"),
        },
        sim.url,
      );
      expect(table.code).toBe(1);
      const run = await imds(["watch", journal, "--endpoint-url", sim.url, "--format", "json"]);
      expect(run.code).toBe(1);
      const report = json<WatchReport>(run.stdout);
      expect(report.broken.map((b) => b.id)).toEqual([REJECTS_LATER]);
      expect(report.broken[0]?.rejected).toBeGreaterThan(0);
      expect(report.rollbackCommand).toBe(`imds rollback ${journal} --instance-ids ${REJECTS_LATER}`);

      const [, ...args] = (report.rollbackCommand ?? "").split(" ");
      const rollback = await imds([
        ...args,
        "--endpoint-url",
        sim.url,
        "--yes",
        "--journal",
        join(ROOT, "undo.jsonl"),
      ]);
      expect(rollback.code, rollback.stderr).toBe(0);
      const now = simSnapshot(sim);
      const region = (s: typeof now) => s["us-east-1"]?.instances ?? {};
      expect(region(now)[REJECTS_LATER]?.httpTokens).toBe("optional");
      // Every other instance kept what enforce gave it.
      for (const [id, instance] of Object.entries(region(after))) {
        if (id !== REJECTS_LATER) expect(region(now)[id]).toEqual(instance);
      }
    });
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
    await withSimulator(scenario, async (sim) => {
      const run = await imds([
        "audit",
        "--endpoint-url",
        sim.url,
        "--regions",
        "ca-central-1",
        "--usage",
        "--format",
        "json",
      ]);
      const report = json<AuditReport>(run.stdout);
      expect(report.regions[0]?.usage).toEqual({ ready: 5000, inUse: 0, unknown: 0 });
      expect(sim.log.count({ region: "ca-central-1", action: "GetMetricData" })).toBe(10);
    });
  });

  it("matches test/e2e/__snapshots__/usage.md (what a user sees, case by case)", async () => {
    await expect(transcript.toString()).toMatchFileSnapshot("__snapshots__/usage.md");
  });
});
