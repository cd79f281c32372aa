// Builds dist/ before any test runs, and again before each rerun in watch mode: the end-to-end
// tests run the built CLI (bin/imds.js loads dist/imds.cjs), so a stale dist/ would test old code.
// It always builds: the build takes about a second, and file times cannot prove that dist/ came
// from today's sources (a checkout or an extracted archive keeps older times).
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import type { TestProject } from "vitest/node";

const ROOT = resolve(import.meta.dirname, "..");

function build(): void {
  execFileSync(process.execPath, ["scripts/build.mjs"], { cwd: ROOT, stdio: "inherit" });
}

export default function setup(project: TestProject): void {
  build();
  project.onTestsRerun(build);
}
