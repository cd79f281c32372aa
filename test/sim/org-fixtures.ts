// An organization scenario for the simulator tests: a management account, members that answer
// AssumeRole in each way AWS can, two OUs (one nested), and generated members beyond one page.

import type { Scenario } from "../../src/sim/index.js";

export const MGMT = "111122223333";
export const ROOT = "r-ab12";
export const OU_PROD = "ou-ab12-prod0001";
export const OU_TEAM = "ou-ab12-team0001";
export const OU_DEV = "ou-ab12-dev00001";

/** Member accounts by what they do. */
export const A = {
  ok: "200000000001",
  denied: "200000000002",
  missing: "200000000003",
  scp: "200000000004",
  suspends: "200000000005",
  suspended: "200000000006",
  external: "200000000007",
  admin: "200000000008",
} as const;

const member = (id: string, name: string, extra: object = {}) => ({
  id,
  name,
  email: `${name}@example.com`,
  ...extra,
});

export function orgScenario(generated = 30): Scenario {
  return {
    name: "org",
    accountId: MGMT,
    regions: { "us-east-1": { instances: [{ id: "i-0000000000000000f" }] } },
    organization: {
      id: "o-abcdef1234",
      roots: [{ id: ROOT, name: "Root" }],
      ous: [
        { id: OU_PROD, name: "Prod", parent: ROOT },
        { id: OU_TEAM, name: "Team", parent: OU_PROD },
        { id: OU_DEV, name: "Dev", parent: ROOT },
      ],
      delegatedAdministrators: [A.admin],
    },
    accounts: [
      member(A.ok, "ok", {
        parent: OU_PROD,
        regions: {
          "eu-west-1": { instances: [{ id: "i-00000000000000a01" }, { id: "i-00000000000000a02" }] },
        },
      }),
      member(A.denied, "denied", { parent: OU_PROD, assumeRole: "denied" }),
      member(A.missing, "missing", { parent: OU_TEAM, assumeRole: "missing-role", joinedMethod: "INVITED" }),
      member(A.scp, "scp", {
        parent: OU_DEV,
        scpDeniedRegions: ["eu-west-1"],
        regions: { "*": { instances: [{}] } },
      }),
      member(A.suspends, "suspends", { parent: OU_DEV, suspendAfterCalls: 3 }),
      member(A.suspended, "suspended", { parent: OU_DEV, status: "SUSPENDED" }),
      member(A.external, "external", { externalId: "imds-1234", roles: ["imds-audit"] }),
      member(A.admin, "admin", { parent: OU_TEAM }),
    ],
    generate: { accounts: generated, regions: 3, instancesPerRegion: 5, seed: 7, ous: 0 },
  };
}
