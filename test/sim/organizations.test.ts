// Organizations as the SDK sees it: AWS JSON 1.1, AWS's page sizes, who may call, throttling.

import {
  DescribeAccountCommand,
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListChildrenCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListRootsCommand,
  paginateListAccounts,
} from "@aws-sdk/client-organizations";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../src/sim/index.js";
import { assumeRole, caught, organizations } from "./clients.js";
import { testScenario } from "./fixtures.js";
import { A, MGMT, OU_DEV, OU_PROD, OU_TEAM, orgScenario, ROOT } from "./org-fixtures.js";

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ scenario: orgScenario(30) });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.controls.reset();
  sim.resetThrottling();
  sim.log.reset();
});

const memberCredentials = async (account: string) => (await assumeRole(sim.url, account)).credentials;

describe("ListAccounts", () => {
  it("pages of at most 20 list every account once: management, listed, generated", async () => {
    const sizes: number[] = [];
    const ids: string[] = [];
    for await (const page of paginateListAccounts({ client: organizations(sim.url) }, {})) {
      sizes.push(page.Accounts?.length ?? 0);
      ids.push(...(page.Accounts ?? []).map((a) => a.Id ?? ""));
    }
    expect(sizes).toEqual([20, 19]);
    expect(new Set(ids).size).toBe(39);
    expect(ids.slice(0, 3)).toEqual([MGMT, A.ok, A.denied]);
    const first = await organizations(sim.url).send(new ListAccountsCommand({ MaxResults: 2 }));
    expect(first.Accounts?.[1]).toEqual({
      Id: A.ok,
      Arn: `arn:aws:organizations::${MGMT}:account/o-abcdef1234/${A.ok}`,
      Email: "ok@example.com",
      Name: "ok",
      Status: "ACTIVE",
      State: "ACTIVE",
      JoinedMethod: "CREATED",
      JoinedTimestamp: expect.any(Date),
    });
    expect(first.Accounts?.[0]?.JoinedMethod).toBe("INVITED");
    expect(first.NextToken).toBeTruthy();
  });

  it("MaxResults above 20 and a foreign NextToken: InvalidInputException with AWS's reason", async () => {
    const tooMany = await caught(() =>
      organizations(sim.url).send(new ListAccountsCommand({ MaxResults: 21 })),
    );
    expect([tooMany.name, (tooMany as { Reason?: string }).Reason]).toEqual([
      "InvalidInputException",
      "MAX_VALUE_EXCEEDED",
    ]);
    const page = await organizations(sim.url).send(
      new ListChildrenCommand({ ParentId: ROOT, ChildType: "ACCOUNT", MaxResults: 1 }),
    );
    const foreign = await caught(() =>
      organizations(sim.url).send(new ListAccountsCommand({ NextToken: page.NextToken })),
    );
    expect((foreign as { Reason?: string }).Reason).toBe("INVALID_NEXT_TOKEN");
  });

  it("shows a closed account as SUSPENDED", async () => {
    const out = await organizations(sim.url).send(new DescribeAccountCommand({ AccountId: A.suspended }));
    expect([out.Account?.Status, out.Account?.State]).toEqual(["SUSPENDED", "SUSPENDED"]);
    const missing = await caught(() =>
      organizations(sim.url).send(new DescribeAccountCommand({ AccountId: "999999999999" })),
    );
    expect(missing.name).toBe("AccountNotFoundException");
  });
});

