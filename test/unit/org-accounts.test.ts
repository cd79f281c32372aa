// Which accounts an organization run covers: lists by hand, the list-accounts JSON, exclusions, shards.
import { describe, expect, it } from "vitest";
import { parseAccountsFile, selectAccounts } from "../../src/core/accounts.js";
import { inShard, shardOf } from "../../src/core/shard.js";

describe("--accounts-file", () => {
  it("reads one id per line, with blank lines and # comments, each id once", () => {
    const text = "# prod\n111111111111\n\n222222222222  # data\r\n111111111111\n";
    expect(parseAccountsFile(text, "a.txt")).toEqual([{ id: "111111111111" }, { id: "222222222222" }]);
  });

  it("reads what aws organizations list-accounts prints, State before the retiring Status", () => {
    const json = JSON.stringify({
      Accounts: [
        { Id: "111111111111", Name: "mgmt", Status: "ACTIVE", State: "ACTIVE", JoinedMethod: "CREATED" },
        { Id: "222222222222", Name: "old", Status: "ACTIVE", State: "SUSPENDED", JoinedMethod: "INVITED" },
      ],
    });
    expect(parseAccountsFile(json, "org.json")).toEqual([
      { id: "111111111111", name: "mgmt", state: "ACTIVE", joinedMethod: "CREATED" },
      { id: "222222222222", name: "old", state: "SUSPENDED", joinedMethod: "INVITED" },
    ]);
  });

  it.each([
    ["12345\n", /line 1: "12345" is not a 12-digit AWS account id/],
    ["# nothing\n\n", /no account ids in it/],
    ['{"Accounts": [{"Id": "abc"}]}', /Accounts\[0\]: "abc" is not a 12-digit/],
    ['{"Users": []}', /without an "Accounts" list/],
    ["{not json", /not valid JSON/],
  ])("refuses %j in one line", (text, message) => {
    expect(() => parseAccountsFile(text, "f")).toThrow(message);
  });
});

describe("selecting the accounts", () => {
  const listed = [
    { id: "333333333333", name: "c", state: "ACTIVE" },
    { id: "111111111111", name: "a", state: "ACTIVE" },
    { id: "222222222222", name: "b", state: "SUSPENDED" },
    { id: "444444444444" },
  ];

  it("keeps ACTIVE (or unknown) accounts sorted by id; the rest are left out with why, never dropped", () => {
    const s = selectAccounts(listed, ["333333333333"]);
    expect(s.accounts.map((a) => a.id)).toEqual(["111111111111", "444444444444"]);
    expect(s.skipped).toEqual([
      { id: "222222222222", name: "b", reason: "SUSPENDED in Organizations" },
      { id: "333333333333", name: "c", reason: "excluded by --exclude-accounts" },
    ]);
  });

  it("refuses to exclude an account that is not in scope (a typo must not pass as excluded)", () => {
    expect(() => selectAccounts(listed, ["999999999999"])).toThrow(
      /--exclude-accounts: not among .*999999999999/,
    );
  });
});

describe("--shard I/N", () => {
  const ids = Array.from({ length: 400 }, (_, i) => String(100000000000 + i * 7919));

  it("puts every account in exactly one shard, whatever the order it was listed in", () => {
    for (const count of [1, 2, 3, 7]) {
      const covered = Array.from({ length: count }, (_, i) =>
        ids.filter((id) => inShard(id, { index: i + 1, count })),
      );
      expect(covered.flat().sort()).toEqual([...ids].sort());
      expect([...ids].reverse().filter((id) => inShard(id, { index: 1, count }))).toEqual(
        [...(covered[0] ?? [])].reverse(),
      );
    }
  });

  it("depends on the id alone, and is stable (the same split on every machine and run)", () => {
    // Pinned: a change to the hash would move accounts between shards of runs already under way.
    expect(
      ["111111111111", "222222222222", "123456789012"].map((id) => shardOf(id, 4)),
    ).toMatchInlineSnapshot(`
      [
        2,
        2,
        4,
      ]
    `);
  });

  it("spreads accounts evenly enough (each of 4 shards within 25% of a quarter)", () => {
    const sizes = [1, 2, 3, 4].map((index) => ids.filter((id) => inShard(id, { index, count: 4 })).length);
    for (const n of sizes) expect(Math.abs(n - 100)).toBeLessThan(25);
  });
});
