// The journals imds writes by default, named imds-<command>-<account>-<time>.jsonl in the current
// folder, are files a user must never commit by accident: the repo's .gitignore must match them.
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { Scenario } from "../../src/sim/index.js";
import { onSimulator, withSimulator } from "./harness.js";

const ROOT = resolve(import.meta.dirname, "../..");

function inGitCheckout(): boolean {
  try {
    execFileSync("git", ["rev-parse", "--is-inside-work-tree"], { cwd: ROOT, stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Whether the repo's ignore rules match `name` at its top level (exit 0 of git check-ignore). */
function ignored(name: string): boolean {
  try {
    execFileSync("git", ["check-ignore", "--quiet", "--no-index", name], { cwd: ROOT, stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!onSimulator || !inGitCheckout())("default journal names", () => {
  it("enforce and rollback without --journal write files that .gitignore matches", async () => {
    const scenario: Scenario = { accountId: "111122223333", regions: { "eu-west-1": { defaults: {} } } };
    await withSimulator(scenario, async ({ sim, dir, run }) => {
      const enforce = await run(["enforce", "--endpoint-url", sim.url, "--regions", "eu-west-1", "-q"]);
      expect(enforce.code, enforce.stderr).toBe(0);
      const [journal] = readdirSync(dir);
      expect(journal).toMatch(/^imds-enforce-111122223333-\d{8}T\d{6}\.\d{3}Z-[0-9a-f]{6}\.jsonl$/);

      const rollback = await run(["rollback", journal ?? "", "--endpoint-url", sim.url, "--yes", "-q"]);
      expect(rollback.code, rollback.stderr).toBe(0);
      const written = readdirSync(dir).sort();
      expect(written).toEqual([
        journal,
        expect.stringMatching(/^imds-rollback-111122223333-\d{8}T\d{6}\.\d{3}Z-[0-9a-f]{6}\.jsonl$/),
      ]);
      for (const name of written) expect(ignored(name), name).toBe(true);
      // The rules are not so wide that they hide the project's own files.
      expect(ignored("imds-notes.jsonl")).toBe(false);
    });
  });
});
