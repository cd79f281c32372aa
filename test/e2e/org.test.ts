// A whole AWS Organization end to end: the built CLI, the real SDK, the simulator's organization
// over HTTP. Every account that cannot be entered or read fails on its own row (exit 3) while every
// other account is read completely; enforce then rollback restores every account exactly; shards
// merged equal one run; no credential is ever printed.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ChangeReport } from "../../src/core/change-report.js";
import type { OrgAuditReport } from "../../src/core/org-types.js";
import { readJournal } from "../../src/journal/journal.js";
import { iamActions } from "../../src/policy/iam.js";
import type { Simulator } from "../../src/sim/index.js";
import { simCases } from "./cases.js";
import { onSimulator, parseReport, type Run, withSimulator } from "./harness.js";
import {
  M,
  MGMT,
  OU_PROD,
  orgScenario,
  REGION_ARGS,
  REGIONS,
  readAccount,
  steadyOrgScenario,
} from "./org-scenario.js";

const org = (r: Run) => parseReport<OrgAuditReport>(r);
const audit = (sim: Simulator, ...args: string[]) => [
  "audit",
  "--endpoint-url",
  sim.url,
  ...REGION_ARGS,
  ...args,
];

/** What the simulator holds for an account's instances in scope, counted independently of imds. */
function simCounts(sim: Simulator, account: string) {
  const state = sim.accounts.get(account)?.state;
  const inScope = REGIONS.flatMap((r) => state?.region(r)?.instances ?? []).filter((i) =>
    ["pending", "running", "stopping", "stopped"].includes(i.state),
  );
  return {
    instances: inScope.length,
    v1Allowed: inScope.filter((i) => i.httpEndpoint === "enabled" && i.httpTokens === "optional").length,
  };
}

