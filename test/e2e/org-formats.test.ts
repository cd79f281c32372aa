// The finding formats, the config's exceptions and --to-security-hub in organization audits, end to
// end: the built CLI on the simulator's organization writes every format at once (--output-dir),
// each file passes its published schema, every finding carries its own account, the config's
// exceptions (one naming an account, one expired) mark findings in every format, SARIF splits past
// GitHub's 20 runs per file, and each member's findings land in that member's own Security Hub.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { OrgAuditReport } from "../../src/core/org-types.js";
import type { Scenario, Simulator } from "../../src/sim/index.js";
import { asffProblems, junitProblems, ocsfProblems, sarifProblems } from "../unit/format-validators.js";
import { onSimulator, type Workspace, withSimulator } from "./harness.js";
import { M, MGMT, REGION_ARGS, steadyOrgScenario } from "./org-scenario.js";

const FORMATS = "json,sarif,ocsf,asff,junit,html,csv,markdown,table";
const orgAudit = (sim: Simulator) => ["audit", "--endpoint-url", sim.url, ...REGION_ARGS, "--org"];

/** Every file an --output-dir run wrote, by what follows the report's base name. */
function filesIn(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    out[name.replace(/^imds-audit-\d{12}-\d{8}T\d{6}\.\d{3}Z-[0-9a-f]{6}\./, "")] = readFileSync(
      join(dir, name),
      "utf8",
    );
  }
  return out;
}

/** An exception for one member account only, and one that expired long ago. */
const CONFIG = `exceptions:
  - match: { account: "${M.app}", kind: instance, code: imdsv1-allowed }
    reason: app team migrates in Q1
    owner: app@example.com
    expires: 2099-12-31
  - match: { region: us-east-1, kind: launch-template }
    reason: old templates
    owner: web@example.com
    expires: 2001-01-31
`;

const writeConfig = (ws: Workspace) => writeFileSync(join(ws.dir, "imds.config.yaml"), CONFIG);

type Sarif = { runs: { automationDetails: { id: string }; results: { suppressions?: unknown[] }[] }[] };
type Ocsf = {
  cloud: { account: { uid: string } };
  resources: { uid: string }[];
  status: string;
  finding_info: { uid: string };
};
type Asff = { Id: string; AwsAccountId: string; ProductArn: string; Workflow?: { Status: string } };
/** A region part that could not be read, written after the findings (see core/unread.ts). */
const isUnread = (id: string) => id.startsWith("imds/unread/");

