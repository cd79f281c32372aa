// Writes are paced per account and region, as AWS's buckets are: two accounts changing the same
// region each get their own ModifyInstanceMetadataDefaults bucket (burst 2), under the one limiter
// their clients share. Counted on the simulator's request log, on a clock the test moves.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createOrgClients } from "../../src/aws/clients.js";
import { type Clock, Pacers, WRITE_BUCKETS } from "../../src/aws/pacer.js";
import type { Change } from "../../src/core/changes.js";
import type { Settings } from "../../src/core/rules.js";
import { applyChanges } from "../../src/engine/apply.js";
import { Interrupt } from "../../src/io/interrupt.js";
import { JournalWriter, readJournal } from "../../src/journal/journal.js";
import { type Simulator, startSimulator } from "../../src/sim/index.js";
import { journalHeader } from "../unit/fixtures.js";
import { FAKE_CREDENTIALS } from "./clients.js";
import { A, MGMT, orgScenario } from "./org-fixtures.js";

process.env.AWS_ACCESS_KEY_ID = FAKE_CREDENTIALS.accessKeyId;
process.env.AWS_SECRET_ACCESS_KEY = FAKE_CREDENTIALS.secretAccessKey;

/** A clock that moves only when the test says so. */
class ManualClock implements Clock {
  private t = 0;
  private timers: { at: number; resolve: () => void }[] = [];
  now(): number {
    return this.t;
  }
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.timers.push({ at: this.t + ms, resolve }));
  }
  advance(ms: number): void {
    this.t += ms;
    const due = this.timers.filter((x) => x.at <= this.t);
    this.timers = this.timers.filter((x) => x.at > this.t);
    for (const x of due) x.resolve();
  }
}

let sim: Simulator;
let dir: string;
beforeAll(async () => {
  sim = await startSimulator({ scenario: orgScenario(0) });
  // The simulator's own buckets stay out of it: the test moves imds's clock, not real time.
  sim.controls.update({ throttle: { enabled: false } });
  dir = mkdtempSync(join(tmpdir(), "imds-pacing-"));
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

const REGION = "eu-west-1";
/** Three changes of the region's defaults, each to a field of its own (each re-read finds it as planned). */
const threeDefaults = (account: string): Change[] =>
  ([{ httpTokens: "required" }, { hopLimit: 2 }, { httpTokensEnforced: "enabled" }] as Settings[]).map(
    (requested) => ({
      account,
      region: REGION,
      kind: "account-default",
      id: "account-default",
      before: {},
      requested,
    }),
  );

const modifyCalls = (account: string) =>
  sim.log.count({ account, region: REGION, action: "ModifyInstanceMetadataDefaults" });

describe("write pacing across accounts", () => {
  it("each account-region has its own 2/2 bucket: both accounts' bursts go at once", async () => {
    const org = await createOrgClients({ endpoint: sim.url, region: "us-east-1", concurrency: 8 });
    const member = org.withRole({
      arnTemplate: "arn:aws:iam::{account}:role/OrganizationAccountAccessRole",
      sessionName: "imds-test",
    });
    const clock = new ManualClock();
    const pacers = new Pacers(WRITE_BUCKETS, clock);
    const path = join(dir, "pacing.jsonl");
    const journal = JournalWriter.create(path, journalHeader);
    const ctx = { journal, pacers, interrupt: new Interrupt(), perRegion: 10, batchSize: 10 };
    sim.log.reset();
    const runs = Promise.all([
      applyChanges(threeDefaults(MGMT), { ...ctx, clients: org.callerIn(MGMT) }),
      applyChanges(threeDefaults(A.ok), { ...ctx, clients: member.member(A.ok) }),
    ]);
    // Before the clock moves, each account spends its own burst of 2; a region-wide bucket would
    // have let only 2 calls through in all.
    await vi.waitFor(() => expect([modifyCalls(MGMT), modifyCalls(A.ok)]).toEqual([2, 2]), {
      timeout: 10_000,
    });
    const key = (account: string) => `${account}/${REGION}`;
    expect(pacers.for(key(MGMT), "ModifyInstanceMetadataDefaults").etaSeconds(1)).toBeGreaterThan(0);
    expect(pacers.for(key(A.ok), "ModifyInstanceMetadataDefaults").etaSeconds(1)).toBeGreaterThan(0);
    // Half a second refills one token in each account's bucket: each account's third call goes.
    clock.advance(500);
    const results = (await runs).flatMap((r) => r.results);
    journal.close();
    expect([modifyCalls(MGMT), modifyCalls(A.ok)]).toEqual([3, 3]);
    expect(results.map((r) => r.outcome)).toEqual(Array(6).fill("applied"));
    // Every change's intent and outcome reached the journal (group commits, then the close).
    const { entries } = readJournal(path);
    expect(entries.map((e) => [e.account, e.outcome])).toEqual([
      ...entries.map((e) => [e.account, "applied"]),
    ]);
    expect(entries.filter((e) => e.account === MGMT)).toHaveLength(3);
    expect(entries.filter((e) => e.account === A.ok)).toHaveLength(3);
  });
});
