// `imds audit` end to end: the built CLI, the real SDK, the simulator over HTTP.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { INSTANCE_PAGE_SIZE } from "../../src/aws/reads.js";
import type { AuditReport } from "../../src/core/types.js";
import type { Scenario, Simulator } from "../../src/sim/index.js";
import { EXTERNAL_ENDPOINT, imds, onSimulator, Transcript, userEnv, withSimulator } from "./harness.js";

const schema = JSON.parse(
  readFileSync(resolve(import.meta.dirname, "../../schema/audit-report.schema.json"), "utf8"),
);
const ajv = new Ajv2020({ allErrors: true, strict: false });
const validate = ajv.compile(schema);
const transcript = new Transcript();

function parseReport(stdout: string): AuditReport {
  const report = JSON.parse(stdout) as AuditReport;
  expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  return report;
}

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

describe.skipIf(!onSimulator)("imds audit against the simulator", () => {
  it("a compliant account: exit 0 and a PASS verdict", async () => {
    await withSimulator("compliant", async (sim) => {
      const run = await imds(["audit", "--endpoint-url", sim.url]);
      transcript.add("A compliant account", run, sim.url);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^PASS: IMDSv2 is required across 17 regions/m);
      expect(run.stderr).toBe("");
    });
  });

  it("the demo account: exit 1, counts equal to what the simulator holds, locked region shown", async () => {
    await withSimulator("demo", async (sim) => {
      const table = await imds(["audit", "--endpoint-url", sim.url, "--max-rows", "10"]);
      transcript.add("The demo account (table)", table, sim.url);
      expect(table.code, table.stderr).toBe(1);
      expect(table.stdout).toContain("FAIL: IMDSv1 is allowed");
      expect(table.stdout).toMatch(/and \d+ more findings/);

      const run = await imds(["audit", "--endpoint-url", sim.url, "--format", "json"]);
      expect(run.code).toBe(1);
      const report = parseReport(run.stdout);
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
    });
  });

  it("a locked region is reported with its policy message, in every format", async () => {
    const scenario = ONE_REGION({
      regions: {
        "eu-west-1": {
          lock: { message: "IMDS settings are owned by the cloud platform team (#cloud-platform)" },
        },
      },
    });
    await withSimulator(scenario, async (sim) => {
      const run = await imds([
        "audit",
        "--endpoint-url",
        sim.url,
        "--regions",
        "eu-west-1",
        "--format",
        "markdown",
      ]);
      transcript.add("A region locked by an organization policy (markdown)", run, sim.url);
      expect(run.stdout).toContain("owned by the cloud platform team");
      const json = parseReport(
        (await imds(["audit", "--endpoint-url", sim.url, "--regions", "eu-west-1", "--format", "json"]))
          .stdout,
      );
      expect(json.regions[0]?.locked).toBe(true);
      expect(json.regions[0]?.defaults?.managedBy).toBe("declarative-policy");
      expect(json.verdict.nextCommand).toBeUndefined();
    });
  });

  it("a denied action in one region: exit 3, that region incomplete, the others complete", async () => {
    const scenario: Scenario = { ...ONE_REGION(), denied: { DescribeInstances: ["eu-west-1"] } };
    await withSimulator(scenario, async (sim) => {
      const table = await imds([
        "audit",
        "--endpoint-url",
        sim.url,
        "--regions",
        "eu-west-1,us-east-1,us-west-2",
      ]);
      transcript.add("DescribeInstances denied in one region", table, sim.url);
      expect(table.code).toBe(3);
      expect(table.stdout).toContain("INCOMPLETE");
      expect(table.stdout).toContain("ec2:DescribeInstances");

      const run = await imds([
        "audit",
        "--endpoint-url",
        sim.url,
        "--regions",
        "eu-west-1,us-east-1,us-west-2",
        "--format",
        "json",
      ]);
      expect(run.code).toBe(3);
      const report = parseReport(run.stdout);
      const byName = Object.fromEntries(report.regions.map((r) => [r.region, r]));
      expect(byName["eu-west-1"]?.complete).toBe(false);
      expect(byName["eu-west-1"]?.errors).toEqual([
        expect.objectContaining({ part: "instances", kind: "permission", code: "UnauthorizedOperation" }),
      ]);
      // The parts that could be read are still reported.
      expect(byName["eu-west-1"]?.defaults?.httpTokens).toBe("optional");
      expect(byName["us-east-1"]?.complete).toBe(true);
      expect(byName["us-west-2"]?.complete).toBe(true);
      // Even --fail-on never cannot turn an unread region into a green run.
      const never = await imds([
        "audit",
        "--endpoint-url",
        sim.url,
        "--regions",
        "eu-west-1",
        "--fail-on",
        "never",
        "-q",
      ]);
      expect(never.code).toBe(3);
    });
  });

  it("a region that is not enabled: exit 2 naming the enabled ones, nothing read", async () => {
    await withSimulator(ONE_REGION(), async (sim) => {
      const run = await imds(["audit", "--endpoint-url", sim.url, "--regions", "me-south-1"]);
      transcript.add("A region that is not enabled", run, sim.url);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^imds: --regions: region "me-south-1" is not enabled.*eu-west-1/);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
      expect(sim.log.count({ action: "DescribeInstances" })).toBe(0);
      const unknown = await imds(["audit", "--endpoint-url", sim.url, "--regions", "eu-west-9"]);
      transcript.add("An unknown region", unknown, sim.url);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toMatch(/unknown region "eu-west-9"/);
      // By default, disabled regions are simply not in scope.
      const all = parseReport((await imds(["audit", "--endpoint-url", sim.url, "--format", "json"])).stdout);
      expect(all.regions.map((r) => r.region)).not.toContain("me-south-1");
      expect(sim.log.count({ region: "me-south-1" })).toBe(0);
    });
  });

  it("throttling and 5xx faults at a high rate: the report is still complete and the same", async () => {
    await withSimulator("demo", async (sim) => {
      const clean = parseReport(
        (await imds(["audit", "--endpoint-url", sim.url, "--format", "json"])).stdout,
      );
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
      const run = await imds([
        "audit",
        "--endpoint-url",
        sim.url,
        "--format",
        "json",
        "--states",
        "pending,running,stopping,stopped",
      ]);
      expect(run.code, run.stderr).toBe(1);
      const faulty = parseReport(run.stdout);
      expect(faulty.complete).toBe(true);
      expect(faulty.resources).toEqual(clean.resources);
      expect(faulty.regions).toEqual(clean.regions);
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
    await withSimulator(scenario, async (sim) => {
      const run = await imds([
        "audit",
        "--endpoint-url",
        sim.url,
        "--regions",
        "ap-south-1",
        "--format",
        "json",
      ]);
      const report = parseReport(run.stdout);
      const ids = report.resources.filter((r) => r.kind === "instance").map((r) => r.id);
      expect(ids).toHaveLength(2500);
      expect(new Set(ids).size).toBe(2500);
      expect(report.regions[0]?.counts).toMatchObject(expectedCounts(sim, "ap-south-1"));
      expect(sim.log.count({ region: "ap-south-1", action: "DescribeInstances" })).toBe(
        Math.ceil(2500 / INSTANCE_PAGE_SIZE),
      );
    });
  });

  it("a throttled region: pages refused with RequestLimitExceeded are retried, nothing is lost", async () => {
    const scenario: Scenario = {
      accountId: "111122223333",
      regions: {
        "sa-east-1": {
          defaults: { httpTokens: "required" },
          generate: [{ count: 2500, seed: 4, mix: [{ weight: 1, httpTokens: "required" }] }],
        },
      },
      // One token, refilled twice a second: the second page always arrives to an empty bucket.
      controls: { throttle: { overrides: { DescribeInstances: { burst: 1, refillPerSecond: 2 } } } },
    };
    await withSimulator(scenario, async (sim) => {
      const run = await imds([
        "audit",
        "--endpoint-url",
        sim.url,
        "--regions",
        "sa-east-1",
        "--format",
        "json",
      ]);
      expect(run.code, run.stderr).toBe(0);
      const report = parseReport(run.stdout);
      expect(report.complete).toBe(true);
      expect(report.regions[0]?.counts.instances).toBe(2500);
      expect(sim.log.count({ region: "sa-east-1", code: "RequestLimitExceeded" })).toBeGreaterThan(0);
    });
  });

  it("--output writes the report atomically; --quiet prints only the verdict", async () => {
    await withSimulator("compliant", async (sim) => {
      const dir = mkdtempSync(join(tmpdir(), "imds-out-"));
      const file = join(dir, "report.csv");
      const run = await imds([
        "audit",
        "--endpoint-url",
        sim.url,
        "--format",
        "csv",
        "--output",
        file,
        "--quiet",
      ]);
      transcript.add("CSV to a file, quiet", run, sim.url);
      expect(run.code).toBe(0);
      expect(run.stdout.trim().split("\n")).toHaveLength(1);
      const csv = readFileSync(file, "utf8");
      expect(csv.split("\n")[0]).toMatch(/^region,kind,id,/);
      expect(csv).toContain("account-default");
    });
  });
});

