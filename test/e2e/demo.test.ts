// `npm run demo [scenario]` as a newcomer runs it: the simulator, one audit, and a closing line that
// explains the exit code. "Findings on purpose" is said of the demo account only, when it has them.
import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { onSimulator, userEnv } from "./harness.js";

const ROOT = resolve(import.meta.dirname, "../..");

async function demo(scenario: string): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await promisify(execFile)(
      process.execPath,
      ["scripts/demo.mjs", scenario, "--no-color"],
      {
        cwd: ROOT,
        env: userEnv(),
      },
    );
    return { code: 0, stderr };
  } catch (err) {
    const e = err as { code?: number; stderr?: string };
    return { code: e.code ?? -1, stderr: e.stderr ?? "" };
  }
}

describe.skipIf(!onSimulator)("npm run demo", () => {
  it("the compliant account: exit 0, and no word of findings", async () => {
    const r = await demo("compliant");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/demo: imds exited with 0 \(compliant\)\.\n$/);
    expect(r.stderr).not.toContain("on purpose");
  });

  it("the demo account: its findings are on purpose, and the demo still succeeds", async () => {
    const r = await demo("demo");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /demo: imds exited with 1 \(findings\)\. The demo account has findings on purpose\.\n$/,
    );
  });
});
