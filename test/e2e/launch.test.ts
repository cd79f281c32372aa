// Launch paths end to end (issue 13): the audit names each Auto Scaling group's effective setting
// and owner; enforce --launch-templates makes exactly one new version per non-compliant template
// the account owns, identical to its source but for the metadata options; pinned groups move only
// with --asgs; service-owned ones are left alone with their owner's fix; a second run changes
// nothing; kill -9 mid-run, then rollback, restores every default and group exactly.
import { describe, expect, it } from "vitest";
import type { ChangeReport } from "../../src/core/change-report.js";
import { readJournal } from "../../src/journal/journal.js";
import { type SimCaseContext, simCases } from "./cases.js";
import { onSimulator, parseReport, waitForLines, withSimulator } from "./harness.js";
import { initialLaunchPaths, launchEnforceArgs, launchRollbackArgs, R, SCENARIO } from "./launch-scenario.js";
import { describedVersions, launchSnapshot, launchWrites } from "./launch-state.js";
import { auditReport } from "./reports.js";

const enforceArgs = ({ sim }: SimCaseContext, journal: string, ...more: string[]) =>
  launchEnforceArgs(sim, journal, ...more);

async function enforced(ctx: SimCaseContext, journal: string, ...more: string[]) {
  const r = await ctx.run(enforceArgs(ctx, ctx.file(journal), ...more));
  expect(r.code, r.stderr).toBe(0);
}

/** What the scenario's launch paths are before any run: the oracle every case compares with. */
const INITIAL = initialLaunchPaths(SCENARIO);