describe("imds audit failures a user can hit", () => {
  it("an endpoint that refuses connections: exit 3 with one line, quickly", async () => {
    const run = await imds(["audit", "--endpoint-url", "http://127.0.0.1:9"]);
    if (onSimulator) transcript.add("An endpoint that refuses connections", run);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^imds: could not reach http:\/\/127\.0\.0\.1:9 .*ECONNREFUSED/);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stdout).toBe("");
  }, 20_000);

  it("no credentials: exit 2 with one line that says what to do", async () => {
    const endpoint = EXTERNAL_ENDPOINT ?? "http://127.0.0.1:9";
    const env = userEnv({ AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined });
    const run = await imds(["audit", "--endpoint-url", endpoint], env);
    if (onSimulator) transcript.add("No credentials", run);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^imds: no usable AWS credentials .*--profile/);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
  }, 20_000);

  it("an unknown profile: exit 2", async () => {
    const run = await imds(["audit", "--profile", "nope", "--endpoint-url", "http://127.0.0.1:9"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^imds: no usable AWS credentials .*nope/);
  });

  it.each([
    [["audit", "--format", "xml"]],
    [["audit", "--concurrency", "0"]],
    [["audit", "--max-hop-limit", "99"]],
    [["audit", "--regions", "Europe"]],
    [["audit", "--states", "running,asleep"]],
    [["audit", "--fail-on", "sometimes"]],
    [["audit", "--endpoint-url", "not a url"]],
    [["audit", "--endpoint-url", "https://me:secret@ec2.example.com"]],
    [["audit", "--region", "us-east-1,eu-west-1"]],
    [["audit", "--output", "/nonexistent/dir/report.json"]],
    [["audit", "--bogus"]],
    [["audti"]],
  ])("bad usage %j: exit 2, one line, no stack trace", async (args) => {
    const run = await imds(args);
    if (onSimulator) transcript.add(`Bad usage: ${args.join(" ")}`, run);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^imds: /);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\bat .*\.js:\d+/);
    expect(run.stderr).not.toContain("secret");
    expect(run.stdout).toBe("");
  });
});

describe.skipIf(onSimulator)("imds audit against IMDS_E2E_ENDPOINT", () => {
  it("reads every enabled region and exits by the report's own state", async () => {
    const run = await imds(["audit", "--endpoint-url", EXTERNAL_ENDPOINT ?? "", "--format", "json"]);
    const report = parseReport(run.stdout);
    const expected = !report.complete ? 3 : report.worst === "fail" ? 1 : 0;
    expect(run.code).toBe(expected);
    expect(report.regions.length).toBeGreaterThan(0);
  });
});

describe.skipIf(!onSimulator)("the transcript", () => {
  it("matches test/e2e/__snapshots__/audit.md (what a user sees, case by case)", async () => {
    await expect(transcript.toString()).toMatchFileSnapshot("__snapshots__/audit.md");
  });
});