describe.skipIf(!onSimulator)("imds audit --org against the simulator's organization", () => {
  simCases("org", [
    {
      title:
        "An organization: a denied role, a missing role, an SCP-denied region, an account closed mid-run",
      scenario: orgScenario(),
      args: ({ sim }) => audit(sim, "--org", "--max-rows", "6"),
      check(r) {
        expect(r.code, r.stderr).toBe(3);
        expect(r.stdout).toMatch(/222222222203 +security-tooling +\? .*INCOMPLETE \(assume-role-denied\)/);
        expect(r.stdout).toMatch(/222222222205 +sandbox +2\/3 .*INCOMPLETE \(scp-denied\)/);
        expect(r.stdout).toMatch(/222222222206 +closing +0\/3 .*INCOMPLETE \(account-suspended\)/);
        expect(r.stdout).toContain("222222222207 (closed): left out: SUSPENDED in Organizations");
        expect(r.stdout).toMatch(/^INCOMPLETE: 4 accounts of 8 could not be read completely/m);
      },
    },
    {
      title: "--ou: the accounts under an OU, its child OUs included",
      scenario: orgScenario(),
      args: ({ sim }) => audit(sim, "--ou", OU_PROD),
      check(r) {
        expect(r.code, r.stderr).toBe(3);
        const summary = r.stdout.slice(0, r.stdout.indexOf("Total ("));
        const rows = summary.match(/^\d{12}/gm) ?? [];
        expect(rows.sort()).toEqual([M.app, M.data, M.denied]);
      },
    },
  ]);

  it("JSON: every other account read completely, counts equal to what the simulator holds", async () => {
    await withSimulator(orgScenario(), async ({ sim, run }) => {
      const r = await run(audit(sim, "--org", "--format", "json"));
      expect(r.code, r.stderr).toBe(3);
      const report = org(r);
      const rows = new Map(report.accounts.map((a) => [a.id, a]));
      expect([...rows.keys()].sort()).toEqual([
        MGMT,
        M.app,
        M.data,
        M.denied,
        M.invited,
        M.scp,
        M.closing,
        M.dev,
      ]);
      for (const id of [MGMT, M.app, M.data, M.dev]) {
        expect(rows.get(id), id).toMatchObject({ complete: true, regions: { read: 3, total: 3 } });
        expect(rows.get(id)?.counts, id).toMatchObject(simCounts(sim, id));
      }
      expect(rows.get(M.denied)?.errors[0]).toMatchObject({
        kind: "assume-role-denied",
        code: "AccessDenied",
      });
      expect(rows.get(M.invited)?.errors[0]?.hint).toMatch(/joined by invitation/);
      expect(rows.get(M.scp)).toMatchObject({
        failureKinds: ["scp-denied"],
        incompleteRegions: ["sa-east-1"],
      });
      expect(rows.get(M.closing)?.failureKinds).toEqual(["account-suspended"]);
      expect(report.skipped).toEqual([
        { id: M.closed, name: "closed", reason: "SUSPENDED in Organizations" },
      ]);
      expect(report.resources.every((x) => rows.get(x.account)?.id === x.account)).toBe(true);
      // One sts:AssumeRole per member account entered, none for the caller's own.
      expect(sim.log.count({ action: "AssumeRole" })).toBe(rows.size - 1);
    });
  });

  it("--scp-denied-as-excluded: the SCP-denied region is excluded, not incomplete", async () => {
    await withSimulator(steadyOrgScenario(), async ({ sim, run }) => {
      const report = org(await run(audit(sim, "--org", "--scp-denied-as-excluded", "--format", "json")));
      const scp = report.accounts.find((a) => a.id === M.scp);
      expect(scp).toMatchObject({ complete: true, excludedRegions: [{ region: "sa-east-1" }] });
      expect(
        report.accounts
          .filter((a) => !a.complete)
          .map((a) => a.id)
          .sort(),
      ).toEqual([M.denied, M.invited]);
    });
  });

  it("the caller calls the org column's actions and each member role the audit column's, no more", async () => {
    await withSimulator(steadyOrgScenario(), async ({ sim, run }) => {
      const r = await run(audit(sim, "--org", "--exclude-accounts", `${M.denied},${M.invited},${M.scp}`));
      expect(r.code, r.stderr).toBe(1);
      const served = (account: string) => {
        const prefix: Record<string, string> = { ec2: "ec2", sts: "sts", organizations: "organizations" };
        const log = sim.log.snapshot().recent.filter((e) => e.account === account);
        return [...new Set(log.map((e) => `${prefix[e.service] ?? e.service}:${e.action}`))].sort();
      };
      // --org lists with ListAccounts; ListChildren and ListAccountsForParent are --ou's. No region
      // here has a launch template, so no template versions are read (launch.test.ts reads them).
      const notHere = [
        "organizations:ListChildren",
        "organizations:ListAccountsForParent",
        "ec2:DescribeLaunchTemplateVersions",
      ];
      expect(served(MGMT)).toEqual(
        [...new Set(iamActions(["org", "audit"]))].filter((a) => !notHere.includes(a)).sort(),
      );
      expect(served(M.app)).toEqual(
        iamActions(["audit"])
          .filter((a) => a !== "sts:GetCallerIdentity" && !notHere.includes(a))
          .sort(),
      );
    });
  });

  it("never prints a credential: every key, secret and token the simulator issued is absent from the output", async () => {
    await withSimulator(steadyOrgScenario(), async ({ sim, run, file }) => {
      const runs = [
        await run(audit(sim, "--org", "--verbose", "--format", "json")),
        await run(audit(sim, "--org", "--verbose", "--format", "csv")),
        await run([
          "enforce",
          "--endpoint-url",
          sim.url,
          ...REGION_ARGS,
          "--org",
          "--verbose",
          "--yes",
          "--journal",
          file("j.jsonl"),
        ]),
      ];
      const issued = sim.accounts.credentials.all();
      expect(issued.length).toBeGreaterThan(0);
      const printed = runs.map((r) => r.stdout + r.stderr).join("\n") + readFileSync(file("j.jsonl"), "utf8");
      for (const s of issued) {
        for (const secret of [s.accessKeyId, s.secretAccessKey, s.sessionToken])
          expect(printed).not.toContain(secret);
      }
      expect(printed).not.toContain("e2e-secret-not-real");
    });
  });
});