describe("launch paths: audit, enforce --launch-templates, rollback", () => {
  simCases("launch", [
    {
      title: "audit names each group's effective setting and owner",
      scenario: SCENARIO,
      args: ({ sim }) => ["audit", "--endpoint-url", sim.url, "--regions", R, "--max-rows", "0"],
      async check(table, ctx) {
        expect(table.code).toBe(1);
        const report = auditReport(
          await ctx.run(["audit", "--endpoint-url", ctx.sim.url, "--regions", R, "--format", "json"]),
        );
        const groups = Object.fromEntries(
          report.resources.filter((r) => r.kind === "auto-scaling-group").map((r) => [r.id, r]),
        );
        expect(groups.web?.severity).toBe("fail");
        expect(groups.web?.findings[0]?.message).toMatch(
          /^launches web v1 \(\$Latest\): HttpTokens optional \(set in the template\); 2 of its instances allow IMDSv1/,
        );
        // An Amazon AMI with ImdsSupport v2.0 makes the mixed group's launches require IMDSv2.
        expect(groups.batch?.severity).toBe("pass");
        expect(groups["eks-ng-1"]?.owner).toEqual({ kind: "eks", name: "prod/ng-1" });
        expect(groups["awseb-web-asg"]?.owner).toEqual({ kind: "elastic-beanstalk", name: "web-prod" });
        expect(groups.reports?.findings.map((f) => f.code)).toEqual([
          "group-allows-imdsv1",
          "launch-configuration",
        ]);
        expect(report.resources.find((r) => r.kind === "launch-configuration")?.severity).toBe("fail");
        const template = report.resources.find((r) => r.id === "lt-0000000000000a004:v1");
        expect(template?.owner).toEqual({ kind: "eks", name: "prod/ng-1" });
        const instance = report.resources.find(
          (r) => r.kind === "instance" && r.settings.autoScalingGroup === "web",
        );
        expect(instance?.severity).toBe("fail");
        expect(report.regions[0]?.counts).toMatchObject({
          groups: 6,
          groupsFailing: 5,
          launchConfigurations: 1,
        });
        // The finding formats name the owner too: SARIF properties, ASFF ProductFields, OCSF labels.
        const owner = "EKS managed node group prod/ng-1";
        const on = (format: string) =>
          ctx.run(["audit", "--endpoint-url", ctx.sim.url, "--regions", R, "--format", format]);
        const sarif = JSON.parse((await on("sarif")).stdout) as {
          runs: { results: { properties: { resourceArn: string; owner?: string } }[] }[];
        };
        const ng = sarif.runs[0]?.results.find((r) => r.properties.resourceArn.endsWith("/eks-ng-1"));
        expect(ng?.properties.owner).toBe(owner);
        const asff = JSON.parse((await on("asff")).stdout) as {
          Id: string;
          ProductFields: Record<string, string>;
        }[];
        expect(asff.find((f) => f.Id.includes("/eks-ng-1/"))?.ProductFields["imds/owner"]).toBe(owner);
        const ocsf = (await on("ocsf")).stdout
          .trimEnd()
          .split("\n")
          .map((l) => JSON.parse(l) as { finding_info: { uid: string }; resources: { labels?: string[] }[] });
        expect(ocsf.find((e) => e.finding_info.uid.includes("/eks-ng-1/"))?.resources[0]?.labels).toEqual([
          `owner:${owner}`,
        ]);
      },
    },
    {
      title: "enforce --launch-templates --asgs --dry-run: the plan, and what Auto Scaling cannot be asked",
      scenario: SCENARIO,
      args: (ctx) => [...enforceArgs(ctx, ctx.file("dry.jsonl"), "--asgs", "--dry-run")],
      check(run, { sim }) {
        expect(run.code, run.stderr).toBe(0);
        expect(run.stdout).toContain("Not checked (no DryRun): us-west-2 autoscaling:UpdateAutoScalingGroup");
        expect(sim.log.count({ action: "UpdateAutoScalingGroup" })).toBe(0);
        expect(sim.log.count({ action: "CreateLaunchTemplateVersion", code: "DryRunOperation" })).toBe(1);
        expect(launchSnapshot(sim.state, R)).toEqual(INITIAL);
      },
    },
    {
      title:
        "enforce --launch-templates: one new version per owned template that allows IMDSv1, the rest left alone",
      scenario: SCENARIO,
      args: (ctx) => [...enforceArgs(ctx, ctx.file("enforce.jsonl"), "--format", "json")],
      async check(run, { sim }) {
        const report = parseReport<ChangeReport>(run);
        expect(run.code, run.stderr).toBe(0);
        const before = INITIAL;
        const after = launchSnapshot(sim.state, R);
        // Exactly one new version for web and for ml-gpu; none for batch (required), eks-ng and awseb-web (services').
        const grown = Object.keys(after.templates).filter(
          (t) =>
            Object.keys(after.templates[t]?.versions ?? {}).length !==
            Object.keys(before.templates[t]?.versions ?? {}).length,
        );
        expect(grown.sort()).toEqual(["ml-gpu", "web"]);
        for (const name of ["web", "ml-gpu"]) {
          const t = after.templates[name];
          expect(t?.defaultVersion).toBe(2);
          expect(t?.versions[2]?.description).toBe("imds: IMDSv2 required, from v1 (journal enforce.jsonl)");
          // As EC2 answers them, field by field: identical to its source but for the metadata options
          // (the block device snapshot included, which SourceVersion alone would not carry over).
          const { 1: source, 2: made } = await describedVersions(sim, R, name);
          const { MetadataOptions: sourceMetadata, ...sourceRest } = source?.LaunchTemplateData ?? {};
          const { MetadataOptions: madeMetadata, ...madeRest } = made?.LaunchTemplateData ?? {};
          expect(Object.keys(madeRest).length).toBeGreaterThan(5);
          expect(madeRest).toEqual(sourceRest);
          expect(madeMetadata).toEqual({ ...sourceMetadata, HttpTokens: "required" });
        }
        expect(
          (await describedVersions(sim, R, "web"))[2]?.LaunchTemplateData?.BlockDeviceMappings?.[0]?.Ebs
            ?.SnapshotId,
        ).toBe("snap-0000000000000d001");
        // The pinned group stays pinned without --asgs; the services' groups and templates are untouched.
        expect(after.groups).toEqual(before.groups);
        const reasons = Object.fromEntries(report.skipped.map((s) => [s.id, s.reason]));
        expect(reasons.ml).toBe(
          "pinned to ml-gpu v1: pass --asgs to move it to v2, made from it with IMDSv2 required",
        );
        expect(reasons["lt-0000000000000a004"]).toMatch(
          /^owned by EKS managed node group prod\/ng-1: .*update-nodegroup-version/,
        );
        expect(reasons["lt-0000000000000a005"]).toMatch(
          /^owned by Elastic Beanstalk environment web-prod: .*DisableIMDSv1/,
        );
        expect(reasons.reports).toMatch(/^launches from launch configuration reports-lc/);
        expect(report.refresh?.map((r) => r.group)).toEqual(["web"]);
        expect(
          report.changes
            .filter((c) => c.kind === "launch-template-version")
            .every((c) => c.verified === "applied"),
        ).toBe(true);
      },
    },
    {
      title: "enforce --launch-templates --asgs after a run without it: the pinned group moves, nothing else",
      scenario: SCENARIO,
      setup: (ctx) => enforced(ctx, "first.jsonl"),
      args: (ctx) => enforceArgs(ctx, ctx.file("asgs.jsonl"), "--asgs"),
      check(run, { sim, file }) {
        expect(run.code, run.stderr).toBe(0);
        const { entries } = readJournal(file("asgs.jsonl"));
        expect(entries.map((e) => [e.kind, e.id, e.requested.launchTemplateVersion])).toEqual([
          ["auto-scaling-group", "ml", "2"],
        ]);
        expect(launchSnapshot(sim.state, R).groups.ml?.launchTemplate).toMatchObject({ version: "2" });
        // Both versions came from the first run.
        expect(sim.log.count({ action: "CreateLaunchTemplateVersion" })).toBe(2);
      },
    },
    {
      title: "a second enforce --launch-templates --asgs changes nothing",
      scenario: SCENARIO,
      setup: async (ctx) => {
        await enforced(ctx, "first.jsonl", "--asgs");
        ctx.sim.log.reset();
      },
      args: (ctx) => enforceArgs(ctx, ctx.file("second.jsonl"), "--asgs"),
      check(run, { sim }) {
        expect(run.code, run.stderr).toBe(0);
        expect(run.stdout).toMatch(/NOTHING TO DO/);
        expect(launchWrites(sim)).toBe(0);
      },
    },
    {
      title: "rollback --delete-created: defaults, groups and versions exactly as before",
      scenario: SCENARIO,
      setup: (ctx) => enforced(ctx, "enforce.jsonl", "--asgs"),
      args: ({ sim, file }) => launchRollbackArgs(sim, file("enforce.jsonl"), file("rollback.jsonl")),
      check(run, { sim }) {
        expect(run.code, run.stderr).toBe(0);
        expect(launchSnapshot(sim.state, R)).toEqual(INITIAL);
        expect(sim.state.region(R)?.defaults).toEqual({});
      },
    },
  ]);

  it.skipIf(!onSimulator)(
    "kill -9 in the middle of enforce --launch-templates --asgs, then rollback: defaults and groups exactly as before",
    async () => {
      await withSimulator(SCENARIO, async ({ sim, run, spawn, file }) => {
        // Each group update takes 3 s to answer: the run is killed while one is in flight.
        sim.controls.update({
          faults: [{ kind: "stall", stallMs: 3000, actions: ["UpdateAutoScalingGroup"] }],
        });
        const journal = file("kill9.jsonl");
        const enforce = spawn(launchEnforceArgs(sim, journal, "--asgs"));
        // header, default (intent, outcome), web (version, default), ml (version, default), then ml's group intent.
        await waitForLines(journal, 1 + 2 + 4 + 4 + 1, enforce);
        enforce.child.kill("SIGKILL");
        await enforce.done;
        const { entries } = readJournal(journal);
        expect(entries.at(-1)).toMatchObject({ kind: "auto-scaling-group", id: "ml", outcome: "unknown" });
        sim.controls.update({ faults: [] });
        const undo = await run(launchRollbackArgs(sim, journal, file("undo.jsonl")));
        expect(undo.code, undo.stderr).toBe(0);
        expect(launchSnapshot(sim.state, R)).toEqual(INITIAL);
        expect(sim.state.region(R)?.defaults).toEqual({});
      });
    },
    60_000,
  );
});
