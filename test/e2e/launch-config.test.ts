// The config file on the launch paths end to end (issues 13 and 16): enforce --launch-templates --asgs
// leaves the template and the group the config excepts alone, lists them with their exception (table
// and JSON), changes the rest; rollback restores everything; --enforce-launches still names an
// excepted template among the launches that would fail. Expiry dates are far from any wall clock.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect } from "vitest";
import type { ChangeReport } from "../../src/core/change-report.js";
import { readJournal } from "../../src/journal/journal.js";
import type { Scenario } from "../../src/sim/index.js";
import { type SimCaseContext, simCases } from "./cases.js";
import { parseReport, type Workspace } from "./harness.js";
import { initialLaunchPaths, launchEnforceArgs, launchRollbackArgs, R, SCENARIO } from "./launch-scenario.js";
import { launchSnapshot } from "./launch-state.js";

const WEB = "lt-0000000000000a001";

/** The shared scenario, with a second group pinned to ml-gpu v1 that is not excepted. */
const REGION = SCENARIO.regions?.[R] ?? {};
const WITH_CANARY: Scenario = {
  ...SCENARIO,
  regions: {
    [R]: {
      ...REGION,
      autoScalingGroups: [
        ...(REGION.autoScalingGroups ?? []),
        { name: "ml-canary", launchTemplate: { name: "ml-gpu", version: "1" }, desiredCapacity: 1 },
      ],
    },
  },
};

const INITIAL = initialLaunchPaths(WITH_CANARY);

/** The web template (by its tags) and the ml group (by its name) are excepted. */
const CONFIG = `# imds.config.yaml
exceptions:
  - match: { kind: launch-template, tags: { team: web }, code: imdsv1-allowed }
    reason: web moves to the new AMI with the next release
    owner: web@example.com
    expires: 2999-12-31
  - match: { kind: auto-scaling-group, resource: ml }
    reason: ml jobs keep their version until the quarter ends
    owner: ml@example.com
    expires: 2999-12-31
`;

const writeConfig = (ws: Workspace, text = CONFIG) => writeFileSync(join(ws.dir, "imds.config.yaml"), text);

const enforceArgs = ({ sim }: SimCaseContext, journal: string, ...more: string[]) =>
  launchEnforceArgs(sim, journal, "--asgs", ...more);

describe("launch paths under the config file", () => {
  simCases("launch-config", [
    {
      title: "enforce --launch-templates --asgs leaves the excepted template and group alone",
      scenario: WITH_CANARY,
      setup: async (ctx) => writeConfig(ctx),
      args: (ctx) => enforceArgs(ctx, ctx.file("enforce.jsonl")),
      async check(run, ctx) {
        const { sim, file } = ctx;
        expect(run.code, run.stderr).toBe(0);
        const after = launchSnapshot(sim.state, R);
        // web keeps its one version and its default; ml-gpu gets v2, its default, and ml-canary moves.
        expect(after.templates.web).toEqual(INITIAL.templates.web);
        expect(Object.keys(after.templates["ml-gpu"]?.versions ?? {})).toEqual(["1", "2"]);
        expect(after.templates["ml-gpu"]?.defaultVersion).toBe(2);
        expect(after.groups.ml).toEqual(INITIAL.groups.ml);
        expect(after.groups["ml-canary"]?.launchTemplate).toMatchObject({ version: "2" });
        const { entries } = readJournal(file("enforce.jsonl"));
        expect(entries.map((e) => `${e.kind} ${e.id}`)).not.toContain(`launch-template-version ${WEB}`);
        expect(entries.map((e) => `${e.kind} ${e.id}`)).not.toContain("auto-scaling-group ml");
        // The table lists both with their exception; so does JSON (a dry run now: nothing left to do but them).
        expect(run.stdout).toContain("excepted (imds.config.yaml:3, owner web@example.com, until 2999-12-31");
        expect(run.stdout).toContain("excepted (imds.config.yaml:7, owner ml@example.com, until 2999-12-31");
        const again = await ctx.run(enforceArgs(ctx, file("again.jsonl"), "--dry-run", "--format", "json"));
        const report = parseReport<ChangeReport>(again);
        expect(report.changes).toEqual([]);
        expect(
          report.skipped.filter((s) => s.exception).map((s) => [s.kind, s.id, s.exception?.where]),
        ).toEqual([
          ["launch-template", WEB, "imds.config.yaml:3"],
          ["auto-scaling-group", "ml", "imds.config.yaml:7"],
        ]);
        const markdown = await ctx.run(
          enforceArgs(ctx, file("md.jsonl"), "--dry-run", "--format", "markdown"),
        );
        const section = markdown.stdout.slice(markdown.stdout.indexOf("### Left alone by config exceptions"));
        expect(section).toMatch(new RegExp(`\\| ${WEB} \\| web \\| imds\\.config\\.yaml:3 \\|`));
        expect(section).toMatch(/\| ml \| +\| imds\.config\.yaml:7 \|/);
        // Rollback restores what was changed: defaults, the moved group, ml-gpu's default (and its version).
        const undo = await ctx.run(launchRollbackArgs(sim, file("enforce.jsonl"), file("rollback.jsonl")));
        expect(undo.code, undo.stderr).toBe(0);
        expect(launchSnapshot(sim.state, R)).toEqual(INITIAL);
        expect(sim.state.region(R)?.defaults).toEqual({});
      },
    },
    {
      title: "enforce --enforce-launches still names an excepted template that would fail",
      scenario: WITH_CANARY,
      setup: async (ctx) => writeConfig(ctx, CONFIG.replace("tags: { team: web }", 'name: "web"')),
      args: ({ sim }) => [
        "enforce",
        "--endpoint-url",
        sim.url,
        "--regions",
        R,
        "--enforce-launches",
        "--yes",
      ],
      check(run, { sim }) {
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(
          /us-west-2 web v1 \(\$Default, \$Latest\): HttpTokens optional \(set in the template\), excepted \(imds\.config\.yaml:3, owner web@example\.com/,
        );
        // web, ml-gpu and the two services' templates; the line is capped, so only the first is read whole.
        expect(run.stderr).toMatch(/^imds: --enforce-launches: 4 launch paths would fail/);
        expect(launchSnapshot(sim.state, R)).toEqual(INITIAL);
        expect(sim.state.region(R)?.defaults).toEqual({});
      },
    },
  ]);
});
