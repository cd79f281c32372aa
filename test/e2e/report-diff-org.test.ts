// `imds report diff` on organization audits of the simulator's organization, before and after an
// `enforce --org` (and after its rollback, a regression); a one-account audit beside them; the trend.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReportDiff } from "../../src/core/diff.js";
import type { Trend } from "../../src/core/trend.js";
import { imds, onSimulator, withSimulator } from "./harness.js";
import { M, MGMT, OU_PROD, REGION_ARGS, steadyOrgScenario } from "./org-scenario.js";

const dir = mkdtempSync(join(tmpdir(), "imds-e2e-org-diff-"));
const trends = join(dir, "trend");
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const at = (name: string) => join(dir, name);
const diff = (...args: string[]) => imds(["report", "diff", ...args]);
const json = (r: { stdout: string }) => JSON.parse(r.stdout) as ReportDiff;

describe.skipIf(!onSimulator)("imds report diff on organization audits", () => {
  beforeAll(async () => {
    await withSimulator(steadyOrgScenario(), async ({ sim, run }) => {
      const go = async (ok: number[], ...args: string[]) => {
        const r = await run([...args, "--endpoint-url", sim.url, "--quiet"]);
        expect(ok, r.stderr).toContain(r.code);
      };
      const audit = (name: string, ...args: string[]) =>
        go([3], "audit", ...REGION_ARGS, ...args, "--format", "json", "--output", at(name));
      const change = ["--yes", "--wait", "5", "--journal"];
      mkdirSync(trends);
      // Two accounts cannot be entered and an SCP denies a region: every org run is incomplete (3).
      await audit("1-before.json", "--org");
      await go(
        [3],
        "enforce",
        ...REGION_ARGS,
        "--org",
        "--instances",
        "--force",
        ...change,
        at("enforce.jsonl"),
      );
      await audit("2-after.json", "--org");
      const management = ["audit", ...REGION_ARGS, "--format", "json", "--output"];
      await go([0, 1], ...management, at("management.json"));
      await go([0, 3], "rollback", at("enforce.jsonl"), ...change, at("rollback.jsonl"));
      await audit("3-rolled-back.json", "--org");
      await audit("ou-prod.json", "--ou", OU_PROD);
      await go([0, 1], ...management, join(trends, "management.json"));
      await audit(join("trend", "org.json"), "--org");
    });
  }, 240_000);

  it("before and after an enforce --org: fixed in every account entered, none unread counted, exit 0", async () => {
    const r = await diff(at("1-before.json"), at("2-after.json"), "--format", "json");
    expect(r.code, r.stderr).toBe(0);
    const d = json(r);
    expect(d.verdict.status).toBe("improved");
    expect(d.newlyFailing).toEqual([]);
    // Unreadable in both audits: not a change, and nothing in them is fixed.
    expect(d.accounts).toEqual([]);
    const fixedIn = new Set(d.fixed.map((e) => e.account));
    expect([...fixedIn].sort()).toEqual([MGMT, M.app, M.data, M.scp, M.dev].sort());
    expect(d.fixed.some((e) => e.account === M.scp && e.region === "sa-east-1")).toBe(false);
    expect(d.new).toMatchObject({ scope: "organization" });
    expect(d.new.compliance).toBeGreaterThan(d.old.compliance);
  });

  it("after the rollback: a regression, exit 1; each row carries its account", async () => {
    const r = await diff(at("2-after.json"), at("3-rolled-back.json"), "--max-rows", "0");
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^Account +Region +Kind +Resource/m);
    expect(r.stdout).toMatch(/^111111111111 +(us-east-1|eu-west-1|sa-east-1) +/m);
    expect(r.stdout).toMatch(/^222222222201 +(us-east-1|eu-west-1|sa-east-1) +/m);
    expect(r.stdout).toMatch(/^REGRESSED: \d+ newly failing resources, 0 fixed/m);
  });

  it("an organization and an OU: accounts outside the OU disappeared, not fixed", async () => {
    const r = await diff(at("1-before.json"), at("ou-prod.json"), "--format", "json");
    const d = json(r);
    expect(d.fixed).toEqual([]);
    const gone = d.accounts.filter((a) => a.change === "disappeared").map((a) => a.account);
    expect(gone.sort()).toEqual([MGMT, M.invited, M.scp, M.dev].sort());
    expect(r.code, r.stderr).toBe(0);
  });

  it("a one-account audit beside an organization audit: that account of it; outside it, exit 2", async () => {
    // The management account audited alone after the enforce, against the organization before it.
    const r = await diff(at("1-before.json"), at("management.json"), "--format", "json");
    expect(r.code, r.stderr).toBe(0);
    const d = json(r);
    expect(new Set([...d.fixed, ...d.stillFailing].map((e) => e.account))).toEqual(new Set([MGMT]));
    expect(d.fixed.length).toBeGreaterThan(0);
    expect(d.accounts).toEqual([]);
    const outside = await diff(at("management.json"), at("ou-prod.json"));
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(
      /^imds: .*ou-prod\.json does not cover account 111111111111, the account of the other report: /,
    );
    expect(outside.stderr.trim().split("\n")).toHaveLength(1);
    const detail = await diff(at("1-before.json"), at("2-after.json"), "--detail");
    expect([detail.code, detail.stderr]).toEqual([
      2,
      "imds: --detail adds each account's regions to the trend: give one directory, or drop --detail\n",
    ]);
  });

  it("the trend of an organization audit and a one-account audit: per account, regions with --detail", async () => {
    const r = await diff(trends, "--format", "json");
    expect(r.code, r.stderr).toBe(0);
    const t = JSON.parse(r.stdout) as Trend;
    // Every account of the steady organization but the one already closed (left out), by id.
    const covered = [MGMT, ...Object.values(M)].filter((id) => id !== M.closing && id !== M.closed);
    expect(t.rows.map((row) => row.account)).toEqual(covered.sort());
    expect(t.rows.find((row) => row.account === M.denied)?.points).toEqual([
      { percent: null, complete: false },
    ]);
    expect(t.rows.find((row) => row.account === M.app)?.regions).toHaveLength(3);
    const table = await diff(trends);
    expect(table.stdout).toMatch(/^222222222203 +security-tooling +unread$/m);
    expect(table.stdout).not.toMatch(/eu-west-1/);
    const detail = await diff(trends, "--detail");
    expect(detail.stdout).toMatch(/^222222222201 +eu-west-1 +\d+\.\d%$/m);
  });
});
