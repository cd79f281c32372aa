// The bare SDK's own cost of a call: the smallest EC2 call (GetInstanceMetadataDefaults, a reply of
// a few hundred bytes) sent CALLS times by one warmed client, 32 in flight, keep-alive, logger off.
// Whatever a tool does per call on top of the SDK, it cannot spend less CPU per call than this.
// Usage: node sdk-floor.mjs ENDPOINT CALLS. Prints the CPU milliseconds per call.
import { Agent } from "node:http";
import { EC2Client, GetInstanceMetadataDefaultsCommand } from "@aws-sdk/client-ec2";

const [endpoint, calls = "3000"] = process.argv.slice(2);
const total = Number(calls);
const client = new EC2Client({
  endpoint,
  region: "eu-west-1",
  requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: 32 }) },
});
client.middlewareStack.remove("loggerMiddleware");
const call = () => client.send(new GetInstanceMetadataDefaultsCommand({}));
for (let i = 0; i < 300; i++) await call();
const before = process.cpuUsage();
let sent = 0;
await Promise.all(
  Array.from({ length: 32 }, async () => {
    while (sent++ < total) await call();
  }),
);
const used = process.cpuUsage(before);
console.log(((used.user + used.system) / 1000 / total).toFixed(3));
