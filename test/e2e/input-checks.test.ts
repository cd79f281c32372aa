// Issue 11, points 8 and 10: bad configuration is refused before any work, in one line with exit 2,
// and the endpoint a run really used (flag, environment, or a role profile's AssumeRole) is the one
// it records.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChangeReport } from "../../src/core/change-report.js";
import type { AuditReport } from "../../src/core/types.js";
import { readJournal } from "../../src/journal/journal.js";
import { type Scenario, type Simulator, startSimulator } from "../../src/sim/index.js";
import { onSimulator, parseReport, type Run, spawnImds, userEnv } from "./harness.js";

const ACCOUNT = "111122223333";
const scenario: Scenario = {
  accountId: ACCOUNT,
  regions: {
    "eu-west-1": {
      defaults: {},
      instances: [
        { id: "i-00000000000000e01", httpTokens: "optional" },
        { id: "i-00000000000000e02", httpTokens: "optional" },
      ],
    },
  },
};

let sim: Simulator;
let dir: string;
beforeAll(async () => {
  sim = await startSimulator({ scenario });
  dir = mkdtempSync(join(tmpdir(), "imds-e2e-input-"));
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

function run(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  return spawnImds(args, userEnv(env), { cwd: dir }).done;
}

/** The run was refused as bad input: exit 2, one line on stderr, nothing on stdout. */
function refused(r: Run, mentions: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr.trimEnd().split("\n"), r.stderr).toHaveLength(1);
  expect(r.stderr).toMatch(mentions);
  expect(r.stderr).not.toMatch(/TypeError|unexpected error|\n\s+at /);
  expect(r.stdout).toBe("");
}

const REGION = ["--regions", "eu-west-1"];

describe.skipIf(!onSimulator)("input checks before any work (issue 11, point 8)", () => {
  it("--profile '' is refused, not silently replaced by the default chain", async () => {
    sim.log.reset();
    refused(await run(["audit", "--profile", "", "--endpoint-url", sim.url, ...REGION]), /--profile/);
    expect(sim.log.snapshot().total).toBe(0);
  });

  it("an instance plan without a terminal and without --yes is refused before the plan is printed", async () => {
    const before = JSON.stringify(sim.state.region("eu-west-1")?.instances);
    const r = await run(["enforce", "--instances", "--force", "--endpoint-url", sim.url, ...REGION]);
    refused(r, /--yes/);
    expect(JSON.stringify(sim.state.region("eu-west-1")?.instances)).toBe(before);
  });

  it("a journal that cannot be created is refused before the plan is printed, and before any AWS call", async () => {
    sim.log.reset();
    const journal = join(dir, `${"j".repeat(300)}.jsonl`);
    const r = await run(["enforce", "--endpoint-url", sim.url, ...REGION, "--journal", journal, "--yes"]);
    refused(r, /journal/);
    expect(sim.log.snapshot().total).toBe(0);
  });

  it("AWS_ENDPOINT_URL=garbage is bad configuration: exit 2 naming the variable", async () => {
    refused(await run(["audit", ...REGION], { AWS_ENDPOINT_URL: "garbage" }), /AWS_ENDPOINT_URL/);
    refused(await run(["audit", ...REGION], { AWS_ENDPOINT_URL_EC2: "ftp://x" }), /AWS_ENDPOINT_URL_EC2/);
  });

  it("a profile naming a missing sso_session is bad configuration: exit 2 naming the profile", async () => {
    const config = join(dir, "sso-config");
    writeFileSync(
      config,
      "[profile broken]\nsso_session = missing\nsso_account_id = 111122223333\nsso_role_name = r\nregion = us-east-1\n",
    );
    const r = await run(["audit", "--profile", "broken", "--endpoint-url", sim.url, ...REGION], {
      AWS_CONFIG_FILE: config,
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
    });
    refused(r, /profile "broken"/);
  });

  it("query strings in an endpoint are refused, and the secret in one is never echoed", async () => {
    const flag = await run(["audit", "--endpoint-url", `${sim.url}/?token=s3cr3t`, ...REGION]);
    refused(flag, /query/);
    expect(flag.stderr).not.toContain("s3cr3t");
    const env = await run(["audit", ...REGION], { AWS_ENDPOINT_URL: `${sim.url}/?token=s3cr3t` });
    refused(env, /query/);
    expect(env.stderr).not.toContain("s3cr3t");
  });

  it("an endpoint taken from AWS_ENDPOINT_URL is recorded in the report and the journal like --endpoint-url", async () => {
    const audit = await run(["audit", ...REGION, "--format", "json"], { AWS_ENDPOINT_URL: sim.url });
    expect(audit.code, audit.stderr).toBe(1);
    expect(parseReport<AuditReport>(audit).endpoint).toBe(sim.url);
    const journal = join(dir, "from-env.jsonl");
    const enforce = await run(["enforce", ...REGION, "--journal", journal, "--format", "json"], {
      AWS_ENDPOINT_URL: sim.url,
    });
    expect(enforce.code, enforce.stderr).toBe(0);
    expect(parseReport<ChangeReport>(enforce).journal).toBe(journal);
    expect(readJournal(journal).header.endpoint).toBe(sim.url);
  });
});

describe.skipIf(!onSimulator)(
  "role profiles assume their role at the configured endpoint (issue 11, point 10)",
  () => {
    it("AssumeRole for role_arn/source_profile goes to --endpoint-url, not AWS's own host", async () => {
      const config = join(dir, "role-config");
      const credentials = join(dir, "role-credentials");
      writeFileSync(
        config,
        `[profile auditor]\nrole_arn = arn:aws:iam::${ACCOUNT}:role/imds-audit\nsource_profile = base\nregion = us-east-1\n`,
      );
      writeFileSync(
        credentials,
        "[base]\naws_access_key_id = AKIABASEBASEBASEBASE\naws_secret_access_key = base\n",
      );
      sim.log.reset();
      const r = await run(["audit", "--profile", "auditor", "--endpoint-url", sim.url, ...REGION, "-q"], {
        AWS_CONFIG_FILE: config,
        AWS_SHARED_CREDENTIALS_FILE: credentials,
        AWS_ACCESS_KEY_ID: undefined,
        AWS_SECRET_ACCESS_KEY: undefined,
      });
      expect(r.code, r.stderr).toBe(1);
      expect(sim.log.snapshot().byRegionAction["us-east-1 AssumeRole"]).toBe(1);
      expect(readdirSync(dir).filter((f) => f.startsWith("imds-"))).toEqual([]);
    });
  },
);
