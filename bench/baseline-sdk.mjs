// The competent bare-SDK baseline for the large audits: what a careful engineer writes with the
// SDK alone. It paginates DescribeInstances in every enabled region with the same page size and the
// same calls in flight as imds (one shared limiter, one task per region), the same HTTP agent
// (keep-alive, 50 sockets) and retries, and without the logger middleware that imds removes too.
// Usage: node baseline-sdk.mjs ENDPOINT PAGE_SIZE CONCURRENCY. Prints the number of instances.
import { DescribeRegionsCommand, EC2Client, paginateDescribeInstances } from "@aws-sdk/client-ec2";
import pLimit from "p-limit";

const [endpoint, pageSize = "250", concurrency = "32"] = process.argv.slice(2);
const client = (region) => {
  const c = new EC2Client({
    region,
    endpoint,
    maxAttempts: 6,
    retryMode: "standard",
    requestHandler: {
      connectionTimeout: 3_000,
      requestTimeout: 20_000,
      throwOnRequestTimeout: true,
      httpsAgent: { keepAlive: true, maxSockets: 50 },
      httpAgent: { keepAlive: true, maxSockets: 50 },
    },
  });
  c.middlewareStack.remove("loggerMiddleware");
  return c;
};
const limit = pLimit(Number(concurrency));
const { Regions = [] } = await client("us-east-1").send(new DescribeRegionsCommand({}));
const counts = await Promise.all(
  Regions.map(({ RegionName }) =>
    limit(async () => {
      let n = 0;
      const pages = paginateDescribeInstances(
        { client: client(RegionName), pageSize: Number(pageSize) },
        { Filters: [{ Name: "instance-state-name", Values: ["pending", "running", "stopping", "stopped"] }] },
      );
      for await (const page of pages) for (const r of page.Reservations ?? []) n += r.Instances?.length ?? 0;
      return n;
    }),
  ),
);
console.log(counts.reduce((a, b) => a + b, 0));
