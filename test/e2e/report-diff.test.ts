// `imds report diff` on two audits of the demo account, before and after an enforce (and after
// its rollback, a regression), and the trend of the directory holding them.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReportDiff } from "../../src/core/diff.js";
import type { Trend } from "../../src/core/trend.js";
import { imds, onSimulator, withSimulator } from "./harness.js";

const dir = mkdtempSync(join(tmpdir(), "imds-e2e-diff-"));
/** Beside the directory, so the trend of the directory reads only the first three audits. */
const aside = `${dir}-aside`;
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(aside, { recursive: true, force: true });
});
const at = (name: string) => join(dir, name);
const CONFIG = `exceptions:
  - match: { kind: instance, code: imdsv1-allowed }
    reason: accepted until the migration
    owner: platform@example.com
    expires: 2099-12-31
`;

describe.skipIf(!onSimulator)("imds report diff on the demo account", () => {
  beforeAll(async () => {
    await withSimulator("demo", async ({ sim }) => {
      const run = async (...args: string[]) => {
        const r = await imds(["--endpoint-url", sim.url, ...args]);
        // The rollback is incomplete (3) by design: the demo's eu-north-1 and ca-central-1 enforce
        // IMDSv2 (HttpTokensEnforced), so their instances are reported blocked, never set back.
        const ok = args[0] === "rollback" ? [3] : [0, 1];
        expect(ok, r.stderr).toContain(r.code);
      };
      const fast = ["--yes", "--wait", "5", "--quiet"];
      await run("audit", "--format", "json", "--output", at("1-before.json"), "--quiet");
      await run("enforce", "--instances", "--force", ...fast, "--journal", at("enforce.jsonl"));
      await run("audit", "--format", "json", "--output", at("2-after.json"), "--quiet");
      await run("rollback", at("enforce.jsonl"), ...fast, "--journal", at("rollback.jsonl"));
      await run("audit", "--format", "json", "--output", at("3-rolled-back.json"), "--quiet");
      // The same state, audited with a config that excepts IMDSv1 on instances.
      rmSync(aside, { recursive: true, force: true });
      mkdirSync(aside);
      writeFileSync(join(aside, "imds.config.yaml"), CONFIG);
      const config = ["--config", join(aside, "imds.config.yaml")];
      await run(
        "audit",
        ...config,
        "--format",
        "json",
        "--output",
        join(aside, "4-excepted.json"),
        "--quiet",
      );
    });
  }, 240_000);

  it("before and after an enforce: fixed resources, nothing newly failing, exit 0", async () => {
    const r = await imds(["report", "diff", at("1-before.json"), at("2-after.json"), "--format", "json"]);
    expect(r.code, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout) as ReportDiff;
    expect(d.verdict.status).toBe("improved");
    expect(d.newlyFailing).toEqual([]);
    expect(d.fixed.length).toBeGreaterThan(100);
    expect(d.fixed.every((e) => e.before === "fail" && e.after !== "fail")).toBe(true);
    expect(d.new.compliance).toBeGreaterThan(d.old.compliance);
  });

  it("after the rollback: a regression, exit 1, in a table", async () => {
    const r = await imds(["report", "diff", at("2-after.json"), at("3-rolled-back.json"), "--max-rows", "3"]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^Newly failing \(\d+\):$/m);
    expect(r.stdout).toMatch(
      /^REGRESSED: \d+ newly failing resources, 0 fixed, 0 newly excepted, \d+ still failing; compliance from [\d.]+% to [\d.]+%\.$/m,
    );
  });

  it("findings a config exception now covers: newly excepted, not fixed", async () => {
    const r = await imds([
      "report",
      "diff",
      at("3-rolled-back.json"),
      join(aside, "4-excepted.json"),
      "--format",
      "json",
    ]);
    expect(r.code, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout) as ReportDiff;
    expect(d.excepted.length).toBeGreaterThan(10);
    expect(d.excepted.every((e) => e.kind === "instance" && e.before === "fail")).toBe(true);
    expect(d.fixed.filter((e) => e.kind === "instance")).toEqual([]);
    const table = await imds(["report", "diff", at("3-rolled-back.json"), join(aside, "4-excepted.json")]);
    expect(table.stdout).toMatch(/^Newly excepted by the config file \(\d+\):$/m);
  });

  it("the directory: the trend per day and account, each account's regions in JSON", async () => {
    const r = await imds(["report", "diff", dir, "--format", "json"]);
    expect(r.code, r.stderr).toBe(0);
    const t = JSON.parse(r.stdout) as Trend;
    expect(t.reports).toEqual({ read: 3, used: 1 }); // three audits today: the last one counts
    expect(t.rows).toHaveLength(1);
    expect(t.rows[0]?.regions).toHaveLength(17);
    expect(t.days).toHaveLength(1);
  });

  it("bad input: one line, exit 2", async () => {
    const one = await imds(["report", "diff", at("1-before.json")]);
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/is one report: give two \(OLD\.json NEW\.json\), or a directory/);
    const notReport = await imds(["report", "diff", at("enforce.jsonl"), at("2-after.json")]);
    expect(notReport.code).toBe(2);
    expect(notReport.stderr.trim().split("\n")).toHaveLength(1);
    const missing = await imds(["report", "diff", at("2-after.json"), at("nope.json")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /^imds: .*nope\.json: no such file: give an imds audit --format json report\n$/,
    );
    const merge = await imds(["report", "merge", at("2-after.json")]);
    expect(merge.code).toBe(2);
    expect(merge.stderr).toMatch(
      /^imds: .*2-after\.json is a one-account report \(schema 1\); report merge takes an organization report/,
    );
  });
});
