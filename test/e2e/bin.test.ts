// bin/imds.js's own contract, with dist/imds.cjs stood in for by a preload (`node -r`): whatever
// main does, the process ends with an exit code that says what happened.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, expect, it } from "vitest";
import { type Run, spawnImds, userEnv } from "./harness.js";

const CLI = resolve(import.meta.dirname, "../../dist/imds.cjs");
const dir = mkdtempSync(join(tmpdir(), "imds-bin-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the bin with a main() whose body is `body`, put in the require cache as dist/imds.cjs. */
function runWithMain(name: string, body: string): Promise<Run> {
  const preload = join(dir, `${name}.cjs`);
  writeFileSync(
    preload,
    `const Module = require("node:module");
const m = new Module(${JSON.stringify(CLI)});
m.filename = ${JSON.stringify(CLI)};
m.loaded = true;
m.exports = { main: async () => { ${body} } };
require.cache[${JSON.stringify(CLI)}] = m;`,
  );
  // A bin that hangs is killed, so its test fails instead of leaving a process behind.
  return spawnImds(["--version"], userEnv(), { preload, timeoutMs: 10_000 }).done;
}

const FAULT = "imds: unexpected error: boom\n";
it.each([
  ["passes main's exit code on", "return 1;", 1, ""],
  [
    "a run that ends without a result (a promise nothing will settle) exits 3, with one line",
    "await new Promise(() => {});",
    3,
    "imds: the run ended without a result\n",
  ],
  ["a fault that escapes main exits 3, with one line and no stack", 'throw new Error("boom");', 3, FAULT],
  [
    "a fault that escapes main while a handle holds the loop still ends the run, exit 3",
    'setInterval(() => {}, 1000); throw new Error("boom");',
    3,
    FAULT,
  ],
  [
    "a result given while a handle holds the loop ends the run a second later, with its code",
    "setInterval(() => {}, 1000); return 1;",
    1,
    "",
  ],
])("%s", async (name, body, code, stderr) => {
  const run = await runWithMain(name.replace(/\W+/g, "-").slice(0, 60), body);
  expect([run.code, run.stderr]).toEqual([code, stderr]);
});
