// `imds audit` end to end: the built CLI, the real SDK, the simulator over HTTP.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { INSTANCE_PAGE_SIZE } from "../../src/aws/reads.js";
import type { Scenario, Simulator } from "../../src/sim/index.js";
import { offlineCases, simCases } from "./cases.js";
import {
  EXTERNAL_ENDPOINT,
  imds,
  onSimulator,
  type Run,
  userEnv,
  waitFor,
  withSimulator,
} from "./harness.js";
import { auditReport } from "./reports.js";

/** What the simulator holds, counted independently of imds: the oracle for the report. */
function expectedCounts(sim: Simulator, region: string) {
  const r = sim.state.region(region);
  if (!r) throw new Error(`no region ${region}`);
  const inScope = r.instances.filter((i) => ["pending", "running", "stopping", "stopped"].includes(i.state));
  return {
    instances: inScope.length,
    imdsOff: inScope.filter((i) => i.httpEndpoint === "disabled").length,
    v1Allowed: inScope.filter((i) => i.httpEndpoint === "enabled" && i.httpTokens === "optional").length,
    v2Required: inScope.filter((i) => i.httpEndpoint === "enabled" && i.httpTokens === "required").length,
  };
}

const ONE_REGION = (extra: Partial<Scenario> = {}): Scenario => ({
  accountId: "111122223333",
  regions: {
    "*": { defaults: { httpTokens: "required", httpPutResponseHopLimit: 2 } },
    "eu-west-1": {
      defaults: { httpTokens: "optional" },
      instances: [
        { id: "i-00000000000000001", httpTokens: "optional", tags: { Name: "legacy" } },
        { id: "i-00000000000000002", httpTokens: "required", httpPutResponseHopLimit: 2 },
      ],
    },
  },
  ...extra,
});

const audit = (sim: Simulator, ...args: string[]) => ["audit", "--endpoint-url", sim.url, ...args];
const THREE_REGIONS = ["--regions", "eu-west-1,us-east-1,us-west-2"];

/** Exit 2 with one line on stderr and nothing on stdout. */
function refusedInOneLine(run: Run): void {
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/^imds: /);
  expect(run.stderr.trim().split("\n")).toHaveLength(1);
  expect(run.stdout).toBe("");
}

