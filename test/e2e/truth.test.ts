// Verdicts that must be true on real AWS, end to end on the simulator: HttpTokensEnforced judged,
// set after a preflight and rolled back in the right order; launch templates judged by what their
// launches get (Amazon's public AMIs included, unresolvable AMIs unknown); and endpoints that lie
// (changing more than asked, ignoring DryRun, answering web pages) caught, never believed.
import { readFileSync } from "node:fs";
import { describe, expect } from "vitest";
import type { ChangeReport } from "../../src/core/change-report.js";
import type { WatchReport } from "../../src/core/watch.js";
import type { Scenario } from "../../src/sim/index.js";
import { type SimCaseContext, simCases } from "./cases.js";
import { onSimulator, parseReport } from "./harness.js";
import { auditReport } from "./reports.js";
import { simSnapshot } from "./sim-state.js";

/**
 * Every case's simulator stands still at T0 (each CLI run starts at its time, harness.ts), and a
 * change applies at once; nothing here depends on when the suite runs.
 */
const T0 = Date.UTC(2026, 10, 22, 10, 0, 0);
const FIXED = { clock: { at: T0, fixed: true }, controls: { appliedAfterMs: 0 } };

const AMAZON = "137112412989";
const AL2023 = "ami-0a7d80731ae1b2435"; // Amazon's, public, ImdsSupport v2.0
const AL2 = "ami-0c1d2e3f4a5b60789"; // Amazon's, public, no ImdsSupport
const PARTNER = "ami-0badc0ffee0000001"; // another account's, not shared: not visible
const SSM = "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";
const amazonImage = (id: string, name: string, v2: boolean) => ({
  id,
  name,
  ownerId: AMAZON,
  public: true,
  creationDate: "2025-11-18T00:00:00Z",
  ...(v2 ? { imdsSupport: "v2.0" as const } : {}),
});

/** An enforced region with and without a required default, and templates on AMIs of every kind. */
const AUDIT: Scenario = {
  accountId: "111122223333",
  regions: {
    "eu-west-1": {
      images: [
        amazonImage(AL2023, "al2023-ami-2023.9-x86_64", true),
        amazonImage(AL2, "amzn2-ami-hvm", false),
      ],
      launchTemplates: [
        { id: "lt-0a0000000000000a1", name: "al2023-web", versions: [{ imageId: AL2023 }] },
        { id: "lt-0a0000000000000a2", name: "al2-batch", versions: [{ imageId: AL2 }] },
        { id: "lt-0a0000000000000a3", name: "partner-appliance", versions: [{ imageId: PARTNER }] },
        { id: "lt-0a0000000000000a4", name: "ssm-latest", versions: [{ imageId: SSM }] },
      ],
      instances: [{ id: "i-0a00000000000000a", httpTokens: "required" }],
    },
    "eu-north-1": {
      defaults: { httpTokens: "required", httpTokensEnforced: "enabled" },
      instances: [
        { id: "i-0b00000000000000b", httpTokens: "optional" },
        { id: "i-0b00000000000000c", httpTokens: "required" },
      ],
      launchTemplates: [
        {
          id: "lt-0b0000000000000b1",
          name: "legacy",
          versions: [{ metadataOptions: { httpTokens: "optional" } }],
        },
      ],
    },
    "ca-central-1": {
      defaults: { httpTokensEnforced: "enabled" },
      instances: [{ id: "i-0c00000000000000c", httpTokens: "required" }],
    },
  },
};

const WEB = "lt-0d0000000000000d1";
const D1 = "i-0d00000000000000a";
const D2 = "i-0d00000000000000b";

/** eu-west-1 allows IMDSv1 by default; its "web" template's default version sets optional. */
function launchScenario(webDefault: 1 | 2): Scenario {
  return {
    accountId: "111122223333",
    regions: {
      "eu-west-1": {
        defaults: { httpTokens: "optional" },
        instances: [
          { id: D1, httpTokens: "optional" },
          { id: D2, httpTokens: "optional", httpPutResponseHopLimit: 2 },
        ],
        launchTemplates: [
          {
            id: WEB,
            name: "web",
            versions: [
              { metadataOptions: { httpTokens: "optional" } },
              { metadataOptions: { httpTokens: "required" } },
            ],
            defaultVersion: webDefault,
          },
          { id: "lt-0d0000000000000d2", name: "inherits", versions: [{}] },
        ],
      },
      "us-east-2": {
        launchTemplates: [
          {
            name: "api",
            versions: [{ metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 2 } }],
          },
        ],
      },
    },
  };
}

