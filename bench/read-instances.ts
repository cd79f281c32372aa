// imds's own instance reads alone, for the page-size and pages-in-flight sweep: the clients imds
// makes (its reader, its limiter) reading every enabled region's instances with a given page size.
// Usage (bundled by bench/lib.mjs): node read-instances.mjs ENDPOINT PAGE_SIZE CONCURRENCY [sdk].
import { createClients } from "../src/aws/clients.js";
import { DEFAULT_STATES } from "../src/core/types.js";

const [endpoint, pageSize = "250", concurrency = "32", parser] = process.argv.slice(2);
const clients = await createClients({
  endpoint,
  region: "us-east-1",
  concurrency: Number(concurrency),
  fastReader: parser !== "sdk",
});
const regions = (await clients.ec2("us-east-1").listRegions()).filter(
  (r) => r.optInStatus !== "not-opted-in",
);
let count = 0;
await Promise.all(
  regions.map((r) =>
    clients.limit(() =>
      clients.ec2(r.name).readInstances(
        DEFAULT_STATES,
        (page) => {
          count += page.length;
        },
        Number(pageSize),
      ),
    ),
  ),
);
console.log(count);
