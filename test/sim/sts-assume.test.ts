// STS AssumeRole as the SDK sees it: credentials whose access key selects the account for every
// later call, and each way AWS refuses, expires or closes them.

import { DescribeInstancesCommand, GetInstanceMetadataDefaultsCommand } from "@aws-sdk/client-ec2";
import { type AssumeRoleCommandInput, GetCallerIdentityCommand, type STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { accountOfKey, type Simulator, startSimulator } from "../../src/sim/index.js";
import { assumeRole, caught, ec2, sts, type TempCredentials } from "./clients.js";
import { A, MGMT, orgScenario } from "./org-fixtures.js";

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ scenario: orgScenario() });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.controls.reset();
  sim.resetThrottling();
  sim.log.reset();
});

const roleArn = (account: string, name = "OrganizationAccountAccessRole") =>
  `arn:aws:iam::${account}:role/${name}`;

const assume = (account: string, input: Partial<AssumeRoleCommandInput> = {}, via?: STSClient) =>
  assumeRole(sim.url, account, input, via);

const instanceIds = async (credentials: TempCredentials, region: string) => {
  const out = await ec2(sim.url, region, { credentials }).send(new DescribeInstancesCommand({}));
  return (out.Reservations ?? []).flatMap((r) => (r.Instances ?? []).map((i) => i.InstanceId));
};

