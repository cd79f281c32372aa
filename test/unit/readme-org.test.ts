// The README's organization section and its job-engine recipes, tested as far as this machine
// allows: every imds command line in them (GitHub Actions matrix, Kubernetes Indexed Job, Step
// Functions, the examples) parses, with the variables the engine fills in, into the command it
// names. (test/e2e/org.test.ts runs the shards and the merge themselves.)
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { program, scratch } from "./cli-run.js";

const DIR = scratch();
afterAll(DIR.remove);
const run = program(DIR.path);

const README = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const section = README.slice(
  README.indexOf("## A whole AWS Organization"),
  README.indexOf("### IAM permissions for an organization"),
);

/** What the job engine puts in: the matrix value, the completion index, an env variable, a journal. */
function filled(line: string): string {
  const journal = join(DIR.path, "imds-enforce-111122223333-20261122T105100Z.jsonl");
  writeFileSync(journal, "{}\n");
  const accounts = join(DIR.path, "accounts.json");
  writeFileSync(accounts, "{}\n");
  return line
    .replace(/\$\{\{ matrix\.shard \}\}/g, "2")
    .replace(/\$\(\(JOB_COMPLETION_INDEX \+ 1\)\)/g, "3")
    .replace(/"\$EXTERNAL_ID"/g, "ext-id-1234")
    .replace(/<item>/g, "1")
    .replace(/\/N\b/g, "/4")
    .replace(/imds-enforce-111122223333-20261122T105100Z\.jsonl/g, journal)
    .replace(/--accounts-file accounts\.json/g, `--accounts-file ${accounts}`)
    .replace(/(--output) (\/reports|s3-mounted)\//g, `$1 ${DIR.path}/`)
    .replace(/\s+#.*$/, "")
    .replace(/;.*$/, "");
}

/** `imds ...` command lines in the section's code blocks (and the Step Functions one), as words. */
function commandLines(): string[][] {
  const blocks = [...section.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1] ?? "");
  const prose = section.match(/imds audit --org --shard <item>[^`]*/g) ?? [];
  const lines = [...blocks.join("\n").matchAll(/imds (audit|enforce|rollback|watch)\b[^\n]*/g)]
    .map((m) => m[0])
    .concat(prose);
  return lines.map((l) =>
    filled(l)
      .trim()
      .split(/\s+/)
      .slice(1)
      .map((w) => w.replace(/^'(.*)'$/, "$1")),
  );
}

describe("the README's organization recipes", () => {
  const lines = commandLines();

  it("has the recipes: a matrix, an Indexed Job, a Distributed Map, and the examples", () => {
    expect(section).toContain("strategy: { matrix: { shard: [1, 2, 3, 4] }");
    expect(section).toContain("completionMode: Indexed");
    expect(section).toContain("Distributed Map");
    expect(lines.length).toBeGreaterThanOrEqual(12);
  });

  it.each(commandLines().map((l) => [l.join(" "), l]))("imds %s parses into its command", async (_, args) => {
    const r = await run(args as string[]);
    expect(r.out.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.name).toBe((args as string[])[0]);
  });
});
