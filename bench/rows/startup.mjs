// Row 1: start-up against bare Node, and how fast an endpoint that refuses connections fails.
import { createServer } from "node:net";
import { join } from "node:path";
import { fmt, median, ROOT, run } from "../lib.mjs";
import { QUICK, row, verdict } from "../table.mjs";

const IMDS = join(ROOT, "bin/imds.js");
const node = process.execPath;

/** A port nothing listens on: bound, then closed. */
async function closedPort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startup() {
  const times = { version: [], help: [], bare: [] };
  // Interleaved, so a noisy moment hits all three alike.
  for (let i = 0; i < (QUICK ? 5 : 21); i++) {
    times.version.push((await run(node, [IMDS, "--version"])).ms);
    times.help.push((await run(node, [IMDS, "--help"])).ms);
    times.bare.push((await run(node, ["-e", "0"])).ms);
  }
  const bare = median(times.bare);
  const v = median(times.version);
  row(
    "1. start-up: imds --version (median)",
    fmt.ms(v),
    `node -e 0: ${fmt.ms(bare)}`,
    fmt.x(v / bare),
    "<= 1.3x of node -e 0",
    verdict(v / bare <= 1.3),
  );
  const h = median(times.help);
  row("1. start-up: imds --help (median)", fmt.ms(h), `node -e 0: ${fmt.ms(bare)}`, fmt.x(h / bare), "-");
  const port = await closedPort();
  const refused = [];
  for (let i = 0; i < (QUICK ? 3 : 5); i++) {
    refused.push(await run(node, [IMDS, "audit", "--endpoint-url", `http://127.0.0.1:${port}`, "--quiet"]));
  }
  const ms = median(refused.map((r) => r.ms));
  const codes = [...new Set(refused.map((r) => r.code))].join(",");
  row(
    "1. an endpoint that refuses connections (median)",
    fmt.s(ms),
    `exit ${codes}`,
    "-",
    "fails in <= 2 s, exit 3",
    verdict(ms <= 2000 && codes === "3"),
  );
}