describe.skipIf(!onSimulator)("imds audit --org in the finding formats", () => {
  it("every format at once: each valid, each finding with its own account, exceptions marked", async () => {
    await withSimulator(steadyOrgScenario(), async ({ sim, run, dir }) => {
      writeConfig({ dir } as Workspace);
      const out = join(dir, "out");
      const r = await run([...orgAudit(sim), "--format", FORMATS, "--output-dir", out]);
      expect(r.code, r.stderr).toBe(3);
      const files = filesIn(out);
      expect(Object.keys(files).sort()).toEqual(
        ["asff.json", "csv", "html", "json", "junit.xml", "md", "ocsf.jsonl", "sarif", "txt"].sort(),
      );
      const report = JSON.parse(files.json ?? "") as OrgAuditReport;
      const findings = report.resources.flatMap((res) =>
        res.findings.filter((f) => f.severity !== "pass").map(() => res.account),
      );
      const excepted = report.resources.flatMap((res) => (res.excepted ?? []).map(() => res.account));
      expect(findings.length).toBeGreaterThan(20);
      // The account's exception excepts only that account's findings; the expired one excepts none.
      expect(excepted.length).toBeGreaterThan(0);
      expect(new Set(excepted)).toEqual(new Set([M.app]));
      expect(report.exceptions?.map((e) => [e.status, e.excepted > 0])).toEqual([
        ["active", true],
        ["expired", false],
      ]);

      const sarif = JSON.parse(files.sarif ?? "") as Sarif;
      expect(sarifProblems(sarif)).toEqual([]);
      expect(sarif.runs.map((run) => run.automationDetails.id)).toEqual(
        report.accounts.map((a) => `imds/audit/${a.id}/`).sort(),
      );
      const results = sarif.runs.flatMap((run) => run.results);
      expect(results).toHaveLength(findings.length + excepted.length);
      expect(results.filter((x) => x.suppressions)).toHaveLength(excepted.length);

      const events = (files["ocsf.jsonl"] ?? "")
        .trimEnd()
        .split("\n")
        .map((l) => JSON.parse(l) as Ocsf);
      expect(events.flatMap(ocsfProblems)).toEqual([]);
      const unreadEvents = events.filter((e) => isUnread(e.finding_info.uid));
      const findingEvents = events.filter((e) => !isUnread(e.finding_info.uid));
      expect(findingEvents.map((e) => e.cloud.account.uid).sort()).toEqual([...findings, ...excepted].sort());
      for (const e of events) expect(e.resources[0]?.uid).toContain(e.cloud.account.uid);
      // Each account entered with a region it could not read completely has those parts there too.
      const unread = report.accounts
        .filter((a) => a.errors.length === 0 && a.incompleteRegions.length > 0)
        .map((a) => a.id)
        .sort();
      expect(unread.length).toBeGreaterThan(0);
      expect([...new Set(unreadEvents.map((e) => e.cloud.account.uid))].sort()).toEqual(unread);
      expect(events.filter((e) => e.status === "Suppressed")).toHaveLength(excepted.length);

      const asff = JSON.parse(files["asff.json"] ?? "") as Asff[];
      expect(asffProblems(asff)).toBe("");
      expect(
        asff
          .filter((f) => !isUnread(f.Id))
          .map((f) => f.AwsAccountId)
          .sort(),
      ).toEqual([...findings, ...excepted].sort());
      expect([...new Set(asff.filter((f) => isUnread(f.Id)).map((f) => f.AwsAccountId))].sort()).toEqual(
        unread,
      );
      for (const f of asff)
        expect(f.ProductArn).toContain(`:${f.AwsAccountId}:product/${f.AwsAccountId}/default`);
      expect(asff.filter((f) => f.Workflow?.Status === "SUPPRESSED")).toHaveLength(excepted.length);

      const junit = files["junit.xml"] ?? "";
      expect(await junitProblems(junit)).toEqual([]);
      const suites = [...junit.matchAll(/<testsuite name="([^"]+)"/g)].map((m) => m[1]);
      expect(suites).toEqual(report.regions.map((x) => `${x.account}/${x.region}`));
      expect(junit).toContain("<skipped");

      const html = files.html ?? "";
      expect(html.indexOf("<h2>Organization (")).toBeGreaterThan(0);
      expect(html.indexOf("<h2>Organization (")).toBeLessThan(html.indexOf("<h2>Regions</h2>"));
      expect(html).toContain(report.verdict.line.replace(/&/g, "&amp;").slice(0, 40));
      expect(html).toContain("Excepted by the config file");

      // The expired exception is itself a failure (the run is incomplete first: exit 3).
      expect(report.exceptions?.[1]).toMatchObject({ where: "imds.config.yaml:6", severity: "fail" });
      expect(files.csv).toContain(`,exception,imds.config.yaml:6,`);
      expect(files.md).toContain("imds.config.yaml:6");
      expect(files.txt).toContain("imds.config.yaml:6");
    });
  });

  it("SARIF past 20 accounts: one file per 20 runs with --output-dir, the first 20 and a note on stdout", async () => {
    const scenario = {
      accountId: MGMT,
      regions: { "us-east-1": { instances: [{ httpTokens: "optional" }] } },
      generate: { accounts: 24, regions: 1, instancesPerRegion: 1, mix: [{ httpTokens: "optional" }] },
      controls: { appliedAfterMs: 0 },
    } as Scenario;
    await withSimulator(scenario, async ({ sim, run, dir }) => {
      const args = [
        "audit",
        "--endpoint-url",
        sim.url,
        "--regions",
        "us-east-1",
        "--org",
        "--format",
        "sarif",
      ];
      const split = await run([...args, "--output-dir", join(dir, "out")]);
      expect(split.code, split.stderr).toBe(1);
      expect(split.stderr).toMatch(/^imds: SARIF: 25 accounts in 2 files of at most 20 runs/m);
      const files = filesIn(join(dir, "out"));
      expect(Object.keys(files).sort()).toEqual(["2.sarif", "sarif"]);
      const runs = [files.sarif, files["2.sarif"]].map((text) => JSON.parse(text ?? "") as Sarif);
      for (const log of runs) expect(sarifProblems(log)).toEqual([]);
      expect(runs.map((log) => log.runs.length)).toEqual([20, 5]);
      const ids = runs.flatMap((log) => log.runs.map((x) => x.automationDetails.id));
      expect(new Set(ids).size).toBe(25);

      const one = await run(args);
      expect(one.code).toBe(1);
      expect((JSON.parse(one.stdout) as Sarif).runs).toHaveLength(20);
      expect(one.stderr).toMatch(
        /^imds: SARIF: 5 accounts left out \(GitHub takes 20 runs per file\): use --output-dir/m,
      );
    });
  });

  it("--to-security-hub: each member's findings in its own Security Hub, through its role", async () => {
    await withSimulator(steadyOrgScenario(), async ({ sim, run }) => {
      const r = await run([...orgAudit(sim), "--to-security-hub", "--format", "json"]);
      expect(r.code, r.stderr).toBe(3);
      const report = JSON.parse(r.stdout) as OrgAuditReport;
      for (const account of [M.app, M.data, M.dev, MGMT]) {
        const failing = report.resources.filter(
          (x) => x.account === account && x.region === "us-east-1" && x.severity !== "pass",
        );
        const stored = sim.securityHub.list(account, "us-east-1") as unknown as { AwsAccountId: string }[];
        expect(stored.length, account).toBeGreaterThanOrEqual(failing.length);
        expect(new Set(stored.map((f) => f.AwsAccountId))).toEqual(new Set(stored.length ? [account] : []));
        expect(r.stderr).toMatch(
          new RegExp(`^imds: Security Hub ${account} us-east-1: \\d+ findings? imported`, "m"),
        );
      }
      // The SCP-denied region is not read, so nothing is imported there (and nothing resolved).
      expect(sim.securityHub.list(M.scp, "sa-east-1")).toEqual([]);
      expect(r.stderr).toMatch(
        new RegExp(`^imds: Security Hub ${M.scp} sa-east-1: nothing sent: the region could not be read`, "m"),
      );
      // Each import was made by the account itself (its assumed role), never by the caller for it.
      expect(sim.log.count({ account: M.app, action: "BatchImportFindings" })).toBeGreaterThan(0);
      expect(sim.log.count({ action: "BatchImportFindings", code: "AccessDeniedException" })).toBe(0);
    });
  });
});