/** One instance in eu-west-1, and no account default. */
function oneInstance(extra: Partial<NonNullable<Scenario["regions"]>[string]> = {}): Scenario {
  return {
    accountId: "111122223333",
    regions: { "eu-west-1": { instances: [{ id: D1, httpTokens: "optional" }], ...extra } },
  };
}

const at = (ctx: SimCaseContext, ...args: string[]) => [...args, "--endpoint-url", ctx.sim.url];
const journalOf = (path: string) =>
  readFileSync(path, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
const intents = (path: string) => journalOf(path).filter((r) => r.type === "intent");
const region = (ctx: SimCaseContext, name: string) => {
  const r = ctx.sim.state.region(name);
  if (!r) throw new Error(`no region ${name}`);
  return r;
};

describe.skipIf(!onSimulator)("AWS's current rules, and endpoints that lie", () => {
  simCases("truth", [
    {
      title: "audit: HttpTokensEnforced regions, and templates judged by the AMIs they launch",
      scenario: AUDIT,
      ...FIXED,
      args: (ctx) => at(ctx, "audit", "--regions", "eu-west-1,eu-north-1,ca-central-1", "--max-rows", "0"),
      async check(table, ctx) {
        expect(table.code, table.stderr).toBe(1);
        const report = auditReport(await ctx.run([...table.args, "--format", "json"]));
        const regions = new Map(report.regions.map((r) => [r.region, r]));
        expect(regions.get("eu-north-1")?.httpTokensEnforced).toBe("enabled");
        expect(regions.get("ca-central-1")?.httpTokensEnforced).toBe("enabled");
        expect(regions.get("eu-west-1")?.httpTokensEnforced).toBe("disabled");
        const get = (r: string, id: string) => {
          const found = report.resources.find((x) => x.region === r && x.id === id);
          if (!found) throw new Error(`no resource ${r} ${id} in the report`);
          return found;
        };
        const codes = (r: string, id: string) => get(r, id).findings.map((f) => f.code);
        // A region with enforcement never says new instances allow IMDSv1.
        expect(get("eu-north-1", "account-default").severity).toBe("pass");
        expect(codes("ca-central-1", "account-default")).toEqual(["enforced-without-default"]);
        // Existing instances are judged on their own settings.
        expect(codes("eu-north-1", "i-0b00000000000000b")).toEqual(["imdsv1-allowed"]);
        expect(codes("eu-north-1", "lt-0b0000000000000b1:v1")).toEqual(["launch-fails-enforced"]);
        // Templates: what their launches get, and from where.
        const effective = (id: string) => {
          const s = get("eu-west-1", id).settings;
          return `${s.effectiveHttpTokens} (${s.effectiveSource})`;
        };
        expect(get("eu-west-1", "lt-0a0000000000000a1:v1").severity).toBe("pass");
        expect(effective("lt-0a0000000000000a1:v1")).toBe(`required (from AMI ${AL2023}, ImdsSupport v2.0)`);
        expect(get("eu-west-1", "lt-0a0000000000000a2:v1").severity).toBe("fail");
        expect(effective("lt-0a0000000000000a2:v1")).toBe(
          `optional (AWS default: AMI ${AL2} has no ImdsSupport v2.0)`,
        );
        expect(effective("lt-0a0000000000000a3:v1")).toBe(
          `unknown (AMI not visible: ${PARTNER}, InvalidAMIID.NotFound)`,
        );
        expect(codes("eu-west-1", "lt-0a0000000000000a3:v1")).toEqual(["effective-unknown"]);
        expect(effective("lt-0a0000000000000a4:v1")).toMatch(/^unknown \(AMI not visible: resolve:ssm:/);
        // By id, any owner: one call for the batch, then one per id once one of them is not visible.
        expect(
          ctx.sim.log.count({ region: "eu-west-1", action: "DescribeImages", code: "InvalidAMIID.NotFound" }),
        ).toBe(4);
      },
    },
    {
      title: "enforce --enforce-launches refuses while a launch template would fail",
      scenario: launchScenario(1),
      ...FIXED,
      args: (ctx) => at(ctx, "enforce", "--regions", "eu-west-1,us-east-2", "--enforce-launches", "--yes"),
      async check(refused, ctx) {
        expect(refused.code).toBe(2);
        expect(refused.stdout).toBe("");
        expect(refused.stderr.trim().split("\n")).toHaveLength(1);
        expect(refused.stderr).toContain(
          "eu-west-1 web v1 ($Default): HttpTokens optional (set in the template)",
        );
        expect(refused.stderr).toContain("--force");
        expect(simSnapshot(ctx.sim)).toEqual(ctx.before);
        expect(ctx.sim.log.count({ action: "ModifyInstanceMetadataDefaults" })).toBe(0);

        // Fixed: v2 (required) becomes the default, so $Default and $Latest are one version, one row.
        const web = region(ctx, "eu-west-1").templates.find((t) => t.id === WEB);
        if (!web) throw new Error("no web template");
        web.defaultVersion = 2;
        const passed = await ctx.run([...refused.args, "--format", "json"]);
        expect(passed.code, passed.stderr).toBe(0);
        const report = parseReport<ChangeReport>(passed);
        expect(report.notes).toEqual([
          "eu-west-1: HttpTokensEnforced goes on after 2 launch template versions ($Default and $Latest) checked: none would fail",
          "us-east-2: HttpTokensEnforced goes on after 1 launch template version ($Default and $Latest) checked: none would fail",
        ]);
        for (const name of ["eu-west-1", "us-east-2"]) {
          expect(region(ctx, name).defaults).toMatchObject({
            httpTokens: "required",
            httpTokensEnforced: "enabled",
          });
        }
      },
    },
    {
      title: "rollback turns HttpTokensEnforced off before instances go back to optional",
      scenario: launchScenario(2),
      ...FIXED,
      async setup(ctx) {
        const enforce = ["enforce", "--regions", "eu-west-1", "--instances", "--enforce-launches", "--yes"];
        const run = await ctx.run(at(ctx, ...enforce, "--journal", ctx.file("enforce.jsonl"), "-q"));
        expect(run.code, run.stderr).toBe(0);
        expect(region(ctx, "eu-west-1").defaults.httpTokensEnforced).toBe("enabled");
      },
      args: (ctx) =>
        at(ctx, "rollback", ctx.file("enforce.jsonl"), "--yes", "--journal", ctx.file("undo.jsonl")),
      async check(rollback, ctx) {
        expect(rollback.code, rollback.stderr).toBe(0);
        expect(rollback.stdout).toContain("the account default goes first, turning HttpTokensEnforced off");
        expect(simSnapshot(ctx.sim)).toEqual(ctx.initial);
        expect(ctx.sim.log.count({ code: "UnsupportedOperation" })).toBe(0);
        // The journal shows the order: the default (enforcement off) first, then the instances.
        expect(intents(ctx.file("undo.jsonl")).map((r) => r.kind)).toEqual([
          "account-default",
          "instance",
          "instance",
        ]);
      },
    },
    {
      title: "rollback blocked by HttpTokensEnforced enabled outside the journal",
      scenario: launchScenario(2),
      ...FIXED,
      async setup(ctx) {
        const enforce = ["enforce", "--regions", "eu-west-1", "--instances", "--yes"];
        const run = await ctx.run(at(ctx, ...enforce, "--journal", ctx.file("enforce.jsonl"), "-q"));
        expect(run.code, run.stderr).toBe(0);
        // Someone else turns enforcement on afterwards (the console, or an organization policy).
        region(ctx, "eu-west-1").defaults.httpTokensEnforced = "enabled";
      },
      args: (ctx) =>
        at(ctx, "rollback", ctx.file("enforce.jsonl"), "--yes", "--journal", ctx.file("undo.jsonl")),
      async check(rollback, ctx) {
        expect(rollback.code).toBe(3);
        expect(rollback.stdout).toContain("2 blocked by HttpTokensEnforced");
        // Nothing AWS would refuse was sent; the instances keep IMDSv2, enforcement stays on.
        expect(ctx.sim.log.count({ code: "UnsupportedOperation" })).toBe(0);
        const now = simSnapshot(ctx.sim)["eu-west-1"];
        expect(Object.values(now?.instances ?? {}).map((i) => i.httpTokens)).toEqual([
          "required",
          "required",
        ]);
        expect(now?.defaults).toEqual({ httpTokens: "optional", httpTokensEnforced: "enabled" });
        const report = parseReport<ChangeReport>(
          await ctx.run(at(ctx, "rollback", ctx.file("enforce.jsonl"), "--dry-run", "--format", "json")),
        );
        expect(report.summary.blocked).toBe(2);
        expect(report.skipped.filter((s) => s.blocked).map((s) => s.id)).toEqual([D1, D2]);
      },
    },
    {
      title: "watch: a changed instance with no data since its change is unknown, not OK",
      scenario: oneInstance({
        instances: [
          { id: D1, httpTokens: "optional" },
          { id: D2, httpTokens: "optional", metrics: false },
        ],
      }),
      ...FIXED,
      async setup(ctx) {
        const enforce = ["enforce", "--regions", "eu-west-1", "--instances", "--force", "--yes", "-q"];
        const run = await ctx.run(at(ctx, ...enforce, "--journal", ctx.file("enforce.jsonl")));
        expect(run.code, run.stderr).toBe(0);
        ctx.sim.clock.update({ advanceMs: 10 * 60_000 });
      },
      args: (ctx) => at(ctx, "watch", ctx.file("enforce.jsonl")),
      async check(watch, ctx) {
        expect(watch.code).toBe(3);
        const report = parseReport<WatchReport>(await ctx.run([...watch.args, "--format", "json"]));
        expect(report.broken).toEqual([]);
        expect(report.unknown?.map((u) => u.id)).toEqual([D2]);
        expect(report.verdict.status).toBe("incomplete");
        expect(report.rollbackCommand).toBeUndefined();
      },
    },
    {
      title: "an endpoint that changes more than asked: caught by verification, undone by rollback",
      scenario: oneInstance(),
      ...FIXED,
      controls: {
        appliedAfterMs: 0,
        faults: [{ kind: "extra-fields", count: 1, actions: ["ModifyInstanceMetadataOptions"] }],
      },
      args: (ctx) =>
        at(
          ctx,
          "enforce",
          "--regions",
          "eu-west-1",
          "--instances",
          "--force",
          "--yes",
          "--journal",
          ctx.file("enforce.jsonl"),
        ),
      async check(enforce, ctx) {
        expect(enforce.code).toBe(3);
        expect(enforce.stdout).toContain(
          "changed more: hopLimit 1 -> 2, instanceMetadataTags disabled -> enabled",
        );
        const journal = ctx.file("enforce.jsonl");
        expect(intents(journal).find((r) => r.kind === "instance")?.before).toEqual({
          httpTokens: "optional",
          hopLimit: 1,
          httpEndpoint: "enabled",
          httpProtocolIpv6: "disabled",
          instanceMetadataTags: "disabled",
        });
        const rollback = await ctx.run(
          at(ctx, "rollback", journal, "--yes", "--journal", ctx.file("undo.jsonl")),
        );
        expect(rollback.code, rollback.stderr).toBe(0);
        expect(simSnapshot(ctx.sim)).toEqual(ctx.initial);
      },
    },
    {
      title: "an endpoint that ignores DryRun: said plainly, journaled as uncertain, exit 3",
      scenario: oneInstance(),
      ...FIXED,
      controls: { appliedAfterMs: 0, faults: [{ kind: "ignore-dry-run" }] },
      args: (ctx) =>
        at(ctx, "enforce", "--regions", "eu-west-1", "--dry-run", "--journal", ctx.file("dry.jsonl")),
      async check(dry, ctx) {
        expect(dry.code).toBe(3);
        expect(dry.stdout).toContain(
          "The endpoint ignored DryRun for eu-west-1 ec2:ModifyInstanceMetadataDefaults",
        );
        expect(dry.stdout).not.toContain("Not permitted");
        // The endpoint made the change; the journal holds it as an intent with no outcome.
        expect(region(ctx, "eu-west-1").defaults).toEqual({ httpTokens: "required" });
        const journal = journalOf(ctx.file("dry.jsonl"));
        expect(journal.map((r) => r.type)).toEqual(["header", "intent"]);
        const rollback = await ctx.run(
          at(ctx, "rollback", ctx.file("dry.jsonl"), "--yes", "--journal", ctx.file("undo.jsonl")),
        );
        expect(rollback.code, rollback.stderr).toBe(0);
        expect(simSnapshot(ctx.sim)).toEqual(ctx.initial);
      },
    },
    {
      title: "an endpoint that answers a web page for an action it does not implement",
      scenario: oneInstance(),
      ...FIXED,
      controls: {
        appliedAfterMs: 0,
        faults: [{ kind: "html-500", actions: ["GetInstanceMetadataDefaults"], regions: ["eu-west-1"] }],
      },
      args: (ctx) => at(ctx, "audit", "--regions", "eu-west-1,us-east-2"),
      async check(audit, ctx) {
        expect(audit.code).toBe(3);
        // Permanent: asked once, never retried, never "run again later".
        expect(ctx.sim.log.count({ region: "eu-west-1", action: "GetInstanceMetadataDefaults" })).toBe(1);
        expect(audit.stdout).toContain("this endpoint does not implement ec2:GetInstanceMetadataDefaults");
        expect(audit.stdout).not.toContain("run again later");
        const report = auditReport(await ctx.run([...audit.args, "--format", "json"]));
        expect(report.regions.find((r) => r.region === "eu-west-1")?.errors).toEqual([
          expect.objectContaining({
            part: "defaults",
            kind: "unsupported",
            code: "NotImplementedByEndpoint",
          }),
        ]);
      },
    },
  ]);
});
