// The config file end to end: the built CLI finds imds.config.yaml in its working directory, and
// its exceptions, hop-limit rules and flag defaults reach audit, enforce and `imds config show`.
// Exception dates are far from any wall clock (2001, 2999): the verdicts never depend on today.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect } from "vitest";
import type { ChangeReport } from "../../src/core/change-report.js";
import type { Scenario } from "../../src/sim/index.js";
import type { InstanceSpec } from "../../src/sim/scenario/types.js";
import { offlineCases, type SimCaseContext, simCases } from "./cases.js";
import { parseReport, type Run, type Workspace } from "./harness.js";
import { auditReport } from "./reports.js";
import { changedInstances, simSnapshot } from "./sim-state.js";

const ACCOUNT = "111122223333";
const VENDOR = "i-0000000000000000a";
const EKS = "i-0000000000000000b";
const PLAIN = "i-0000000000000000c";
const LEGACY = "i-0000000000000000d";

/** IMDSv2 by default; in eu-west-1 a vendor box that allows IMDSv1, an EKS node, a plain host, and `more`. */
function scenario(plainHop = 1, more: InstanceSpec[] = []): Scenario {
  return {
    accountId: ACCOUNT,
    regions: {
      "*": { defaults: { httpTokens: "required", httpPutResponseHopLimit: 1 } },
      "eu-west-1": {
        defaults: { httpTokens: "required", httpPutResponseHopLimit: 1 },
        instances: [
          { id: VENDOR, httpTokens: "optional", tags: { Name: "vendor-box" } },
          {
            id: EKS,
            httpTokens: "required",
            httpPutResponseHopLimit: 2,
            tags: { "eks:nodegroup-name": "ng-1" },
          },
          { id: PLAIN, httpTokens: "required", httpPutResponseHopLimit: plainHop, tags: { Name: "plain" } },
          ...more,
        ],
      },
    },
  };
}

/** Active (the vendor box), expired (templates, 2001), stale (an instance long gone); EKS nodes may have 2. */
const CONFIG = `# imds.config.yaml
regions: [eu-west-1]
maxHopLimit: 1
exceptions:
  - match: { resource: "${VENDOR}" }
    reason: vendor appliance, replaced in Q3
    owner: platform@example.com
    expires: 2999-12-31
  - match: { kind: launch-template }
    reason: old templates
    owner: web@example.com
    expires: 2001-01-31
  - match: { resource: "i-0ffffffffffffffff" }
    reason: decommissioned host
    owner: ops@example.com
    expires: 2999-12-31
hopLimits:
  - match: { tags: { "eks:nodegroup-name": "*" } }
    max: 2
    reason: EKS pods reach IMDS through one more hop
`;

const writeConfig = (ws: Workspace, text = CONFIG) => writeFileSync(join(ws.dir, "imds.config.yaml"), text);