describe.skipIf(!onSimulator)("imds enforce --org, then rollback", () => {
  it("changes every account it can enter, journals each change with its account, and rollback restores them exactly", async () => {
    await withSimulator(steadyOrgScenario(), async ({ sim, run, file }) => {
      const accounts = [MGMT, M.app, M.data, M.scp, M.dev];
      // The SCP denies the oracle sa-east-1 in that account too.
      const regionsOf = (a: string) => (a === M.scp ? REGIONS.filter((r) => r !== "sa-east-1") : REGIONS);
      const read = (a: string) => readAccount(sim.url, a, regionsOf(a));
      const before = Object.fromEntries(
        await Promise.all(accounts.map(async (a) => [a, await read(a)] as const)),
      );
      const journal = file("org.jsonl");
      const enforce = await run([
        "enforce",
        "--endpoint-url",
        sim.url,
        ...REGION_ARGS,
        "--org",
        "--instances",
        "--force",
        "--yes",
        "--wait",
        "5",
        "--journal",
        journal,
        "--format",
        "json",
      ]);
      // Two accounts cannot be entered and an SCP denies a region: incomplete, the rest applied.
      expect(enforce.code, enforce.stderr).toBe(3);
      const report = parseReport<ChangeReport>(enforce);
      expect(report.accountErrors?.map((e) => e.account).sort()).toEqual([M.denied, M.invited]);
      expect(report.changes.filter((c) => c.outcome !== "applied")).toEqual([]);
      expect(new Set(report.changes.map((c) => c.account))).toEqual(new Set(accounts));
      const { header, entries } = readJournal(journal);
      expect(header).toMatchObject({
        account: MGMT,
        role: "arn:aws:iam::{account}:role/OrganizationAccountAccessRole",
      });
      expect(entries.every((e) => e.account !== undefined)).toBe(true);
      expect(await read(M.app)).not.toEqual(before[M.app]);

      // --accounts narrows a rollback to one account; then the rest.
      const one = await run([
        "rollback",
        journal,
        "--endpoint-url",
        sim.url,
        "--accounts",
        M.app,
        "--yes",
        "--wait",
        "5",
        "--journal",
        file("undo-app.jsonl"),
      ]);
      expect(one.code, one.stderr).toBe(0);
      expect(await read(M.app)).toEqual(before[M.app]);
      expect(await read(M.dev)).not.toEqual(before[M.dev]);
      const rest = await run([
        "rollback",
        journal,
        "--endpoint-url",
        sim.url,
        "--yes",
        "--wait",
        "5",
        "--journal",
        file("undo.jsonl"),
      ]);
      expect(rest.code, rest.stderr).toBe(0);
      for (const a of accounts) expect(await read(a), a).toEqual(before[a]);
    });
  });
});

describe.skipIf(!onSimulator)("--shard I/N and imds report merge", () => {
  it("three shard processes, merged, equal the single run byte for byte apart from times, exit code included", async () => {
    const single = await withSimulator(steadyOrgScenario(), async ({ sim, run }) => {
      const json = await run(audit(sim, "--org", "--format", "json"));
      const table = await run(audit(sim, "--org", "--format", "table", "--no-color"));
      return { json, table };
    });
    const merged = await withSimulator(steadyOrgScenario(), async ({ sim, run, file }) => {
      const shards = await Promise.all(
        [1, 2, 3].map((i) =>
          run(audit(sim, "--org", "--shard", `${i}/3`, "--format", "json", "--output", file(`s${i}.json`))),
        ),
      );
      for (const s of shards) expect([1, 3], s.stderr).toContain(s.code);
      const files = [1, 2, 3].map((i) => file(`s${i}.json`));
      expect(
        files.map((f) => JSON.parse(readFileSync(f, "utf8")).accounts.length).every((n: number) => n > 0),
      ).toBe(true);
      const json = await run(["report", "merge", ...[...files].reverse(), "--format", "json"]);
      const table = await run(["report", "merge", ...files, "--format", "table", "--no-color"]);
      const overlap = await run(["report", "merge", files[0] ?? "", files[0] ?? ""]);
      expect(overlap).toMatchObject({ code: 2, stdout: "" });
      expect(overlap.stderr).toMatch(/are both shard \d\/3: they overlap/);
      return { json, table };
    });
    // Apart from times, and the port of each run's own simulator.
    const untimed = (text: string) =>
      text
        .replace(/"(generatedAt|durationMs)": [^,\n]+/g, "")
        .replace(/\d{4}-\d\d-\d\d \d\d:\d\d UTC/g, "T")
        .replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:PORT");
    expect(merged.json.code).toBe(single.json.code);
    expect(untimed(merged.json.stdout)).toBe(untimed(single.json.stdout));
    expect(merged.table.code).toBe(single.table.code);
    expect(untimed(merged.table.stdout)).toBe(untimed(single.table.stdout));
  });
});