describe.skipIf(!onSimulator)("imds audit against the simulator", () => {
  simCases("audit", [
    {
      title: "A compliant account",
      scenario: "compliant",
      args: ({ sim }) => audit(sim),
      check(run) {
        expect(run.code, run.stderr).toBe(0);
        expect(run.stdout).toMatch(/^PASS: IMDSv2 is required across 17 regions/m);
        expect(run.stderr).toBe("");
      },
    },
    {
      title: "The demo account (table)",
      scenario: "demo",
      args: ({ sim }) => audit(sim, "--max-rows", "10"),
      async check(table, { sim, run }) {
        expect(table.code, table.stderr).toBe(1);
        expect(table.stdout).toContain("FAIL: IMDSv1 is allowed");
        expect(table.stdout).toMatch(/and \d+ more findings/);

        // Counts equal to what the simulator holds, region by region; the locked region shown.
        const json = await run(audit(sim, "--format", "json"));
        expect(json.code).toBe(1);
        const report = auditReport(json);
        expect(report.account.id).toBe(sim.state.accountId);
        expect(report.complete).toBe(true);
        expect(report.regions.map((r) => r.region)).toEqual(
          sim.state
            .enabledRegions()
            .map((r) => r.name)
            .sort(),
        );
        for (const region of report.regions) {
          expect(region.complete).toBe(true);
          expect({
            instances: region.counts.instances,
            imdsOff: region.counts.imdsOff,
            v1Allowed: region.counts.v1Allowed,
            v2Required: region.counts.v2Required,
          }).toEqual(expectedCounts(sim, region.region));
          const simRegion = sim.state.region(region.region);
          expect(region.locked).toBe(simRegion?.lock !== undefined);
          expect(region.defaults?.httpTokens).toBe(simRegion?.defaults.httpTokens);
        }
        const locked = report.regions.filter((r) => r.locked);
        expect(locked).toHaveLength(1);
        const lockedRegion = locked[0]?.region ?? "";
        const message = sim.state.region(lockedRegion)?.lock?.message ?? "";
        expect(message).not.toBe("");
        expect(table.stdout).toContain(message.slice(0, 40));
        expect(report.verdict.nextCommand ?? "").not.toContain(lockedRegion);
      },
    },
    {
      title: "A region locked by an organization policy (markdown)",
      scenario: ONE_REGION({
        regions: {
          "eu-west-1": {
            lock: { message: "IMDS settings are owned by the cloud platform team (#cloud-platform)" },
          },
        },
      }),
      args: ({ sim }) => audit(sim, "--regions", "eu-west-1", "--format", "markdown"),
      async check(markdown, { sim, run }) {
        expect(markdown.stdout).toContain("owned by the cloud platform team");
        // The same in JSON, and no next command pointing at a region imds may not change.
        const json = auditReport(await run(audit(sim, "--regions", "eu-west-1", "--format", "json")));
        expect(json.regions[0]?.locked).toBe(true);
        expect(json.regions[0]?.defaults?.managedBy).toBe("declarative-policy");
        expect(json.verdict.nextCommand).toBeUndefined();
      },
    },
    {
      title: "DescribeInstances denied in one region",
      scenario: { ...ONE_REGION(), denied: { DescribeInstances: ["eu-west-1"] } },
      args: ({ sim }) => audit(sim, ...THREE_REGIONS),
      async check(table, { sim, run }) {
        expect(table.code).toBe(3);
        expect(table.stdout).toContain("INCOMPLETE");
        expect(table.stdout).toContain("ec2:DescribeInstances");

        // That region incomplete, the others complete.
        const json = await run(audit(sim, ...THREE_REGIONS, "--format", "json"));
        expect(json.code).toBe(3);
        const byName = Object.fromEntries(auditReport(json).regions.map((r) => [r.region, r]));
        expect(byName["eu-west-1"]?.complete).toBe(false);
        expect(byName["eu-west-1"]?.errors).toEqual([
          expect.objectContaining({ part: "instances", kind: "permission", code: "UnauthorizedOperation" }),
        ]);
        // The parts that could be read are still reported.
        expect(byName["eu-west-1"]?.defaults?.httpTokens).toBe("optional");
        expect(byName["us-east-1"]?.complete).toBe(true);
        expect(byName["us-west-2"]?.complete).toBe(true);
        // Even --fail-on never cannot turn an unread region into a green run.
        const never = await run(audit(sim, "--regions", "eu-west-1", "--fail-on", "never", "-q"));
        expect(never.code).toBe(3);
      },
    },
    {
      title: "A region that is not enabled",
      scenario: ONE_REGION(),
      args: ({ sim }) => audit(sim, "--regions", "me-south-1"),
      async check(refused, { sim, run }) {
        // Exit 2 naming the enabled ones, nothing read.
        expect(refused.code).toBe(2);
        expect(refused.stderr).toMatch(/^imds: --regions: region "me-south-1" is not enabled.*eu-west-1/);
        expect(refused.stderr.trim().split("\n")).toHaveLength(1);
        expect(sim.log.count({ action: "DescribeInstances" })).toBe(0);
        // By default, disabled regions are simply not in scope.
        const all = auditReport(await run(audit(sim, "--format", "json")));
        expect(all.regions.map((r) => r.region)).not.toContain("me-south-1");
        expect(sim.log.count({ region: "me-south-1" })).toBe(0);
      },
    },
    {
      title: "An unknown region",
      scenario: ONE_REGION(),
      args: ({ sim }) => audit(sim, "--regions", "eu-west-9"),
      check(unknown, { sim }) {
        expect(unknown.code).toBe(2);
        expect(unknown.stderr).toMatch(/unknown region "eu-west-9"/);
        expect(sim.log.count({ action: "DescribeInstances" })).toBe(0);
      },
    },
    {
      title: "CSV to a file, quiet",
      scenario: "compliant",
      args: ({ sim, file }) => audit(sim, "--format", "csv", "--output", file("report.csv"), "--quiet"),
      check(run, { file }) {
        // --output writes the report (atomically); --quiet prints only the verdict.
        expect(run.code).toBe(0);
        expect(run.stdout.trim().split("\n")).toHaveLength(1);
        const csv = readFileSync(file("report.csv"), "utf8");
        expect(csv.split("\n")[0]).toMatch(/^region,kind,id,/);
        expect(csv).toContain("account-default");
      },
    },
  ]);

  it("throttling and 5xx faults at a high rate: the report is still complete and the same", async () => {
    await withSimulator("demo", async ({ sim, run }) => {
      const clean = auditReport(await run(audit(sim, "--format", "json")));
      sim.log.reset();
      sim.controls.update({
        faults: [
          // 15% of all calls fail. With the SDK's 6 attempts a call fails for good with odds
          // 0.15^6 (about 1 in 90,000): high enough to exercise every retry path, low enough
          // that the ~75 calls of this run do not make the test flaky.
          { kind: "internal-error", rate: 0.07 },
          { kind: "unavailable", rate: 0.05 },
          { kind: "reset", rate: 0.03 },
        ],
        throttle: {
          overrides: {
            DescribeInstances: { burst: 1, refillPerSecond: 1 },
            GetInstanceMetadataDefaults: { burst: 1, refillPerSecond: 1 },
          },
        },
      });
      const faulty = await run(
        audit(sim, "--format", "json", "--states", "pending,running,stopping,stopped"),
      );
      expect(faulty.code, faulty.stderr).toBe(1);
      const report = auditReport(faulty);
      expect(report.complete).toBe(true);
      expect(report.resources).toEqual(clean.resources);
      expect(report.regions).toEqual(clean.regions);
      const codes = sim.log.snapshot().byCode;
      expect((codes.InternalError ?? 0) + (codes.Unavailable ?? 0)).toBeGreaterThan(0);
    });
  });

  it("a region with 2,500 instances: every instance read once, in pages of INSTANCE_PAGE_SIZE", async () => {
    const scenario: Scenario = {
      accountId: "111122223333",
      regions: {
        "ap-south-1": {
          defaults: { httpTokens: "required" },
          generate: [
            {
              count: 2500,
              seed: 3,
              mix: [
                { weight: 1, httpTokens: "optional" },
                { weight: 1, httpTokens: "required" },
              ],
            },
          ],
        },
      },
    };
    await withSimulator(scenario, async ({ sim, run }) => {
      const report = auditReport(await run(audit(sim, "--regions", "ap-south-1", "--format", "json")));
      const ids = report.resources.filter((r) => r.kind === "instance").map((r) => r.id);
      expect(ids).toHaveLength(2500);
      expect(new Set(ids).size).toBe(2500);
      expect(report.regions[0]?.counts).toMatchObject(expectedCounts(sim, "ap-south-1"));
      expect(sim.log.count({ region: "ap-south-1", action: "DescribeInstances" })).toBe(
        Math.ceil(2500 / INSTANCE_PAGE_SIZE),
      );
    });
  });

  it("a throttled region: a page refused with RequestLimitExceeded is retried, nothing is lost", async () => {
    const scenario: Scenario = {
      accountId: "111122223333",
      regions: {
        "sa-east-1": {
          defaults: { httpTokens: "required" },
          generate: [{ count: 2500, seed: 4, mix: [{ weight: 1, httpTokens: "required" }] }],
        },
      },
      // One token that never refills: the second page is refused, however slow this machine is.
      controls: { throttle: { overrides: { DescribeInstances: { burst: 1, refillPerSecond: 0 } } } },
    };
    await withSimulator(scenario, async ({ sim, spawn }) => {
      const child = spawn(audit(sim, "--regions", "sa-east-1", "--format", "json"));
      const refused = () => sim.log.count({ region: "sa-east-1", code: "RequestLimitExceeded" });
      await waitFor(
        () => refused() > 0,
        child,
        () => `${refused()} pages refused`,
      );
      // Once a page has been refused, the bucket opens: the SDK's retry must fetch it.
      sim.controls.update({ throttle: { enabled: false } });
      const json = await child.done;
      expect(json.code, json.stderr).toBe(0);
      const report = auditReport(json);
      expect(report.complete).toBe(true);
      expect(report.regions[0]?.counts.instances).toBe(2500);
      expect(new Set(report.resources.filter((r) => r.kind === "instance").map((r) => r.id)).size).toBe(2500);
    });
  });
});

