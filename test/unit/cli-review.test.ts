// Flags that were silently ignored or silently loosened, from a review: each now says so in one line
// (exit 2, nothing done) or takes an explicit spelling.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { invocationOf, suggest } from "../../src/core/next-command.js";
import { mergeShards, type ShardReport } from "../../src/core/org-merge.js";
import { unmatchedTags } from "../../src/core/plan.js";
import { inShard } from "../../src/core/shard.js";
import { joined, renderOrgAudit } from "../../src/render/index.js";
import { auditJunit } from "../../src/render/junit.js";
import { orgHtml } from "../../src/render/org-findings.js";
import { program, scratch } from "./cli-run.js";
import { sampleReport } from "./fixtures.js";
import { fullReport, meta, orgRun, read, scan } from "./org-fixtures.js";

const dir = scratch();
afterAll(dir.remove);
const run = program(dir.path);

describe("imds policy scp --max-hop-limit", () => {
  it("without the hop-limit statement: one line naming the flag to add or drop (main: exit 2)", async () => {
    await expect(
      run(["policy", "scp", "--statements", "require-v2,no-downgrade", "--max-hop-limit", "1"]),
    ).rejects.toThrow(
      /^--max-hop-limit applies to the hop-limit statement, which --statements leaves out: add hop-limit to --statements, or drop --max-hop-limit$/,
    );
  });

  it("with it, or left at its default, the policy is written", async () => {
    const ok = await run([
      "policy",
      "scp",
      "--statements",
      "require-v2,hop-limit",
      "--max-hop-limit",
      "1",
      "--minify",
    ]);
    expect(ok.code).toBe(0);
    expect(ok.out.stdout).toContain('"ec2:MetadataHttpPutResponseHopLimit":"1"');
    const plain = await run(["policy", "scp", "--statements", "require-v2", "--minify"]);
    expect(plain.code).toBe(0);
    expect(plain.out.stdout).not.toContain("HopLimit");
  });
});

describe("imds enforce --raise-hop-limit", () => {
  it("goes with a number given to --hop-limit", async () => {
    const raised = await run(["enforce", "--hop-limit", "2", "--raise-hop-limit"]);
    expect(raised.opts).toMatchObject({ hopLimit: 2, raiseHopLimit: true });
    expect((await run(["enforce", "--hop-limit", "2"])).opts).toMatchObject({ raiseHopLimit: false });
    await expect(run(["enforce", "--raise-hop-limit"])).rejects.toThrow(
      /^--raise-hop-limit sets exactly --hop-limit N: give a number with --hop-limit, or drop it$/,
    );
    await expect(run(["enforce", "--hop-limit", "policy", "--raise-hop-limit"])).rejects.toThrow(
      /^--raise-hop-limit sets exactly/,
    );
  });
});

describe("--tag that no instance has", () => {
  it("is named, whichever region it would be in", () => {
    const i = (id: string, tags: Record<string, string>) => ({
      id,
      state: "running",
      tags,
      metadata: { httpTokens: "optional" as const },
    });
    const scans = [
      { region: "a", instances: [i("i-1", { env: "dev" })], errors: [] },
      { region: "b", instances: [i("i-2", { team: "x" })], errors: [] },
    ];
    const tags = [
      ["env", "dev"],
      ["team", "x"],
      ["nosuch", "x"],
      ["env", "prod"],
    ] as [string, string][];
    expect(unmatchedTags(scans, tags)).toEqual(["nosuch=x", "env=prod"]);
    expect(unmatchedTags(scans, undefined)).toEqual([]);
  });
});

describe("the organization header counts account-regions", () => {
  it("says N accounts and M account-regions in the table, markdown and HTML, and the PASS line", () => {
    const refs = [
      { id: "222222222201", name: "a" },
      { id: "222222222202", name: "b" },
    ];
    const { view } = orgRun(
      refs.map((ref) => read(ref, [scan("us-east-1", "required", 0), scan("eu-west-1", "required", 0)])),
    );
    const opts = { color: false, width: 160, maxRows: 5, detail: false };
    for (const format of ["table", "markdown"] as const)
      expect(joined(renderOrgAudit(format, view, opts)), format).toContain("2 accounts · 4 account-regions");
    expect(orgHtml(view)).toContain("2 accounts · 4 account-regions");
    expect(view.head.verdict.line).toBe(
      "PASS: IMDSv2 is required across 2 accounts (4 account-regions, 4 instances checked).",
    );
  });
});

describe("junit names, as the README says", () => {
  it("testcase name: the resource id alone; its name leads the output; suites ACCOUNT/REGION", () => {
    const report = sampleReport();
    const text = joined(auditJunit(report));
    const names = [
      ...text.matchAll(/<testcase classname="imds\.[^"]+\.(?!region")[^."]+" name="([^"]+)"/g),
    ].map((m) => m[1]);
    expect(names.sort()).toEqual(report.resources.map((r) => r.id).sort());
    const named = report.resources.find((r) => r.name !== undefined);
    expect(text).toMatch(
      new RegExp(`name="${named?.id}" time="0">\\n {6}(<failure[^\\n]*\\n {6})*<system-out>name: `),
    );
    expect([...text.matchAll(/<testsuite name="([^"]+)"/g)].map((m) => m[1])).toEqual(
      report.regions.map((r) => `${report.account.id}/${r.region}`),
    );
  });
});

describe("Next: repeats the flags that matter for the next command", () => {
  it("--config FILE when one was given, not a file found by searching", async () => {
    const file = join(dir.path, "ci.yaml");
    writeFileSync(file, "failOn: warn\n");
    expect((await run(["audit", "--config", file])).opts.configFlag).toBe(file);
    writeFileSync(join(dir.path, "imds.config.yaml"), "failOn: warn\n");
    expect((await run(["audit"])).opts.configFlag).toBeUndefined();
    expect(suggest(["enforce"], invocationOf({ profile: "p" }, undefined, "ci/imds.yaml"))).toBe(
      "imds enforce --profile p --config ci/imds.yaml",
    );
  });

  it("report merge: the accounts (--org), the role and the config file the shards ran with", () => {
    const refs = Array.from({ length: 12 }, (_, i) => ({ id: String(210000000000 + i * 1013) }));
    const options = { ...meta().options, config: "ci/imds.config.yaml" };
    const selection = { source: "org" as const, role: "arn:aws:iam::{account}:role/imds-audit" };
    const shard = (index: number): ShardReport => {
      const mine = refs.filter((r) => inShard(r.id, { index, count: 2 }));
      const m = meta({
        options,
        selection: { ...selection, shard: { index, count: 2 } },
        endpoint: "http://x",
      });
      const { view } = orgRun(
        mine.map((ref) => read(ref, [scan("eu-west-1", "optional", 1)])),
        m,
      );
      return { name: `s${index}.json`, report: JSON.parse(JSON.stringify(fullReport(view))) };
    };
    const merged = mergeShards([shard(1), shard(2)]);
    expect(merged.head.verdict.nextCommand).toBe(
      "imds enforce --org --endpoint-url http://x --role-name imds-audit --config ci/imds.config.yaml",
    );
  });
});
