// The simulator's Security Hub (restJson1), read by the real JS SDK and by botocore (the aws CLI):
// BatchImportFindings with AWS's limits and rules, GetFindings with its filters and pages, and a
// region without Security Hub answering as AWS does (InvalidAccessException, HTTP 401).
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import {
  type AwsSecurityFinding,
  BatchImportFindingsCommand,
  GetFindingsCommand,
  SecurityHubClient,
} from "@aws-sdk/client-securityhub";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asffFinding } from "../../src/core/asff.js";
import type { FindingRow } from "../../src/core/finding-rows.js";
import { type Simulator, startSimulator } from "../../src/sim/index.js";
import { caught, FAKE_CREDENTIALS } from "./clients.js";

const ACCOUNT = "111122223333";
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({
    scenario: { accountId: ACCOUNT, securityHubDisabled: ["eu-west-1"], regions: {} },
    controls: { throttle: { enabled: false } },
  });
});
afterAll(() => sim.close());

function hub(region: string): SecurityHubClient {
  return new SecurityHubClient({ region, endpoint: sim.url, credentials: FAKE_CREDENTIALS, maxAttempts: 1 });
}

function finding(i: number, region = "us-east-1", account = ACCOUNT): AwsSecurityFinding {
  const row: FindingRow = {
    account,
    region,
    kind: "instance",
    resourceId: `i-${String(i).padStart(17, "0")}`,
    code: "imdsv1-allowed",
    severity: "fail",
    message: "allows IMDSv1 (HttpTokens=optional)",
    resource: {
      region,
      kind: "instance",
      id: `i-${String(i).padStart(17, "0")}`,
      severity: "fail",
      findings: [],
      settings: { httpTokens: "optional" },
    },
  };
  return asffFinding(row, "2026-11-22T10:51:00.000Z", "0.1.0") as AwsSecurityFinding;
}

describe("Security Hub in the simulator, through the JS SDK", () => {
  it("imports findings, updates them by Id, and lists them page by page", async () => {
    const findings = Array.from({ length: 100 }, (_, i) => finding(i));
    const out = await hub("us-east-1").send(new BatchImportFindingsCommand({ Findings: findings }));
    expect(out).toMatchObject({ SuccessCount: 100, FailedCount: 0, FailedFindings: [] });
    await hub("us-east-1").send(
      new BatchImportFindingsCommand({ Findings: [{ ...finding(0), RecordState: "ARCHIVED" }] }),
    );
    expect(sim.securityHub.list(ACCOUNT, "us-east-1")).toHaveLength(100);

    const active = { RecordState: [{ Value: "ACTIVE", Comparison: "EQUALS" as const }] };
    const page1 = await hub("us-east-1").send(new GetFindingsCommand({ Filters: active, MaxResults: 60 }));
    expect(page1.Findings).toHaveLength(60);
    const page2 = await hub("us-east-1").send(
      new GetFindingsCommand({ Filters: active, MaxResults: 60, NextToken: page1.NextToken }),
    );
    expect(page2.Findings).toHaveLength(39);
    expect(page2.NextToken).toBeUndefined();
  });

  it("refuses more than 100 findings per call, and another account's findings", async () => {
    const tooMany = await caught(() =>
      hub("us-east-1").send(
        new BatchImportFindingsCommand({ Findings: Array.from({ length: 101 }, (_, i) => finding(i)) }),
      ),
    );
    expect(tooMany.name).toBe("InvalidInputException");
    const other = await caught(() =>
      hub("us-east-1").send(
        new BatchImportFindingsCommand({ Findings: [finding(1, "us-east-1", "999988887777")] }),
      ),
    );
    expect(other.name).toBe("AccessDeniedException");
    expect(other.$metadata?.httpStatusCode).toBe(403);
  });

  it("a finding missing a required field fails alone", async () => {
    const { Title: _, ...untitled } = finding(500);
    const out = await hub("us-east-1").send(
      new BatchImportFindingsCommand({ Findings: [finding(501), untitled as AwsSecurityFinding] }),
    );
    expect(out.SuccessCount).toBe(1);
    expect(out.FailedFindings?.[0]).toMatchObject({ ErrorCode: "InvalidInput" });
  });

  it("a region without Security Hub: InvalidAccessException, HTTP 401", async () => {
    const err = await caught(() =>
      hub("eu-west-1").send(new BatchImportFindingsCommand({ Findings: [finding(1, "eu-west-1")] })),
    );
    expect(err.name).toBe("InvalidAccessException");
    expect(err.$metadata?.httpStatusCode).toBe(401);
    expect(err.message).toBe(`Account ${ACCOUNT} is not subscribed to AWS Security Hub`);
  });
});

