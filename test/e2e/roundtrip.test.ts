// A round trip that needs nothing but the CLI itself as its oracle, so it also runs against any
// EC2-compatible endpoint (IMDS_E2E_ENDPOINT: LocalStack, moto): audit, enforce the defaults,
// audit again, roll back, audit again. On the simulator it runs against the demo account.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { AuditReport } from "../../src/core/types.js";
import { startSimulator } from "../../src/sim/index.js";
import { EXTERNAL_ENDPOINT, imds, parseReport } from "./harness.js";

const dir = mkdtempSync(join(tmpdir(), "imds-e2e-roundtrip-"));
const sim = EXTERNAL_ENDPOINT
  ? undefined
  : await startSimulator({ scenario: "demo", controls: { appliedAfterMs: 100 } });
const endpoint = EXTERNAL_ENDPOINT ?? sim?.url ?? "";
afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function defaultsByRegion(): Promise<Record<string, AuditReport["regions"][number]["defaults"]>> {
  const run = await imds(["audit", "--endpoint-url", endpoint, "--format", "json", "--states", "running"]);
  expect([0, 1], run.stderr).toContain(run.code);
  const report = parseReport<AuditReport>(run);
  expect(report.complete).toBe(true);
  return Object.fromEntries(report.regions.map((r) => [r.region, r.defaults]));
}

describe("enforce then rollback, judged by imds audit alone", () => {
  it("enforce requires IMDSv2 by default where the account may; rollback puts every default back", async () => {
    const before = await defaultsByRegion();
    const journal = join(dir, "enforce.jsonl");
    const enforce = await imds(["enforce", "--endpoint-url", endpoint, "--journal", journal, "-q"]);
    expect(enforce.code, enforce.stderr).toBe(0);

    const enforced = await defaultsByRegion();
    expect(Object.keys(enforced).length).toBeGreaterThan(0);
    for (const [region, d] of Object.entries(enforced)) {
      const locked = d?.managedBy !== undefined && d.managedBy !== "account";
      if (locked) expect(d).toEqual(before[region]);
      else expect(d?.httpTokens, region).toBe("required");
    }

    // The demo account has regions to fix: there, enforce must have journaled changes.
    if (sim) expect(existsSync(journal)).toBe(true);
    if (!existsSync(journal)) {
      // Nothing needed changing (a compliant account): no journal, and nothing did change.
      expect(enforced).toEqual(before);
      return;
    }
    const rollback = await imds([
      "rollback",
      journal,
      "--endpoint-url",
      endpoint,
      "--yes",
      "--journal",
      join(dir, "rollback.jsonl"),
      "-q",
    ]);
    expect(rollback.code, rollback.stderr).toBe(0);
    expect(await defaultsByRegion()).toEqual(before);
  });
});
