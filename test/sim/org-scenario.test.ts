// Organization scenarios: validation of the accounts, the organization and the generator;
// generated organizations that start without building any account and are the same every time.

import { describe, expect, it } from "vitest";
import { buildAccounts } from "../../src/sim/accounts/build.js";
import { SimClock } from "../../src/sim/clock.js";
import { startSimulator } from "../../src/sim/index.js";
import { loadScenario } from "../../src/sim/scenario/load.js";
import { validateScenario } from "../../src/sim/scenario/validate.js";
import { scenarioProblem } from "./fixtures.js";
import { A, MGMT, orgScenario } from "./org-fixtures.js";

const member = { id: "200000000001", name: "m", email: "m@example.com" };
const org = (extra: object) => ({ accountId: MGMT, ...extra });

describe("organization scenario validation", () => {
  it.each([
    [
      org({ accounts: [{ ...member, id: "12" }] }),
      'scenario.accounts[0].id: must be a 12-digit account id (got "12")',
    ],
    [
      org({ accounts: [{ ...member, assumeRole: "maybe" }] }),
      'scenario.accounts[0].assumeRole: must be ok|denied|missing-role (got "maybe")',
    ],
    [
      org({ accounts: [{ ...member, scpDeniedRegions: ["mars-1"] }] }),
      'scenario.accounts[0].scpDeniedRegions[0]: must be an AWS commercial region name (got "mars-1")',
    ],
    [org({ accounts: [member, member] }), "scenario.accounts[1].id: account 200000000001 is listed twice"],
    [
      org({ regions: {}, accounts: [{ ...member, id: MGMT }] }),
      `scenario.regions: the management account ${MGMT} is listed in scenario.accounts; describe it there`,
    ],
    [
      org({ accounts: [{ ...member, id: MGMT, scpDeniedRegions: ["eu-west-1"] }] }),
      "scenario.accounts[0].scpDeniedRegions: service control policies never apply to the management account",
    ],
    [
      org({ organization: { managementAccount: "999999999999" } }),
      `scenario.organization.managementAccount: must be the scenario's accountId ${MGMT}`,
    ],
    [
      org({
        organization: { roots: [{ id: "r-ab12" }] },
        accounts: [{ ...member, parent: "ou-ab12-nowhere1" }],
      }),
      "scenario.accounts[0].parent: no root or OU ou-ab12-nowhere1 in the organization",
    ],
    [
      org({
        organization: {
          ous: [
            { id: "ou-ab12-aaaaaaaa", name: "a", parent: "ou-ab12-bbbbbbbb" },
            { id: "ou-ab12-bbbbbbbb", name: "b", parent: "ou-ab12-aaaaaaaa" },
          ],
        },
      }),
      "scenario.organization.ous[0].parent: OUs form a cycle through ou-ab12-aaaaaaaa",
    ],
    [
      org({ organization: { roots: [{ id: "r-ab12" }, { id: "r-cd34" }] } }),
      'scenario.organization.roots: must be a list of exactly one root (AWS allows one) (got [{"id":"r-ab12"},{"id":"r-cd34"}])',
    ],
    [
      org({ organization: { delegatedAdministrators: ["200000000009"] } }),
      "scenario.organization.delegatedAdministrators[0]: 200000000009 is not a member account listed in scenario.accounts",
    ],
    [
      org({ accounts: [{ ...member, regions: { "me-south-1": {} } }] }),
      "scenario.accounts[0].regions.me-south-1: opt-in region is not enabled; add it to the account's optedInRegions",
    ],
    [
      org({ generate: { accounts: 20_000 } }),
      "scenario.generate.accounts: must be an integer from 0 to 10000 (got 20000)",
    ],
  ])("%j -> %s", (value, message) => {
    expect(scenarioProblem(value)).toBe(message);
  });

  it("the fixture and a one-line generated organization are valid", () => {
    expect(() => validateScenario(orgScenario())).not.toThrow();
    expect(() =>
      validateScenario(org({ generate: { accounts: 500, regions: 17, instancesPerRegion: 20 } })),
    ).not.toThrow();
  });
});

describe("generated organizations", () => {
  const spec = org({ generate: { accounts: 500, regions: 17, instancesPerRegion: 20, ous: 4 } });

  it("start without building any account; each account is built the first time it is used", () => {
    const accounts = buildAccounts(validateScenario(spec), new SimClock());
    expect(accounts.list()).toHaveLength(501);
    expect(accounts.list().filter((a) => a.isBuilt)).toEqual([]);
    const one = accounts.list()[250];
    expect(one?.state.enabledRegions()).toHaveLength(17);
    expect(one?.state.instanceCount()).toBe(17 * 20);
    expect(accounts.list().filter((a) => a.isBuilt)).toHaveLength(1);
    expect(accounts.organization?.ous).toHaveLength(4);
    expect(accounts.accountsUnder(accounts.organization?.ous[0]?.id ?? "")).toHaveLength(125);
  });

  it("are the same every time, whatever order the accounts are first used in", () => {
    const first = buildAccounts(validateScenario(spec), new SimClock(), 0);
    const second = buildAccounts(validateScenario(spec), new SimClock(), 0);
    const ids = (accounts: typeof first) =>
      accounts.list().map((a) => `${a.id} ${a.profile.name} ${a.profile.parent}`);
    expect(ids(second)).toEqual(ids(first));
    const picks = [499, 3, 250];
    const view = (accounts: typeof first, i: number) => {
      const state = accounts.list()[i]?.state;
      return ["us-east-1", "sa-east-1"].map((r) => state?.snapshot(r, 0, 0));
    };
    const forward = picks.map((i) => view(first, i));
    const backward = [...picks]
      .reverse()
      .map((i) => view(second, i))
      .reverse();
    expect(backward).toEqual(forward);
    expect(new Set(first.list().map((a) => a.id)).size).toBe(501);
  });

  it("listed accounts keep their ids; generated ones avoid them", () => {
    const accounts = buildAccounts(validateScenario(orgScenario(30)), new SimClock());
    expect(
      accounts
        .list()
        .slice(0, 2)
        .map((a) => a.id),
    ).toEqual([MGMT, A.ok]);
    expect(new Set(accounts.list().map((a) => a.id)).size).toBe(accounts.list().length);
  });
});

describe("shipped organization scenarios", () => {
  it("org: 8 accounts in 3 OUs, one of each failure; org-large: 500 generated members", async () => {
    const small = buildAccounts(loadScenario("org").scenario, new SimClock());
    expect(small.list().map((a) => a.profile.assumeRole)).toContain("missing-role");
    expect(small.list().map((a) => a.status)).toContain("SUSPENDED");
    expect(small.organization?.ous).toHaveLength(3);
    const sim = await startSimulator({ scenario: "org-large" });
    try {
      expect(sim.accounts.list()).toHaveLength(501);
      expect(sim.accounts.list().some((a) => a.isBuilt && a !== sim.accounts.management)).toBe(false);
    } finally {
      await sim.close();
    }
  });
});
