// imds report merge: shards of one split joined equal one run over every account; overlapping or
// mismatched shards refused; a missing shard makes the report incomplete.
import { describe, expect, it } from "vitest";
import type { AccountRef } from "../../src/core/accounts.js";
import { mergeShards, type ShardReport } from "../../src/core/org-merge.js";
import { inShard, type Shard } from "../../src/core/shard.js";
import { Spool } from "../../src/io/spool.js";
import { joined, renderOrgAudit } from "../../src/render/index.js";
import { denied, fullReport, meta, orgRun, read, scan } from "./org-fixtures.js";

const ACCOUNTS: AccountRef[] = Array.from({ length: 12 }, (_, i) => ({
  id: String(210000000000 + i * 1013),
  name: `account-${i}`,
}));

/** Each account's result depends on the account alone, whichever shard reads it. */
function results(accounts: readonly AccountRef[]) {
  return accounts.map((ref) => {
    const i = ACCOUNTS.indexOf(ref);
    return i % 5 === 3 ? denied(ref) : read(ref, [scan("eu-west-1", i % 2 ? "required" : "optional", i % 3)]);
  });
}

/** The JSON report of one shard, as a file would hold it. */
function shardReport(shard: Shard, name = `shard-${shard.index}.json`): ShardReport {
  const mine = ACCOUNTS.filter((a) => inShard(a.id, shard));
  const { view } = orgRun(
    results(mine),
    meta({
      selection: { ...meta().selection, shard },
      generatedAt: new Date(Date.UTC(2026, 10, 22, 10, shard.index)),
    }),
  );
  return { name, report: JSON.parse(JSON.stringify(fullReport(view))) };
}

const whole = () => orgRun(results(ACCOUNTS)).view;
const opts = { color: false, width: 120, maxRows: 5, detail: true };
const untimed = (text: string) => text.replace(/"(generatedAt|durationMs)": [^,\n]+/g, "");

describe("imds report merge", () => {
  const shards = [3, 1, 2].map((index) => shardReport({ index, count: 3 }));

  it("every shard holds some of the accounts (the fixture exercises a real split)", () => {
    expect(shards.map((s) => s.report.accounts.length).every((n) => n > 0)).toBe(true);
  });

  it.each(["json", "table", "csv", "markdown"] as const)(
    "%s: the merged report is the single run's, apart from times",
    (format) => {
      const merged = joined(renderOrgAudit(format, mergeShards(shards), opts));
      const single = joined(renderOrgAudit(format, whole(), opts));
      expect(untimed(merged).replace(/\d{4}-\d\d-\d\d \d\d:\d\d UTC/g, "T")).toBe(
        untimed(single).replace(/\d{4}-\d\d-\d\d \d\d:\d\d UTC/g, "T"),
      );
    },
  );

  it("keeps the earliest start, drops the shard from the selection", () => {
    const { head } = mergeShards(shards);
    expect(head.generatedAt).toBe("2026-11-22T10:01:00.000Z");
    expect(head.selection.shard).toBeUndefined();
  });

  it("a missing shard makes it incomplete (exit 3), naming the shard to run again", () => {
    const { head } = mergeShards(shards.slice(0, 2));
    expect(head.complete).toBe(false);
    expect(head.errors).toEqual([
      expect.objectContaining({ code: "MissingShard", message: "no report of shard 2/3 was given" }),
    ]);
  });

  it.each([
    [
      "the same shard twice",
      () => [shardReport({ index: 1, count: 3 }, "a.json"), shardReport({ index: 1, count: 3 }, "b.json")],
      /b\.json and a\.json are both shard 1\/3/,
    ],
    [
      "shards of different splits",
      () => [shardReport({ index: 1, count: 3 }), shardReport({ index: 2, count: 4 })],
      /is a shard of 4, shard-1\.json of 3/,
    ],
    [
      "a whole run",
      () => [{ name: "all.json", report: JSON.parse(JSON.stringify(fullReport(whole()))) }],
      /all\.json is not a shard's report/,
    ],
    [
      "other options",
      () => {
        const b = shardReport({ index: 2, count: 3 });
        b.report.options.maxHopLimit = 3;
        return [shardReport({ index: 1, count: 3 }), b];
      },
      /not shards of the same run: their options differ/,
    ],
    [
      "an account in the wrong shard",
      () => {
        const a = shardReport({ index: 1, count: 3 });
        const b = shardReport({ index: 2, count: 3 });
        const moved = b.report.accounts[0];
        if (moved) a.report.accounts.push(moved);
        return [a, b];
      },
      /does not belong to shard 1\/3|in both/,
    ],
  ])("refuses %s", (_what, make, message) => {
    expect(() => mergeShards(make())).toThrow(message);
  });
});

describe("the spool", () => {
  it("gives back each block by key, in any order, and removes its file on close", () => {
    const spool = new Spool<{ n: number; text: string }>();
    spool.put("b", { n: 2, text: "ünïcode ✓" });
    spool.put("a", { n: 1, text: "x".repeat(100_000) });
    expect(spool.get("b")).toEqual({ n: 2, text: "ünïcode ✓" });
    expect(spool.get("a")?.text).toHaveLength(100_000);
    expect(spool.get("c")).toBeUndefined();
    expect(() => spool.put("a", { n: 3, text: "" })).toThrow(/already holds a/);
    spool.close();
    expect(spool.get("a")).toBeUndefined();
  });
});
