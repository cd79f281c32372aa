// Organizations and STS AssumeRole through botocore (the AWS CLI) and the JS SDK: the same
// replies, the same errors. Skipped when `aws` is not installed.

import { DescribeInstancesCommand } from "@aws-sdk/client-ec2";
import {
  type Account,
  DescribeAccountCommand,
  DescribeOrganizationCommand,
  ListAccountsForParentCommand,
  ListChildrenCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListRootsCommand,
  paginateListAccounts,
} from "@aws-sdk/client-organizations";
import { AssumeRoleCommand, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../src/sim/index.js";
import { awsCli, awsCliError, hasAwsCli, normalize } from "./aws-cli.js";
import { assumeRole, ec2, organizations, sts, type TempCredentials } from "./clients.js";
import { A, OU_DEV, OU_PROD, orgScenario, ROOT } from "./org-fixtures.js";

let sim: Simulator;

const cli = (args: string[], credentials?: TempCredentials, region = "us-east-1") =>
  awsCli(sim.url, region, args, credentials);

const assumed = async (account: string) =>
  (await assumeRole(sim.url, account, { RoleSessionName: "imds" })).credentials;

/** The parts of an AssumeRole reply that differ on every call, replaced by what they must look like. */
function masked(value: unknown): unknown {
  const out = normalize(value) as { Credentials?: Record<string, unknown> };
  const c = out.Credentials ?? {};
  expect(c.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
  expect(c.SecretAccessKey).toMatch(/^[A-Za-z0-9+/]{40}$/);
  expect(c.SessionToken).toMatch(/^IQoJb3JpZ2luX2VjE/);
  return {
    ...out,
    Credentials: { ...c, AccessKeyId: "*", SecretAccessKey: "*", SessionToken: "*", Expiration: "*" },
  };
}

describe.skipIf(!hasAwsCli)(
  "botocore reads Organizations and STS as the JS SDK does (skipped: `aws` not on PATH)",
  // Each case starts several Python processes; on a loaded machine that takes far longer than a test usually may.
  { timeout: 240_000 },
  () => {
    beforeAll(async () => {
      sim = await startSimulator({ scenario: orgScenario(30), controls: { throttle: { enabled: false } } });
    });
    afterAll(() => sim.close());

    it("every Organizations read, botocore paging through ListAccounts", async () => {
      const org = organizations(sim.url);
      const all: Account[] = [];
      for await (const page of paginateListAccounts({ client: org }, {})) all.push(...(page.Accounts ?? []));
      const cases: Array<[string[], () => Promise<unknown>]> = [
        [["organizations", "list-accounts"], async () => ({ Accounts: all })],
        [["organizations", "list-roots"], () => org.send(new ListRootsCommand({}))],
        [
          ["organizations", "list-parents", "--child-id", A.missing],
          () => org.send(new ListParentsCommand({ ChildId: A.missing })),
        ],
        [["organizations", "describe-organization"], () => org.send(new DescribeOrganizationCommand({}))],
        [
          ["organizations", "describe-account", "--account-id", A.suspended],
          () => org.send(new DescribeAccountCommand({ AccountId: A.suspended })),
        ],
        [
          ["organizations", "list-children", "--parent-id", ROOT, "--child-type", "ORGANIZATIONAL_UNIT"],
          () => org.send(new ListChildrenCommand({ ParentId: ROOT, ChildType: "ORGANIZATIONAL_UNIT" })),
        ],
        [
          ["organizations", "list-accounts-for-parent", "--parent-id", OU_DEV],
          () => org.send(new ListAccountsForParentCommand({ ParentId: OU_DEV })),
        ],
        [
          ["organizations", "list-organizational-units-for-parent", "--parent-id", OU_PROD],
          () => org.send(new ListOrganizationalUnitsForParentCommand({ ParentId: OU_PROD })),
        ],
      ];
      const results = await Promise.all(
        cases.map(async ([args, sdk]) => [args.join(" "), await cli(args), await sdk()] as const),
      );
      for (const [name, fromCli, fromSdk] of results)
        expect(normalize(fromCli), name).toEqual(normalize(fromSdk));
      expect(all).toHaveLength(39);
    });

    it("assume-role, then the member account's identity and instances through either client", async () => {
      const args = [
        "sts",
        "assume-role",
        "--role-arn",
        `arn:aws:iam::${A.ok}:role/OrganizationAccountAccessRole`,
        "--role-session-name",
        "imds",
      ];
      const fromCli = (await cli(args)) as {
        Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
      };
      const fromSdk = await sts(sim.url, "us-east-1").send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${A.ok}:role/OrganizationAccountAccessRole`,
          RoleSessionName: "imds",
        }),
      );
      expect(masked(fromCli)).toEqual(masked(fromSdk));
      const credentials = {
        accessKeyId: fromCli.Credentials.AccessKeyId,
        secretAccessKey: fromCli.Credentials.SecretAccessKey,
        sessionToken: fromCli.Credentials.SessionToken,
      };
      const [identity, sdkIdentity] = await Promise.all([
        cli(["sts", "get-caller-identity"], credentials, "eu-west-1"),
        sts(sim.url, "eu-west-1", { credentials }).send(new GetCallerIdentityCommand({})),
      ]);
      expect(normalize(identity)).toEqual(normalize(sdkIdentity));
      expect(identity).toMatchObject({ Account: A.ok });
      const [instances, sdkInstances] = await Promise.all([
        cli(["ec2", "describe-instances"], credentials, "eu-west-1"),
        ec2(sim.url, "eu-west-1", { credentials }).send(new DescribeInstancesCommand({})),
      ]);
      expect(normalize(instances)).toEqual(normalize(sdkInstances));
    });

    it("the errors botocore shows: AccessDenied, AccessDeniedException, SCP deny, ParentNotFound, expiry, throttling", async () => {
      const member = await assumed(A.ok);
      const scp = await assumed(A.scp);
      const denied = `arn:aws:iam::${A.denied}:role/OrganizationAccountAccessRole`;
      const [assume, list, scpDeny, parent] = await Promise.all([
        awsCliError(sim.url, "us-east-1", [
          "sts",
          "assume-role",
          "--role-arn",
          denied,
          "--role-session-name",
          "imds",
        ]),
        awsCliError(sim.url, "us-east-1", ["organizations", "list-accounts"], member),
        awsCliError(sim.url, "eu-west-1", ["ec2", "describe-instances"], scp),
        awsCliError(sim.url, "us-east-1", [
          "organizations",
          "list-children",
          "--parent-id",
          "ou-ab12-zzzzzzzz",
          "--child-type",
          "ACCOUNT",
        ]),
      ]);
      expect(assume).toContain(
        `An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:iam::${sim.accounts.management.id}:user/imds-sim is not authorized to perform: sts:AssumeRole on resource: ${denied}`,
      );
      expect(list).toContain(
        "An error occurred (AccessDeniedException) when calling the ListAccounts operation: You don't have permissions to access this resource.",
      );
      expect(scpDeny).toMatch(
        /An error occurred \(UnauthorizedOperation\) when calling the DescribeInstances operation: .*explicit deny in a service control policy/,
      );
      expect(parent).toContain(
        "An error occurred (ParentNotFoundException) when calling the ListChildren operation",
      );
      sim.controls.update({
        throttle: { enabled: true, overrides: { Organizations: { burst: 1, refillPerSecond: 0 } } },
      });
      await cli(["organizations", "list-roots"]);
      expect(await awsCliError(sim.url, "us-east-1", ["organizations", "list-roots"])).toContain(
        "An error occurred (TooManyRequestsException)",
      );
      sim.controls.reset();
      sim.accounts.clock.advance(3600_000);
      expect(await awsCliError(sim.url, "eu-west-1", ["ec2", "describe-instances"], member)).toContain(
        "An error occurred (RequestExpired)",
      );
      expect(await awsCliError(sim.url, "eu-west-1", ["sts", "get-caller-identity"], member)).toContain(
        "An error occurred (ExpiredToken)",
      );
    });
  },
);