describe("the tree", () => {
  it("ListRoots, ListChildren, ListOrganizationalUnitsForParent, ListAccountsForParent", async () => {
    const client = organizations(sim.url);
    const roots = await client.send(new ListRootsCommand({}));
    expect(roots.Roots).toEqual([
      {
        Id: ROOT,
        Arn: `arn:aws:organizations::${MGMT}:root/o-abcdef1234/${ROOT}`,
        Name: "Root",
        PolicyTypes: [{ Type: "SERVICE_CONTROL_POLICY", Status: "ENABLED" }],
      },
    ]);
    const ous = await client.send(
      new ListChildrenCommand({ ParentId: ROOT, ChildType: "ORGANIZATIONAL_UNIT" }),
    );
    expect(ous.Children).toEqual([
      { Id: OU_PROD, Type: "ORGANIZATIONAL_UNIT" },
      { Id: OU_DEV, Type: "ORGANIZATIONAL_UNIT" },
    ]);
    const nested = await client.send(new ListOrganizationalUnitsForParentCommand({ ParentId: OU_PROD }));
    expect(nested.OrganizationalUnits).toEqual([
      { Id: OU_TEAM, Arn: `arn:aws:organizations::${MGMT}:ou/o-abcdef1234/${OU_TEAM}`, Name: "Team" },
    ]);
    const team = await client.send(new ListChildrenCommand({ ParentId: OU_TEAM, ChildType: "ACCOUNT" }));
    expect(team.Children?.map((c) => c.Id)).toEqual([A.missing, A.admin]);
    const dev = await client.send(new ListAccountsForParentCommand({ ParentId: OU_DEV }));
    expect(dev.Accounts?.map((a) => a.Name)).toEqual(["scp", "suspends", "suspended"]);
    const parents = await client.send(new ListParentsCommand({ ChildId: A.missing }));
    expect(parents.Parents).toEqual([{ Id: OU_TEAM, Type: "ORGANIZATIONAL_UNIT" }]);
    const top = await client.send(new ListParentsCommand({ ChildId: OU_DEV }));
    expect(top.Parents).toEqual([{ Id: ROOT, Type: "ROOT" }]);
    const inRoot = await client.send(new ListAccountsForParentCommand({ ParentId: ROOT, MaxResults: 20 }));
    expect(inRoot.Accounts?.map((a) => a.Id).slice(0, 2)).toEqual([MGMT, A.external]);
    expect(inRoot.NextToken).toBeTruthy();
  });

  it("an unknown parent is ParentNotFoundException; a malformed one InvalidInputException", async () => {
    const client = organizations(sim.url);
    const unknown = await caught(() =>
      client.send(new ListAccountsForParentCommand({ ParentId: "ou-ab12-zzzzzzzz" })),
    );
    expect(unknown.name).toBe("ParentNotFoundException");
    const bad = await caught(() => client.send(new ListAccountsForParentCommand({ ParentId: "Prod" })));
    expect([bad.name, (bad as { Reason?: string }).Reason]).toEqual([
      "InvalidInputException",
      "INVALID_PATTERN",
    ]);
  });
});

describe("who may call", () => {
  it("a member account: AccessDeniedException, except DescribeOrganization; a delegated administrator may list", async () => {
    const member = organizations(sim.url, await memberCredentials(A.ok));
    const error = await caught(() => member.send(new ListAccountsCommand({})));
    expect([error.name, error.message]).toEqual([
      "AccessDeniedException",
      "You don't have permissions to access this resource.",
    ]);
    const org = await member.send(new DescribeOrganizationCommand({}));
    expect(org.Organization).toMatchObject({ Id: "o-abcdef1234", MasterAccountId: MGMT, FeatureSet: "ALL" });
    const admin = organizations(sim.url, await memberCredentials(A.admin));
    expect((await admin.send(new ListAccountsCommand({}))).Accounts).toHaveLength(20);
  });

  it("a single-account scenario: AWSOrganizationsNotInUseException", async () => {
    const single = await startSimulator({ scenario: testScenario() });
    try {
      const error = await caught(() => organizations(single.url).send(new ListAccountsCommand({})));
      expect(error.name).toBe("AWSOrganizationsNotInUseException");
    } finally {
      await single.close();
    }
  });

  it("TooManyRequestsException past the organization's bucket; the SDK retries it", async () => {
    sim.controls.update({ throttle: { overrides: { Organizations: { burst: 2, refillPerSecond: 0 } } } });
    const once = organizations(sim.url, undefined, { maxAttempts: 1 });
    await once.send(new ListRootsCommand({}));
    await once.send(new ListRootsCommand({}));
    const error = await caught(() => once.send(new ListRootsCommand({})));
    expect([error.name, error.$metadata?.httpStatusCode]).toEqual(["TooManyRequestsException", 400]);
    // The simulator's clock stands still, so the second page always finds the bucket empty, however
    // slow the machine; each refused attempt moves the clock on a second, so the SDK's retry finds a
    // token (and never depends on how long its back-off happened to be).
    sim.clock.update({ fixed: true });
    try {
      sim.controls.update({ throttle: { overrides: { Organizations: { burst: 1, refillPerSecond: 1 } } } });
      sim.resetThrottling(); // a full bucket of one: the first page takes it
      const client = organizations(sim.url);
      client.middlewareStack.add(
        (next) => async (args) => {
          try {
            return await next(args);
          } catch (e) {
            if ((e as Error).name === "TooManyRequestsException") sim.clock.update({ advanceMs: 1_000 });
            throw e;
          }
        },
        { step: "finalizeRequest", priority: "low", name: "advanceSimClockOnThrottle" },
      );
      const pages = [];
      for await (const page of paginateListAccounts({ client }, {})) pages.push(page);
      expect(pages).toHaveLength(2);
      expect(sim.log.count({ action: "ListAccounts", code: "TooManyRequestsException" })).toBe(1);
      expect(sim.log.count({ action: "ListAccounts" })).toBe(3);
    } finally {
      sim.clock.update({ fixed: false });
    }
  });
});
