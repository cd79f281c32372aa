// Flags that were silently ignored or silently loosened, from a review: each now says so in one line
// (exit 2, nothing done) or takes an explicit spelling.
import { afterAll, describe, expect, it } from "vitest";
import { unmatchedTags } from "../../src/core/plan.js";
import { program, scratch } from "./cli-run.js";

const dir = scratch();
afterAll(dir.remove);
const run = program(dir.path);

describe("imds policy scp --max-hop-limit", () => {
  it("without the hop-limit statement: one line naming the flag to add or drop (main: exit 2)", async () => {
    await expect(
      run(["policy", "scp", "--statements", "require-v2,no-downgrade", "--max-hop-limit", "1"]),
    ).rejects.toThrow(
      /^--max-hop-limit applies to the hop-limit statement, which --statements leaves out: add hop-limit to --statements, or drop --max-hop-limit$/,
    );
  });

  it("with it, or left at its default, the policy is written", async () => {
    const ok = await run([
      "policy",
      "scp",
      "--statements",
      "require-v2,hop-limit",
      "--max-hop-limit",
      "1",
      "--minify",
    ]);
    expect(ok.code).toBe(0);
    expect(ok.out.stdout).toContain('"ec2:MetadataHttpPutResponseHopLimit":"1"');
    const plain = await run(["policy", "scp", "--statements", "require-v2", "--minify"]);
    expect(plain.code).toBe(0);
    expect(plain.out.stdout).not.toContain("HopLimit");
  });
});

describe("imds enforce --raise-hop-limit", () => {
  it("goes with a number given to --hop-limit", async () => {
    const raised = await run(["enforce", "--hop-limit", "2", "--raise-hop-limit"]);
    expect(raised.opts).toMatchObject({ hopLimit: 2, raiseHopLimit: true });
    expect((await run(["enforce", "--hop-limit", "2"])).opts).toMatchObject({ raiseHopLimit: false });
    await expect(run(["enforce", "--raise-hop-limit"])).rejects.toThrow(
      /^--raise-hop-limit sets exactly --hop-limit N: give a number with --hop-limit, or drop it$/,
    );
    await expect(run(["enforce", "--hop-limit", "policy", "--raise-hop-limit"])).rejects.toThrow(
      /^--raise-hop-limit sets exactly/,
    );
  });
});

describe("--tag that no instance has", () => {
  it("is named, whichever region it would be in", () => {
    const i = (id: string, tags: Record<string, string>) => ({
      id,
      state: "running",
      tags,
      metadata: { httpTokens: "optional" as const },
    });
    const scans = [
      { region: "a", instances: [i("i-1", { env: "dev" })], errors: [] },
      { region: "b", instances: [i("i-2", { team: "x" })], errors: [] },
    ];
    const tags = [
      ["env", "dev"],
      ["team", "x"],
      ["nosuch", "x"],
      ["env", "prod"],
    ] as [string, string][];
    expect(unmatchedTags(scans, tags)).toEqual(["nosuch=x", "env=prod"]);
    expect(unmatchedTags(scans, undefined)).toEqual([]);
  });
});
