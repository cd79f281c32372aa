// The organization the end-to-end cases run against: a management account and members that fail
// in each way an account can (a denied role, a missing role, an SCP-denied region, an account
// closed mid-run, one already closed), in two OUs (one nested), and an independent reader of what
// the simulator holds in any account, through the SDK with the account's own assumed role.
import {
  EC2Client,
  GetInstanceMetadataDefaultsCommand,
  paginateDescribeInstances,
} from "@aws-sdk/client-ec2";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import type { Scenario } from "../../src/sim/index.js";

export const MGMT = "111111111111";
export const ROOT = "r-e2e0";
export const OU_PROD = "ou-e2e0-prod0001";
const OU_SEC = "ou-e2e0-secur001";
const OU_DEV = "ou-e2e0-dev00001";

export const M = {
  app: "222222222201",
  data: "222222222202",
  denied: "222222222203",
  invited: "222222222204",
  scp: "222222222205",
  closing: "222222222206",
  closed: "222222222207",
  dev: "222222222208",
} as const;

/** Three regions keep each case quick; sa-east-1 is the one an SCP denies. */
export const REGIONS = ["us-east-1", "eu-west-1", "sa-east-1"];
export const REGION_ARGS = ["--regions", REGIONS.join(",")];

const mix = (seed: number, count: number) => ({
  "*": {
    generate: [
      {
        count,
        seed,
        mix: [
          { weight: 5, httpTokens: "optional" as const, tags: { env: ["prod", "dev"] } },
          { weight: 4, httpTokens: "required" as const, httpPutResponseHopLimit: 2 },
          { weight: 1, httpTokens: "optional" as const, state: "stopped" as const },
        ],
      },
    ],
  },
});

const member = (id: string, name: string, parent: string, extra: object = {}) => ({
  id,
  name,
  email: `aws+${name}@example.com`,
  parent,
  ...extra,
});

export function orgScenario(): Scenario {
  return {
    name: "e2e-org",
    accountId: MGMT,
    regions: {
      ...mix(1, 3),
      "us-east-1": { defaults: { httpTokens: "required", httpPutResponseHopLimit: 2 } },
    },
    organization: {
      id: "o-e2eorg0001",
      roots: [{ id: ROOT, name: "Root" }],
      ous: [
        { id: OU_PROD, name: "Prod", parent: ROOT },
        { id: OU_SEC, name: "Security", parent: OU_PROD },
        { id: OU_DEV, name: "Dev", parent: ROOT },
      ],
    },
    accounts: [
      member(M.app, "prod-app", OU_PROD, { regions: mix(2, 4) }),
      member(M.data, "prod-data", OU_SEC, { regions: mix(3, 3) }),
      member(M.denied, "security-tooling", OU_SEC, { assumeRole: "denied" }),
      member(M.invited, "legacy-invited", OU_DEV, { joinedMethod: "INVITED", assumeRole: "missing-role" }),
      member(M.scp, "sandbox", OU_DEV, { scpDeniedRegions: ["sa-east-1"], regions: mix(4, 2) }),
      // Its first call (ec2:DescribeRegions) is served; every later one answers as a closed account.
      member(M.closing, "closing", OU_DEV, { suspendAfterCalls: 1, regions: mix(5, 2) }),
      member(M.closed, "closed", OU_DEV, { status: "SUSPENDED" }),
      member(M.dev, "dev", OU_DEV, { regions: mix(6, 2) }),
    ],
    controls: { appliedAfterMs: 0 },
  } as Scenario;
}

/** The same organization without the account that closes mid-run (runs that must repeat exactly). */
export function steadyOrgScenario(): Scenario {
  const s = orgScenario() as Scenario & { accounts: { id: string }[] };
  return { ...s, accounts: s.accounts.filter((a) => a.id !== M.closing) } as Scenario;
}

/** Env of a user with the management account's own static keys. */
const KEYS = { accessKeyId: "AKIAE2ETESTTESTTEST1", secretAccessKey: "e2e-secret-not-real" };

/** Every account default and instance of an account in the regions, read with the SDK through its own role. */
export async function credentialsIn(endpoint: string, account: string) {
  if (account === MGMT) return KEYS;
  const sts = new STSClient({ endpoint, region: "us-east-1", credentials: KEYS });
  const assumed = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`,
      RoleSessionName: "e2e-oracle",
    }),
  );
  const c = assumed.Credentials;
  return {
    accessKeyId: c?.AccessKeyId ?? "",
    secretAccessKey: c?.SecretAccessKey ?? "",
    sessionToken: c?.SessionToken ?? "",
  };
}

export async function readAccount(endpoint: string, account: string, regions: readonly string[]) {
  const credentials = await credentialsIn(endpoint, account);
  const out: Record<string, unknown> = {};
  for (const region of regions) {
    const ec2 = new EC2Client({ endpoint, region, credentials });
    const defaults = (await ec2.send(new GetInstanceMetadataDefaultsCommand({}))).AccountLevel ?? {};
    const instances: Record<string, unknown> = {};
    for await (const page of paginateDescribeInstances({ client: ec2 }, {})) {
      for (const r of page.Reservations ?? [])
        for (const i of r.Instances ?? []) {
          const { State: _pendingOrApplied, ...options } = i.MetadataOptions ?? {};
          instances[i.InstanceId ?? ""] = options;
        }
    }
    out[region] = { defaults, instances };
  }
  return out;
}
