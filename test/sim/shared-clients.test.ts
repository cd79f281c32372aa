// Member accounts share one EC2 client per region (aws/shared-regional.ts): every call must still be
// signed with its own account's session, whatever other accounts' calls are in flight beside it.
// Each account here owns instances no other has; reads interleaved across accounts on the same
// shared client must each see exactly their own account's, and the simulator's log must count
// each account's calls as made in that account.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrgClients } from "../../src/aws/clients.js";
import { type Scenario, type Simulator, startSimulator } from "../../src/sim/index.js";
import { FAKE_CREDENTIALS } from "./clients.js";

process.env.AWS_ACCESS_KEY_ID = FAKE_CREDENTIALS.accessKeyId;
process.env.AWS_SECRET_ACCESS_KEY = FAKE_CREDENTIALS.secretAccessKey;

const MGMT = "111122223333";
const REGION = "eu-west-1";
const MEMBERS = Array.from({ length: 8 }, (_, i) => `30000000000${i}`);
/** Account i's instances: i + 1 of them, ids that name the account. */
const idsOf = (i: number) =>
  Array.from({ length: i + 1 }, (_, k) => `i-${String(i).padStart(2, "0")}${String(k).padStart(15, "0")}`);

function scenario(): Scenario {
  return {
    accountId: MGMT,
    regions: { [REGION]: {} },
    organization: { id: "o-shared12345", roots: [{ id: "r-sh12", name: "Root" }] },
    accounts: MEMBERS.map((id, i) => ({
      id,
      name: `m${i}`,
      email: `m${i}@example.com`,
      regions: { [REGION]: { instances: idsOf(i).map((instanceId) => ({ id: instanceId })) } },
    })),
  };
}

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ scenario: scenario() });
});
afterAll(() => sim.close());

/** Clients of an organization with every member's session taken, the simulator's log cleared. */
async function everyMemberEntered() {
  const org = await createOrgClients({ endpoint: sim.url, region: "us-east-1", concurrency: 64 });
  const roles = org.withRole({
    arnTemplate: "arn:aws:iam::{account}:role/OrganizationAccountAccessRole",
    sessionName: "imds-test",
  });
  await Promise.all(MEMBERS.map((id) => roles.enter(id)));
  sim.log.reset();
  return roles;
}

/** Every member reads its instances `rounds` times, all started at once; what each read saw. */
function readAll(roles: Awaited<ReturnType<typeof everyMemberEntered>>, rounds: number) {
  const reads = MEMBERS.flatMap((id, i) =>
    Array.from({ length: rounds }, async () => {
      const records = await roles.member(id).ec2(REGION).readInstances(["running", "stopped"]);
      return { i, ids: records.map((r) => r.id).sort() };
    }),
  );
  return Promise.all(reads);
}

describe("EC2 clients shared by member accounts", () => {
  it("interleaved calls of eight accounts on one shared client each act in their own account", async () => {
    const roles = await everyMemberEntered();
    const ROUNDS = 5;
    // Started together: the shared client has every account's calls in flight at once.
    for (const { i, ids } of await readAll(roles, ROUNDS)) expect(ids).toEqual(idsOf(i));
    for (const id of MEMBERS) {
      expect(sim.log.count({ account: id, region: REGION, action: "DescribeInstances" })).toBe(ROUNDS);
    }
    expect(sim.log.count({ account: MGMT, region: REGION, action: "DescribeInstances" })).toBe(0);
  });

  it("a call retried after other accounts' calls went through is signed again as its own account", async () => {
    // The SDK keeps each call's chosen identity in a context every call of that command shares (its
    // middleware cache); a retry that signed with it would act in the last account to call. Retries
    // must sign with the credentials of the account that made the call (SigV4 asks the provider).
    const roles = await everyMemberEntered();
    const FAULTED = 12;
    sim.controls.update({
      faults: [{ kind: "internal-error", count: FAULTED, actions: ["DescribeInstances"] }],
    });
    try {
      for (const { i, ids } of await readAll(roles, 3)) expect(ids).toEqual(idsOf(i));
    } finally {
      sim.controls.update({ faults: [] });
    }
    expect(sim.log.count({ action: "DescribeInstances", code: "InternalError" })).toBe(FAULTED);
    const perAccount = MEMBERS.map((id) => sim.log.count({ account: id, action: "DescribeInstances" }));
    expect(perAccount.reduce((a, b) => a + b, 0)).toBe(MEMBERS.length * 3 + FAULTED);
    expect(sim.log.count({ account: MGMT, action: "DescribeInstances" })).toBe(0);
  });

  it("an account let go and asked again assumes its role again, for it alone", async () => {
    const org = await createOrgClients({ endpoint: sim.url, region: "us-east-1", concurrency: 8 });
    const roles = org.withRole({
      arnTemplate: "arn:aws:iam::{account}:role/OrganizationAccountAccessRole",
      sessionName: "imds-test",
    });
    const [first, second] = MEMBERS;
    if (!first || !second) throw new Error("two members");
    await roles.enter(first);
    await roles.enter(second);
    const before = roles.calls();
    // The second account is done with: its session is dropped; asking again assumes the role again.
    roles.leave(second);
    const ids = await roles.member(second).ec2(REGION).readInstances(["running"]);
    expect(ids.map((r) => r.id).sort()).toEqual(idsOf(1));
    expect(roles.calls()).toBe(before + 1);
    // The first account's session was kept: no new AssumeRole for it.
    await roles.member(first).ec2(REGION).readInstances(["running"]);
    expect(roles.calls()).toBe(before + 1);
  });
});