describe("the config file", () => {
  simCases("config", [
    {
      title: "An active, an expired and a stale exception",
      scenario: scenario(),
      setup: async (ctx) => writeConfig(ctx),
      args: ({ sim }) => ["audit", "--endpoint-url", sim.url],
      async check(run, ctx) {
        // The expired exception fails the run; the excepted IMDSv1 instance does not.
        expect(run.code).toBe(1);
        const report = auditReport(
          await ctx.run(["audit", "--endpoint-url", ctx.sim.url, "--format", "json"]),
        );
        expect(report.exceptions?.map((e) => [e.where, e.status, e.severity, e.excepted])).toEqual([
          ["imds.config.yaml:5", "active", "pass", 1],
          ["imds.config.yaml:9", "expired", "fail", 0],
          ["imds.config.yaml:13", "stale", "warn", 0],
        ]);
        const vendor = report.resources.find((r) => r.id === VENDOR);
        expect(vendor).toMatchObject({ severity: "pass", findings: [] });
        expect(vendor?.excepted?.[0]).toMatchObject({
          code: "imdsv1-allowed",
          exception: { owner: "platform@example.com", reason: "vendor appliance, replaced in Q3" },
        });
        // The hop-limit rule lets the EKS node have 2; --max-hop-limit 1 (from the file) everyone else.
        expect(report.resources.filter((r) => r.severity !== "pass").map((r) => r.id)).toEqual([]);
        expect(report.regions.map((r) => [r.region, r.counts.excepted])).toEqual([["eu-west-1", 1]]);
        expect(report.options).toMatchObject({ maxHopLimit: 1, config: "imds.config.yaml" });
      },
    },
    {
      title: "Every format shows the excepted findings",
      scenario: scenario(),
      setup: async (ctx) => writeConfig(ctx),
      args: ({ sim }) => ["audit", "--endpoint-url", sim.url, "--format", "markdown"],
      async check(run, ctx) {
        expect(run.code).toBe(1);
        expect(run.stdout).toContain("### Excepted findings");
        const csv = await ctx.run(["audit", "--endpoint-url", ctx.sim.url, "--format", "csv"]);
        expect(csv.stdout).toContain(`eu-west-1,instance,${VENDOR},vendor-box,excepted,imdsv1-allowed,`);
        expect(csv.stdout).toContain(",exception,imds.config.yaml:9,web@example.com,fail,expired,");
        const table = await ctx.run(["audit", "--endpoint-url", ctx.sim.url, "--no-color"]);
        expect(table.stdout).toContain("Excepted by the config file:");
      },
    },
    {
      title: "A stale exception only warns, and --fail-on warn makes it count",
      scenario: scenario(),
      setup: async (ctx) => writeConfig(ctx, CONFIG.replace("expires: 2001-01-31", "expires: 2999-01-31")),
      args: ({ sim }) => ["audit", "--endpoint-url", sim.url, "--quiet"],
      async check(run, ctx) {
        expect(run.code).toBe(0);
        const strict = await ctx.run([
          "audit",
          "--endpoint-url",
          ctx.sim.url,
          "--quiet",
          "--fail-on",
          "warn",
        ]);
        expect(strict.code).toBe(1);
        expect(strict.stdout).toBe(
          "WARN: findings: 2 stale exceptions. 1 finding excepted by the config file.\n",
        );
      },
    },
    {
      title: "Enforce leaves excepted instances alone and lists them; --hop-limit policy follows the rules",
      scenario: scenario(3, [{ id: LEGACY, httpTokens: "optional", tags: { Name: "legacy" } }]),
      setup: async (ctx) => writeConfig(ctx),
      args: ({ sim, file }) => [
        "enforce",
        "--endpoint-url",
        sim.url,
        "--instances",
        "--hop-limit",
        "policy",
        "--yes",
        "--journal",
        file("enforce.jsonl"),
        "--format",
        "json",
      ],
      check(run, ctx: SimCaseContext) {
        expect(run.code).toBe(0);
        const report = parseReport<ChangeReport>(run);
        expect(report.changes.map((c) => [c.id, c.requested, c.outcome])).toEqual([
          [PLAIN, { hopLimit: 1 }, "applied"],
          [LEGACY, { httpTokens: "required" }, "applied"],
        ]);
        expect(report.skipped.find((s) => s.id === VENDOR)).toMatchObject({
          exception: { where: "imds.config.yaml:5", owner: "platform@example.com" },
        });
        expect(run.stderr).toContain(
          "imds: warning: exception expired, not honored (imds.config.yaml:9, owner web@example.com, until 2001-01-31: old templates)",
        );
        // The simulator agrees: the vendor box and the EKS node were not touched.
        expect(changedInstances(ctx.before, simSnapshot(ctx.sim)).sort()).toEqual([
          `eu-west-1 ${PLAIN}`,
          `eu-west-1 ${LEGACY}`,
        ]);
      },
    },
    {
      title: "config show: a flag over the file over the built-in default",
      scenario: scenario(),
      setup: async (ctx) => writeConfig(ctx),
      args: () => ["config", "show", "--max-hop-limit", "3", "--no-color"],
      check(run: Run) {
        expect(run.code).toBe(0);
        expect(run.stdout).toMatch(/--max-hop-limit +3 +flag \(--max-hop-limit\)/);
        expect(run.stdout).toMatch(/--regions +eu-west-1 +file \(imds\.config\.yaml:2\)/);
        expect(run.stdout).toMatch(/--fail-on +fail +default/);
        expect(run.stdout).toMatch(/imds\.config\.yaml:9 +expired/);
      },
    },
  ]);

  const badConfig = (title: string, text: string, line: RegExp) => ({
    title,
    setup: async (ws: Workspace) => writeConfig(ws, text),
    args: () => ["audit", "--endpoint-url", "http://127.0.0.1:9"],
    check(run: Run) {
      // Exit 2 before anything is read: one line naming the file and the line.
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toMatch(line);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
    },
  });

  offlineCases("config", [
    badConfig(
      "A config that is not YAML",
      "regions: [eu-west-1\nfailOn: warn\n",
      /^imds: imds\.config\.yaml:2:1: bad YAML: /,
    ),
    badConfig(
      "A config with an unknown key",
      "regions: [eu-west-1]\nfail-on: warn\n",
      /^imds: imds\.config\.yaml:2:1: unknown key "fail-on" \(allowed: .*failOn/,
    ),
    badConfig(
      "A config with a bad date",
      'exceptions:\n  - match: { resource: "i-0abc*" }\n    reason: r\n    owner: o\n    expires: 2026-13-01\n',
      /^imds: imds\.config\.yaml:5:14: exceptions\[0\]\.expires: must be a date like 2026-12-31/,
    ),
  ]);
});
