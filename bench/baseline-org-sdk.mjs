// The competent bare-SDK baseline for an organization audit: what a careful engineer writes with
// the SDK alone. It lists the organization's accounts, assumes the role in each (its own keys for
// the management account), lists each account's enabled regions, and in every (account, region)
// makes the reads imds makes (defaults, instances paginated, the template list and, where it shows
// templates, their versions, AMIs, Auto Scaling groups and launch configurations), under
// one limiter of calls in flight and the same accounts in flight, one pair of keep-alive agents for
// every client, and the same retries. Usage: node baseline-org-sdk.mjs ENDPOINT PAGE_SIZE
// CONCURRENCY MAX_ACCOUNTS. Prints the number of instances.
import { Agent } from "node:http";
import {
  AutoScalingClient,
  paginateDescribeAutoScalingGroups,
  paginateDescribeLaunchConfigurations,
} from "@aws-sdk/client-auto-scaling";
import {
  DescribeRegionsCommand,
  EC2Client,
  GetInstanceMetadataDefaultsCommand,
  paginateDescribeImages,
  paginateDescribeInstances,
  paginateDescribeLaunchTemplates,
  paginateDescribeLaunchTemplateVersions,
} from "@aws-sdk/client-ec2";
import { OrganizationsClient, paginateListAccounts } from "@aws-sdk/client-organizations";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import pLimit from "p-limit";

const [endpoint, pageSize = "250", concurrency = "32", maxAccounts = "10"] = process.argv.slice(2);
// Sockets as many as the calls in flight, as imds has them (fewer would queue what the limiter let go).
const agent = new Agent({ keepAlive: true, maxSockets: Math.max(50, Number(concurrency)) });
const common = {
  endpoint,
  maxAttempts: 6,
  retryMode: "standard",
  requestHandler: {
    connectionTimeout: 3_000,
    requestTimeout: 20_000,
    throwOnRequestTimeout: true,
    httpAgent: agent,
  },
};
const quiet = (c) => {
  c.middlewareStack.remove("loggerMiddleware");
  return c;
};
const limit = pLimit(Number(concurrency));
const accountsInFlight = pLimit(Number(maxAccounts));

const sts = quiet(new STSClient({ ...common, region: "us-east-1" }));
const org = quiet(new OrganizationsClient({ ...common, region: "us-east-1" }));
const self = (await sts.send(new GetCallerIdentityCommand({}))).Account;
const ids = [];
for await (const page of paginateListAccounts({ client: org, pageSize: 20 }, {})) {
  for (const a of page.Accounts ?? []) if ((a.State ?? a.Status) === "ACTIVE") ids.push(a.Id);
}

async function credentialsFor(id) {
  if (id === self) return undefined;
  const out = await limit(() =>
    sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${id}:role/OrganizationAccountAccessRole`,
        RoleSessionName: "baseline",
      }),
    ),
  );
  const c = out.Credentials;
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
}

const drain = async (pages) => {
  for await (const _ of pages);
};

async function readRegion(ec2, autoscaling) {
  let n = 0;
  await limit(async () => {
    const pages = paginateDescribeInstances(
      { client: ec2, pageSize: Number(pageSize) },
      { Filters: [{ Name: "instance-state-name", Values: ["pending", "running", "stopping", "stopped"] }] },
    );
    for await (const page of pages) for (const r of page.Reservations ?? []) n += r.Instances?.length ?? 0;
  });
  await Promise.all([
    limit(() => ec2.send(new GetInstanceMetadataDefaultsCommand({}))),
    // The template list first: a region without templates has no versions to read (as imds does).
    (async () => {
      let templates = 0;
      await limit(async () => {
        for await (const page of paginateDescribeLaunchTemplates({ client: ec2, pageSize: 200 }, {}))
          templates += page.LaunchTemplates?.length ?? 0;
      });
      if (templates === 0) return;
      await limit(() =>
        drain(
          paginateDescribeLaunchTemplateVersions(
            { client: ec2, pageSize: 200 },
            { Versions: ["$Default", "$Latest"] },
          ),
        ),
      );
    })(),
    limit(async () => {
      for await (const _ of paginateDescribeImages({ client: ec2, pageSize: 1000 }, { Owners: ["self"] }));
    }),
    limit(() => drain(paginateDescribeAutoScalingGroups({ client: autoscaling, pageSize: 100 }, {}))),
    limit(() => drain(paginateDescribeLaunchConfigurations({ client: autoscaling, pageSize: 100 }, {}))),
  ]);
  return n;
}

async function readAccount(id) {
  const credentials = await credentialsFor(id);
  const make = (Client, region) =>
    quiet(new Client({ ...common, region, ...(credentials ? { credentials } : {}) }));
  const { Regions = [] } = await limit(() =>
    make(EC2Client, "us-east-1").send(new DescribeRegionsCommand({})),
  );
  const counts = await Promise.all(
    Regions.map(({ RegionName }) =>
      readRegion(make(EC2Client, RegionName), make(AutoScalingClient, RegionName)),
    ),
  );
  return counts.reduce((a, b) => a + b, 0);
}

const totals = await Promise.all(ids.map((id) => accountsInFlight(() => readAccount(id))));
console.log(totals.reduce((a, b) => a + b, 0));
