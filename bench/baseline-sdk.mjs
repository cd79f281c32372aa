// The bare-SDK baseline for the large audit: only paginate DescribeInstances in every enabled
// region, all regions in parallel, with the same SDK and page size as imds. Prints the count.
import { DescribeRegionsCommand, EC2Client, paginateDescribeInstances } from "@aws-sdk/client-ec2";

const endpoint = process.argv[2];
const client = (region) => new EC2Client({ region, endpoint });
const { Regions = [] } = await client("us-east-1").send(new DescribeRegionsCommand({}));
const counts = await Promise.all(
  Regions.map(async ({ RegionName }) => {
    let n = 0;
    const pages = paginateDescribeInstances(
      { client: client(RegionName), pageSize: 1000 },
      { Filters: [{ Name: "instance-state-name", Values: ["pending", "running", "stopping", "stopped"] }] },
    );
    for await (const page of pages) for (const r of page.Reservations ?? []) n += r.Instances?.length ?? 0;
    return n;
  }),
);
console.log(counts.reduce((a, b) => a + b, 0));