describe("AssumeRole", () => {
  it("returns credentials for an hour whose access key selects the account", async () => {
    const before = sim.accounts.clock.now();
    const { credentials, out } = await assume(A.ok);
    expect(credentials.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(accountOfKey(credentials.accessKeyId)).toBe(A.ok);
    expect(out.AssumedRoleUser?.Arn).toBe(
      `arn:aws:sts::${A.ok}:assumed-role/OrganizationAccountAccessRole/imds-audit`,
    );
    expect(out.AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[A-Z2-7]{17}:imds-audit$/);
    const expires = out.Credentials?.Expiration?.getTime() ?? 0;
    expect(expires - before).toBeGreaterThanOrEqual(3600_000 - 1000);
    expect(expires - before).toBeLessThanOrEqual(3600_000 + 60_000);

    const id = await sts(sim.url, "eu-west-1", { credentials }).send(new GetCallerIdentityCommand({}));
    expect([id.Account, id.Arn]).toEqual([A.ok, out.AssumedRoleUser?.Arn]);
    expect(await instanceIds(credentials, "eu-west-1")).toEqual([
      "i-00000000000000a01",
      "i-00000000000000a02",
    ]);
    // The caller's own keys are the management account: its instances, not the member's.
    const own = await ec2(sim.url, "us-east-1").send(new DescribeInstancesCommand({}));
    expect(own.Reservations?.flatMap((r) => r.Instances?.map((i) => i.InstanceId))).toEqual([
      "i-0000000000000000f",
    ]);
    expect(sim.log.count({ account: A.ok, action: "DescribeInstances" })).toBe(1);
    expect(sim.log.count({ account: MGMT, action: "AssumeRole" })).toBe(1);
  });

  it("a denied role, a missing role, an unknown or closed account, a wrong ExternalId: the same AccessDenied", async () => {
    const cases: Array<[string, Partial<AssumeRoleCommandInput>]> = [
      [A.denied, {}],
      [A.missing, {}],
      ["999999999999", {}],
      [A.suspended, {}],
      [A.external, { RoleArn: roleArn(A.external, "imds-audit") }],
      [A.external, { RoleArn: roleArn(A.external, "imds-audit"), ExternalId: "wrong-id" }],
      [A.external, { RoleArn: roleArn(A.external), ExternalId: "imds-1234" }],
    ];
    for (const [account, extra] of cases) {
      const arn = extra.RoleArn ?? roleArn(account);
      const error = await caught(() => assume(account, { RoleArn: arn, ...extra }));
      expect([error.name, error.$metadata?.httpStatusCode, error.message]).toEqual([
        "AccessDenied",
        403,
        `User: arn:aws:iam::${MGMT}:user/imds-sim is not authorized to perform: sts:AssumeRole on resource: ${arn}`,
      ]);
    }
    const { credentials } = await assume(A.external, {
      RoleArn: roleArn(A.external, "imds-audit"),
      ExternalId: "imds-1234",
    });
    expect(accountOfKey(credentials.accessKeyId)).toBe(A.external);
    expect(sim.log.count({ action: "AssumeRole", code: "AccessDenied" })).toBe(cases.length);
  });

  it("refuses bad input with ValidationError, and sessions over the role's or role chaining's hour", async () => {
    const invalid = [
      { RoleSessionName: "x" },
      { RoleSessionName: "has space" },
      { DurationSeconds: 899 },
      { RoleArn: "arn:aws:iam::12345:user/someone" },
      { DurationSeconds: 7200 },
    ];
    for (const extra of invalid) {
      const error = await caught(() => assume(A.ok, extra));
      expect([error.name, error.$metadata?.httpStatusCode]).toEqual(["ValidationError", 400]);
    }
    const { credentials } = await assume(A.ok);
    const chained = sts(sim.url, "us-east-1", { credentials });
    const error = await caught(() => assume(A.scp, { DurationSeconds: 3601 }, chained));
    expect(error.message).toContain("role chaining");
    const hop = await assume(A.scp, { DurationSeconds: 900 }, chained);
    expect(accountOfKey(hop.credentials.accessKeyId)).toBe(A.scp);
  });

  it("expired credentials: EC2 RequestExpired, STS ExpiredToken; a wrong session token is refused", async () => {
    const { credentials } = await assume(A.ok, { DurationSeconds: 900 });
    await instanceIds(credentials, "eu-west-1");
    const wrongToken = { ...credentials, sessionToken: `${credentials.sessionToken}x` };
    const bad = await caught(() => instanceIds(wrongToken, "eu-west-1"));
    expect([bad.name, bad.$metadata?.httpStatusCode]).toEqual(["AuthFailure", 401]);
    sim.accounts.clock.advance(900_000);
    const ec2Error = await caught(() => instanceIds(credentials, "eu-west-1"));
    expect([ec2Error.name, ec2Error.$metadata?.httpStatusCode]).toEqual(["RequestExpired", 400]);
    const stsError = await caught(() =>
      sts(sim.url, "us-east-1", { credentials }).send(new GetCallerIdentityCommand({})),
    );
    expect([stsError.name, stsError.$metadata?.httpStatusCode]).toEqual(["ExpiredToken", 403]);
    const fresh = await assume(A.ok);
    expect(await instanceIds(fresh.credentials, "eu-west-1")).toHaveLength(2);
  });

  it("STS has its own bucket per account and region: Throttling (400), retried by the SDK", async () => {
    sim.controls.update({ throttle: { overrides: { STS: { burst: 1, refillPerSecond: 0 } } } });
    const once = sts(sim.url, "eu-west-2", { maxAttempts: 1 });
    await once.send(new GetCallerIdentityCommand({}));
    const error = await caught(() => once.send(new GetCallerIdentityCommand({})));
    expect([error.name, error.$metadata?.httpStatusCode]).toEqual(["Throttling", 400]);
    // Another region, and another account's bucket, still have tokens.
    await sts(sim.url, "eu-west-3", { maxAttempts: 1 }).send(new GetCallerIdentityCommand({}));
    sim.controls.update({ throttle: { overrides: {} } });
    await sts(sim.url, "eu-west-2").send(new GetCallerIdentityCommand({}));
  });
});

describe("per-account state and failures", () => {
  it("an SCP-denied region: UnauthorizedOperation naming the service control policy; other regions answer", async () => {
    const { credentials } = await assume(A.scp);
    const error = await caught(() => instanceIds(credentials, "eu-west-1"));
    expect([error.name, error.$metadata?.httpStatusCode]).toEqual(["UnauthorizedOperation", 403]);
    expect(error.message).toContain("explicit deny in a service control policy");
    expect(error.message).toContain(
      `arn:aws:sts::${A.scp}:assumed-role/OrganizationAccountAccessRole/imds-audit`,
    );
    expect(await instanceIds(credentials, "eu-west-2")).toHaveLength(1);
  });

  it("an account suspended mid-run: its calls fail as AWS fails them, and AssumeRole is refused", async () => {
    const { credentials } = await assume(A.suspends);
    const client = ec2(sim.url, "eu-west-1", { credentials, maxAttempts: 1 });
    for (let i = 0; i < 3; i++) await client.send(new GetInstanceMetadataDefaultsCommand({}));
    const error = await caught(() => client.send(new GetInstanceMetadataDefaultsCommand({})));
    expect([error.name, error.$metadata?.httpStatusCode]).toEqual(["AuthFailure", 401]);
    const stsError = await caught(() =>
      sts(sim.url, "us-east-1", { credentials }).send(new GetCallerIdentityCommand({})),
    );
    expect([stsError.name, stsError.$metadata?.httpStatusCode]).toEqual(["InvalidClientTokenId", 403]);
    expect(sim.accounts.get(A.suspends)?.status).toBe("SUSPENDED");
    expect((await caught(() => assume(A.suspends))).name).toBe("AccessDenied");
    expect(sim.log.count({ account: A.suspends, code: "AuthFailure" })).toBe(1);
  });

  it("a fault rule can name accounts: only their calls get it", async () => {
    sim.controls.update({ faults: [{ kind: "internal-error", accounts: [A.ok] }] });
    const member = (await assume(A.ok)).credentials;
    const error = await caught(() =>
      ec2(sim.url, "eu-west-1", { credentials: member, maxAttempts: 1 }).send(
        new GetInstanceMetadataDefaultsCommand({}),
      ),
    );
    expect([error.name, error.$metadata?.httpStatusCode]).toEqual(["InternalError", 500]);
    await ec2(sim.url, "eu-west-1", { maxAttempts: 1 }).send(new GetInstanceMetadataDefaultsCommand({}));
    expect(sim.log.count({ account: A.ok, code: "InternalError" })).toBe(1);
  });

  it("buckets are per account: one account's empty bucket does not throttle another", async () => {
    sim.controls.update({
      throttle: { overrides: { GetInstanceMetadataDefaults: { burst: 1, refillPerSecond: 0 } } },
    });
    const member = (await assume(A.ok)).credentials;
    const call = (credentials?: TempCredentials) =>
      ec2(sim.url, "ap-south-1", { maxAttempts: 1, ...(credentials ? { credentials } : {}) }).send(
        new GetInstanceMetadataDefaultsCommand({}),
      );
    await call();
    expect((await caught(() => call())).name).toBe("RequestLimitExceeded");
    await call(member);
  });
});

describe("control API for accounts", () => {
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${sim.url}${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as unknown };
  };

  it("lists accounts, shows one's state, suspends one and moves the credentials clock", async () => {
    const { credentials } = await assume(A.ok);
    const listed = (await call("GET", "/_sim/accounts")).body as Array<{
      id: string;
      calls: number;
      built: boolean;
    }>;
    expect(listed.find((a) => a.id === A.ok)).toMatchObject({ built: true });
    expect(listed.filter((a) => !a.built).length).toBeGreaterThan(20);
    const state = await call("GET", `/_sim/state?account=${A.ok}&region=eu-west-1`);
    expect((state.body as { instances: unknown[] }).instances).toHaveLength(2);
    expect((await call("GET", "/_sim/state?account=999999999999")).status).toBe(404);
    expect((await call("POST", `/_sim/accounts/${MGMT}/suspend`)).status).toBe(400);
    const offset = sim.accounts.clock.offsetMs;
    expect((await call("POST", "/_sim/clock", { advanceMs: -1 })).status).toBe(400);
    expect((await call("POST", "/_sim/clock", { advanceMs: 3600_000 })).body).toMatchObject({
      offsetMs: offset + 3600_000,
    });
    expect((await caught(() => instanceIds(credentials, "eu-west-1"))).name).toBe("RequestExpired");
    // A generated account no other test uses.
    const last = sim.accounts.list().at(-1)?.id ?? "";
    const fresh = await assume(last);
    expect(await call("POST", `/_sim/accounts/${last}/suspend`)).toEqual({
      status: 200,
      body: { id: last, status: "SUSPENDED" },
    });
    expect((await caught(() => instanceIds(fresh.credentials, "us-east-1"))).name).toBe("AuthFailure");
  });
});
