// `imds policy` end to end, and the proof that the IAM policy is exactly what imds calls: each
// command runs on the simulator (the built CLI, the real SDK, real HTTP), and the set of actions in
// the simulator's request log must equal the generated policy's, none missing and none extra.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseHcl } from "@cdktf/hcl2json";
import { afterAll, describe, expect, it } from "vitest";
import type { Use } from "../../src/policy/actions.js";
import type { PolicyDocument } from "../../src/policy/document.js";
import { iamActions, iamPolicy } from "../../src/policy/iam.js";
import type { Scenario, Simulator } from "../../src/sim/index.js";
import { awsNameProblems, syntaxProblems } from "../unit/policy-check.js";
import { imds, onSimulator, type Run, withSimulator } from "./harness.js";

const dir = mkdtempSync(join(tmpdir(), "imds-e2e-policy-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The IAM prefix of each service the simulator logs (CloudWatch answers on "monitoring"). */
const IAM_PREFIX: Record<string, string> = {
  ec2: "ec2",
  sts: "sts",
  monitoring: "cloudwatch",
  securityhub: "securityhub",
};
const REGIONS = ["--regions", "us-east-1,eu-west-1"];

/**
 * One region with an instance enforce may change (quiet for 30 days, but its workload calls IMDSv1
 * again once IMDSv2 is required, so watch finds it broken and reads it as it is now), one still
 * calling IMDSv1, one compliant.
 */
const scenario: Scenario = {
  accountId: "111122223333",
  regions: {
    "us-east-1": {
      instances: [
        {
          id: "i-00000000000000a01",
          httpTokens: "optional",
          usage: { noTokenPerDay: 2, lastCallDaysAgo: 30, rejectedPerDayAfterChange: 24 },
        },
        { id: "i-00000000000000a02", httpTokens: "optional", usage: { noTokenPerDay: 40 } },
        { id: "i-00000000000000a03", httpTokens: "required", httpPutResponseHopLimit: 2 },
      ],
      launchTemplates: [{ name: "web", versions: [{}] }],
      images: [{ name: "golden", id: "ami-0f1e2d3c4b5a60001", imdsSupport: "v2.0" }],
    },
  },
  controls: { appliedAfterMs: 0 },
};

/** Every IAM action the simulator served since its log was last reset. */
function served(sim: Simulator): string[] {
  const log = sim.log.snapshot();
  expect(log.recent.length, "the log kept every request").toBe(log.total);
  return [...new Set(log.recent.map((e) => `${IAM_PREFIX[e.service] ?? e.service}:${e.action}`))].sort();
}

const run = (sim: Simulator, args: string[]) => imds(["--endpoint-url", sim.url, ...args]);

/** The enforce every case that needs a journal runs first, and the enforce case itself. */
const enforceArgs = (journal: string) => [
  "enforce",
  ...REGIONS,
  "--instances",
  // The full command: its preflight reads the launch templates (ec2:DescribeLaunchTemplateVersions).
  "--enforce-launches",
  "--yes",
  "--wait",
  "5",
  "--journal",
  journal,
];

/** Runs enforce to have a journal, then clears the log so only the next command is in it. */
async function enforced(sim: Simulator, name: string): Promise<string> {
  const journal = join(dir, name);
  const r = await run(sim, enforceArgs(journal));
  expect(r.code, r.stderr).toBe(0);
  sim.log.reset();
  return journal;
}

const CASES: { use: Use; code: number; args: (journal: string) => string[] }[] = [
  { use: "audit", code: 1, args: () => ["audit", ...REGIONS, "--format", "json"] },
  { use: "audit-usage", code: 1, args: () => ["audit", ...REGIONS, "--usage", "--format", "json"] },
  {
    use: "audit-security-hub",
    code: 1,
    args: () => ["audit", ...REGIONS, "--to-security-hub", "--format", "json"],
  },
  { use: "enforce", code: 0, args: () => enforceArgs(join(dir, "enforce.jsonl")) },
  { use: "watch", code: 1, args: (journal) => ["watch", journal, "--format", "json"] },
  {
    use: "rollback",
    code: 0,
    // Its own journal goes to the scratch folder too, never the working directory.
    args: (journal) => ["rollback", journal, "--yes", "--wait", "5", "--journal", `${journal}.undo`],
  },
  { use: "policy", code: 0, args: () => ["policy", "terraform"] },
];

describe.skipIf(!onSimulator)("the IAM policy equals what each command calls (simulator request log)", () => {
  it.each(CASES)("$use", async ({ use, code, args }) => {
    await withSimulator(structuredClone(scenario), async ({ sim }) => {
      const journal = use === "watch" || use === "rollback" ? await enforced(sim, `${use}.jsonl`) : "";
      const r = await run(sim, args(journal));
      expect(r.code, r.stderr).toBe(code);
      expect(sim.log.snapshot().byCode, "no call failed").toEqual({});
      expect(served(sim)).toEqual(iamActions([use]).sort());
    });
  });
});

function json<T>(r: Run): T {
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T;
}

async function valid(doc: PolicyDocument, kind: "scp" | "iam") {
  expect(syntaxProblems(doc, kind)).toEqual([]);
  expect(await awsNameProblems(doc)).toEqual([]);
}

const breakGlass = (n: number) =>
  Array.from({ length: n }, (_, i) => [
    "--break-glass-arn",
    `arn:aws:iam::123456789012:role/break-glass-${i}`,
  ]).flat();

describe("imds policy output", () => {
  it("scp: valid JSON, AWS's names, the size on stderr", async () => {
    const r = await imds([
      "policy",
      "scp",
      "--break-glass-arn",
      "arn:aws:iam::123456789012:role/break-glass",
    ]);
    await valid(json<PolicyDocument>(r), "scp");
    expect(r.stderr).toMatch(/^imds: SCP: [\d,]+ of 5,120 characters \(minified, as AWS counts\)\n$/);
  });

  it("scp over the limit: one line, exit 2, nothing written; --split writes every part, atomically", async () => {
    const out = join(dir, "scp.json");
    const refused = await imds(["--output", out, "policy", "scp", ...breakGlass(50)]);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toMatch(
      /^imds: the SCP is [\d,]+ characters minified, over AWS's limit of 5,120: pass --split/,
    );
    expect(refused.stderr.trim().split("\n")).toHaveLength(1);
    expect(readdirSync(dir)).not.toContain("scp.json");

    const split = await imds(["--output", out, "policy", "scp", ...breakGlass(50), "--split"]);
    expect(split.code, split.stderr).toBe(0);
    expect(split.stdout).toBe("");
    expect(split.stderr).toMatch(/^imds: split into 2 SCPs \([\d,]+, [\d,]+ of 5,120 characters\)/);
    expect(split.stderr).toMatch(/\nimds: wrote .*scp\.json\n$/);
    const parts = JSON.parse(readFileSync(out, "utf8")) as PolicyDocument[];
    expect(parts).toHaveLength(2);
    for (const p of parts) {
      expect(JSON.stringify(p).length).toBeLessThanOrEqual(5120);
      await valid(p, "scp");
    }
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("scp --minify: the document AWS counts, on one line", async () => {
    const r = await imds(["policy", "scp", "--minify", "--quiet"]);
    expect(r.stdout.trimEnd()).not.toContain("\n");
    expect(r.stderr).toBe("");
    await valid(json<PolicyDocument>(r), "scp");
  });

  it("iam --for all and --for a list: valid, and exactly the table's actions", async () => {
    for (const target of ["all", "audit,watch"]) {
      const doc = json<PolicyDocument>(await imds(["policy", "iam", "--for", target, "--quiet"]));
      await valid(doc, "iam");
      const fromCli = doc.Statement.flatMap((s) => s.Action).sort();
      const list = target.split(",") as ["all"];
      expect(fromCli).toEqual(
        iamPolicy({ for: list, roleName: "OrganizationAccountAccessRole", partition: "aws" })
          .Statement.flatMap((s) => s.Action)
          .sort(),
      );
    }
  });

  it("declarative: valid JSON in the policy syntax's spelling", async () => {
    const r = await imds([
      "policy",
      "declarative",
      "--hop-limit",
      "no-preference",
      "--exception-message",
      "ask ops",
    ]);
    const doc = json<{
      ec2_attributes: { instance_metadata_defaults: Record<string, { "@@assign": string }> };
    }>(r);
    expect(doc.ec2_attributes.instance_metadata_defaults.http_put_response_hop_limit).toEqual({
      "@@assign": "-1",
    });
    expect(doc.ec2_attributes.instance_metadata_defaults.http_tokens).toEqual({ "@@assign": "required" });
    expect(r.stdout).not.toContain("no-preference");
  });

  it("terraform --regions: HCL that HashiCorp's parser reads, one resource per region", async () => {
    const r = await imds(["policy", "terraform", "--regions", "eu-west-1,us-east-1,ap-south-1", "--quiet"]);
    expect(r.code, r.stderr).toBe(0);
    const parsed = (await parseHcl("imds.tf", r.stdout)) as {
      resource: { aws_ec2_instance_metadata_defaults: Record<string, unknown> };
    };
    expect(Object.keys(parsed.resource.aws_ec2_instance_metadata_defaults).sort()).toEqual([
      "ap_south_1",
      "eu_west_1",
      "us_east_1",
    ]);
  });

  it("bad input: one line, exit 2", async () => {
    for (const args of [
      ["--format", "json", "policy", "iam", "--for", "audit"],
      ["policy", "iam", "--for", "audits"],
      ["policy", "iam"],
      ["policy", "scp", "--statements", "require-v3"],
      ["policy", "scp", "--break-glass-arn", "break-glass"],
      ["policy", "scp", "--partition", "aws-cn", "--break-glass-arn", "arn:aws:iam::123456789012:role/x"],
      ["policy", "declarative", "--tokens-enforced", "yes"],
    ]) {
      const r = await imds(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stdout, args.join(" ")).toBe("");
      expect(r.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
    }
  });
});