const run = promisify(execFile);

describe("Security Hub in the simulator, through botocore (aws CLI v1)", () => {
  async function aws(region: string, ...args: string[]) {
    return run(
      "aws",
      ["--endpoint-url", sim.url, "--region", region, "--output", "json", "securityhub", ...args],
      {
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
          AWS_CONFIG_FILE: "/dev/null",
          AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
          AWS_PAGER: "",
        },
      },
    );
  }

  it("batch-import-findings and get-findings", async () => {
    const imported = await aws(
      "us-west-2",
      "batch-import-findings",
      "--findings",
      JSON.stringify([finding(7, "us-west-2")]),
    );
    expect(JSON.parse(imported.stdout)).toMatchObject({ SuccessCount: 1, FailedCount: 0 });
    const listed = await aws("us-west-2", "get-findings");
    const body = JSON.parse(listed.stdout) as { Findings: { Id: string }[] };
    expect(body.Findings.map((f) => f.Id)).toEqual([finding(7, "us-west-2").Id]);
  });

  it("a region without Security Hub, as botocore names it", async () => {
    const err = await aws("eu-west-1", "get-findings").catch((e: { stderr: string }) => e);
    expect((err as { stderr: string }).stderr).toMatch(
      /InvalidAccessException.*not subscribed to AWS Security Hub/,
    );
  });
});

describe("Security Hub in an organization: a finding only from its own account", () => {
  const MEMBER = "222233334444";
  let org: Simulator;
  beforeAll(async () => {
    org = await startSimulator({
      scenario: {
        accountId: ACCOUNT,
        regions: {},
        accounts: [{ id: MEMBER, name: "member", email: "member@example.com" }],
      },
      controls: { throttle: { enabled: false } },
    });
  });
  afterAll(() => org.close());

  it("the management account cannot import a member's finding; the member's own role can", async () => {
    const endpoint = org.url;
    const fromAdmin = new SecurityHubClient({
      region: "us-east-1",
      endpoint,
      credentials: FAKE_CREDENTIALS,
      maxAttempts: 1,
    });
    const refused = await caught(() =>
      fromAdmin.send(new BatchImportFindingsCommand({ Findings: [finding(1, "us-east-1", MEMBER)] })),
    );
    expect(refused.name).toBe("AccessDeniedException");
    expect(org.securityHub.list(MEMBER, "us-east-1")).toEqual([]);

    const sts = new STSClient({ region: "us-east-1", endpoint, credentials: FAKE_CREDENTIALS });
    const { Credentials: c } = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${MEMBER}:role/OrganizationAccountAccessRole`,
        RoleSessionName: "imds-audit",
      }),
    );
    const asMember = new SecurityHubClient({
      region: "us-east-1",
      endpoint,
      maxAttempts: 1,
      credentials: {
        accessKeyId: c?.AccessKeyId ?? "",
        secretAccessKey: c?.SecretAccessKey ?? "",
        sessionToken: c?.SessionToken ?? "",
      },
    });
    const out = await asMember.send(
      new BatchImportFindingsCommand({ Findings: [finding(1, "us-east-1", MEMBER)] }),
    );
    expect(out.SuccessCount).toBe(1);
    expect(org.securityHub.list(MEMBER, "us-east-1")).toHaveLength(1);
    // ...and a member cannot import the management account's findings either.
    const back = await caught(() =>
      asMember.send(new BatchImportFindingsCommand({ Findings: [finding(2)] })),
    );
    expect(back.name).toBe("AccessDeniedException");
  });
});
