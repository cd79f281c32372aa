// Builds dist/ when it is missing or older than any source file, so `npm run demo` works on a fresh clone.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const outputs = ["dist/imds.cjs", "dist/sim.js"];
const stale = outputs.some((f) => !existsSync(f) || statSync(f).mtimeMs < newest("src"));
if (stale) execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