describe("imds audit failures a user can hit", () => {
  offlineCases("audit", [
    {
      title: "An endpoint that refuses connections",
      args: () => ["audit", "--endpoint-url", "http://127.0.0.1:9"],
      check(run) {
        // Exit 3 with one line, quickly.
        expect(run.code).toBe(3);
        expect(run.stderr).toMatch(/^imds: could not reach http:\/\/127\.0\.0\.1:9 .*ECONNREFUSED/);
        expect(run.stderr.trim().split("\n")).toHaveLength(1);
        expect(run.stdout).toBe("");
      },
      timeout: 20_000,
    },
    {
      title: "No credentials",
      args: () => ["audit", "--endpoint-url", EXTERNAL_ENDPOINT ?? "http://127.0.0.1:9"],
      env: userEnv({ AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined }),
      check(run) {
        // Exit 2 with one line that says what to do.
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(/^imds: no usable AWS credentials .*--profile/);
        expect(run.stderr.trim().split("\n")).toHaveLength(1);
      },
      timeout: 20_000,
    },
    // Bad usage: exit 2, one line, no stack trace, no secret echoed.
    ...[
      ["audit", "--format", "xml"],
      ["audit", "--concurrency", "0"],
      ["audit", "--max-hop-limit", "99"],
      ["audit", "--regions", "Europe"],
      ["audit", "--states", "running,asleep"],
      ["audit", "--fail-on", "sometimes"],
      ["audit", "--endpoint-url", "not a url"],
      ["audit", "--endpoint-url", "https://me:secret@ec2.example.com"],
      ["audit", "--region", "us-east-1,eu-west-1"],
      ["audit", "--output", "/nonexistent/dir/report.json"],
      ["audit", "--bogus"],
      ["audti"],
    ].map((args) => ({
      title: `Bad usage: ${args.join(" ")}`,
      args: () => args,
      check(run: Run) {
        refusedInOneLine(run);
        expect(run.stderr).not.toMatch(/\bat .*\.js:\d+/);
        expect(run.stderr).not.toContain("secret");
      },
    })),
  ]);

  it("an unknown profile: exit 2", async () => {
    const run = await imds(["audit", "--profile", "nope", "--endpoint-url", "http://127.0.0.1:9"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^imds: no usable AWS credentials .*nope/);
  });
});

describe.skipIf(onSimulator)("imds audit against IMDS_E2E_ENDPOINT", () => {
  it("reads every enabled region and exits by the report's own state", async () => {
    const run = await imds(["audit", "--endpoint-url", EXTERNAL_ENDPOINT ?? "", "--format", "json"]);
    const report = auditReport(run);
    const expected = !report.complete ? 3 : report.worst === "fail" ? 1 : 0;
    expect(run.code).toBe(expected);
    expect(report.regions.length).toBeGreaterThan(0);
  });
});
