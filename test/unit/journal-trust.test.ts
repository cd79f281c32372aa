// Issue 11, points 1 and 3: a journal torn by a crash or a full disk is used up to its tear; every
// record is validated (ranges, enums, id formats, kinds consistent with ids, only fields imds
// requests); a hash chain names an edited, moved or removed line.
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type JournalHeader, JournalWriter, readJournal } from "../../src/journal/journal.js";
import { chainOf } from "../../src/journal/records.js";

const header: JournalHeader = {
  type: "header",
  journalVersion: 2,
  tool: "imds",
  toolVersion: "0.1.0",
  command: "enforce",
  account: "123456789012",
  args: ["enforce", "--instances", "--yes"],
  startedAt: "2026-11-22T10:51:00.000Z",
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "imds-trust-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A journal of three instance changes, the last without an outcome; its path and lines. */
function written(): { path: string; lines: string[] } {
  const path = join(dir, "j.jsonl");
  const w = JournalWriter.create(path, header);
  for (const n of [1, 2, 3]) {
    const seq = w.intent({
      region: "eu-west-1",
      kind: "instance",
      id: `i-0000000${n}`,
      before: { httpTokens: "optional", hopLimit: 1 },
      requested: { httpTokens: "required" },
    });
    if (n < 3) w.outcome(seq, "applied");
  }
  w.close();
  return { path, lines: readFileSync(path, "utf8").trimEnd().split("\n") };
}

function rewrite(path: string, lines: string[]): void {
  writeFileSync(path, `${lines.join("\n")}\n`);
}

/** A line's record with `edit` applied and its chain recomputed from `previous`, as a forger would. */
function reforged(line: string, previous: string, edit: (r: Record<string, unknown>) => void): string {
  const r = JSON.parse(line) as Record<string, unknown>;
  edit(r);
  r.chain = chainOf(previous ? JSON.parse(previous).chain : "", r);
  return JSON.stringify(r);
}

describe("a torn last line (point 1)", () => {
  it("in the middle of an intent: every complete record before it is used, the tear is said", () => {
    const { path } = written();
    const size = readFileSync(path).length;
    truncateSync(path, size - 40); // a full disk cut the last intent (line 6) short
    const read = readJournal(path);
    expect(read.torn).toEqual({ line: 6, recovered: false });
    expect(read.entries.map((e) => [e.id, e.outcome])).toEqual([
      ["i-00000001", "applied"],
      ["i-00000002", "applied"],
    ]);
  });

  it("in the middle of an outcome: its intent stays uncertain (outcome unknown), to be checked live", () => {
    const { path, lines } = written();
    writeFileSync(path, `${lines.slice(0, 4).join("\n")}\n${lines[4]?.slice(0, 30)}`);
    const read = readJournal(path);
    expect(read.torn).toEqual({ line: 5, recovered: false });
    expect(read.entries.map((e) => [e.id, e.outcome])).toEqual([
      ["i-00000001", "applied"],
      ["i-00000002", "unknown"],
    ]);
  });

  it("a tear anywhere but the end is still refused, naming the line", () => {
    const { path, lines } = written();
    rewrite(path, [lines[0] ?? "", lines[1]?.slice(0, 20) ?? "", ...lines.slice(2)]);
    expect(() => readJournal(path)).toThrow(/line 2 is truncated or not JSON/);
  });
});

describe("the hash chain (point 3)", () => {
  it("names an edited line", () => {
    const { path, lines } = written();
    lines[3] = (lines[3] ?? "").replace('"hopLimit":1', '"hopLimit":2');
    rewrite(path, lines);
    expect(() => readJournal(path)).toThrow(/line 4 does not follow from the line before it/);
  });

  it("names a line edited and re-hashed: the next line no longer follows", () => {
    const { path, lines } = written();
    lines[3] = reforged(lines[3] ?? "", lines[2] ?? "", (r) => {
      (r.before as Record<string, unknown>).hopLimit = 2;
    });
    rewrite(path, lines);
    expect(() => readJournal(path)).toThrow(/line 5 does not follow/);
  });

  it("names lines moved or removed", () => {
    const moved = written();
    rewrite(moved.path, [
      moved.lines[0] ?? "",
      moved.lines[3] ?? "",
      moved.lines[4] ?? "",
      moved.lines[1] ?? "",
      moved.lines[2] ?? "",
      moved.lines[5] ?? "",
    ]);
    expect(() => readJournal(moved.path)).toThrow(/line 2 does not follow/);
    rmSync(moved.path);
    const removed = written();
    rewrite(removed.path, [removed.lines[0] ?? "", ...removed.lines.slice(3)]);
    expect(() => readJournal(removed.path)).toThrow(/line 2 does not follow/);
  });

  it("a version 1 journal (no chain) is still read, and says it cannot be checked", () => {
    const v1 = { ...header, journalVersion: 1 };
    const intent = {
      type: "intent",
      seq: 1,
      at: "2026-11-22T10:51:01.000Z",
      region: "eu-west-1",
      kind: "instance",
      id: "i-00000001",
      before: { httpTokens: "optional" },
      requested: { httpTokens: "required" },
    };
    const path = join(dir, "v1.jsonl");
    rewrite(path, [JSON.stringify(v1), JSON.stringify(intent)]);
    expect(readJournal(path).unchained).toBe(true);
  });
});

describe("every record is validated (point 3)", () => {
  /** The journal with line `index` (0-based) replaced by `edit` of it, re-chained so only the schema can object. */
  function tampered(index: number, edit: (r: Record<string, unknown>) => void): string {
    const { path, lines } = written();
    lines[index] = reforged(lines[index] ?? "", lines[index - 1] ?? "", edit);
    // Re-chain the rest, so the chain alone would not notice.
    for (let i = index + 1; i < lines.length; i++)
      lines[i] = reforged(lines[i] ?? "", lines[i - 1] ?? "", () => {});
    rewrite(path, lines);
    return path;
  }
  const refusals: [string, number, (r: Record<string, unknown>) => void, RegExp][] = [
    [
      "a request imds never makes (httpEndpoint, which would turn IMDS off on rollback)",
      3,
      (r) => {
        r.requested = { httpTokens: "required", httpEndpoint: "disabled" };
      },
      /line 4 requests "httpEndpoint", which imds enforce never changes on an instance/,
    ],
    [
      "an instance relabelled as an account default",
      3,
      (r) => {
        r.kind = "account-default";
      },
      /line 4 is an account-default change whose id is "i-00000002"/,
    ],
    [
      "an instance id that is not one",
      1,
      (r) => (r.id = "web-server"),
      /line 2 is an instance change whose id "web-server"/,
    ],
    [
      "a hop limit out of range",
      1,
      (r) => (r.before = { hopLimit: 99 }),
      /line 2 has field "before" of the wrong type/,
    ],
    [
      "a value the API does not take",
      1,
      (r) => (r.requested = { httpTokens: "maybe" }),
      /line 2 has field "requested"/,
    ],
    ["a region that is not one", 1, (r) => (r.region = "mars-north-1x"), /line 2 has field "region"/],
    ["an account id that is not one", 0, (r) => (r.account = "me"), /line 1 has field "account"/],
  ];
  it.each(refusals)("refuses %s, naming the line", (_, index, edit, message) => {
    expect(() => readJournal(tampered(index, edit))).toThrow(message);
  });

  it("a 1 MB id is refused with a short message", () => {
    const path = tampered(1, (r) => (r.id = `i-${"a".repeat(1_000_000)}`));
    let message = "";
    try {
      readJournal(path);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/line 2 is an instance change whose id/);
    expect(message.length).toBeLessThan(300);
  });
});

describe("what an intent may request depends on the journal's command", () => {
  const change = {
    region: "eu-west-1",
    kind: "instance" as const,
    id: "i-00000001",
    before: { httpTokens: "optional", httpEndpoint: "enabled" },
    requested: { httpTokens: "optional", httpEndpoint: "enabled" },
  };
  it("enforce never asks for httpEndpoint; a rollback may put it back as it was recorded", () => {
    const enforce = JournalWriter.create(join(dir, "e.jsonl"), header);
    expect(() => enforce.intent(change)).toThrow(/requests "httpEndpoint", which imds enforce never changes/);
    enforce.close();
    const path = join(dir, "r.jsonl");
    const rollback = JournalWriter.create(path, { ...header, command: "rollback" });
    rollback.intent(change);
    rollback.close();
    expect(readJournal(path).entries.map((e) => e.requested)).toEqual([change.requested]);
  });
});

describe("an organization run's journal (account on each record, the role in the header)", () => {
  const ROLE = "arn:aws:iam::{account}:role/OrganizationAccountAccessRole";
  function orgWritten(): { path: string; lines: string[] } {
    const path = join(dir, "org.jsonl");
    const w = JournalWriter.create(path, { ...header, role: ROLE });
    for (const [n, account] of [
      [1, "222222222222"],
      [2, "333333333333"],
    ] as const) {
      const seq = w.intent({
        account,
        region: "eu-west-1",
        kind: "instance",
        id: `i-0000000${n}`,
        before: { httpTokens: "optional", hopLimit: 1 },
        requested: { httpTokens: "required" },
      });
      w.outcome(seq, "applied");
    }
    w.close();
    return { path, lines: readFileSync(path, "utf8").trimEnd().split("\n") };
  }

  it("is read whole: the role recorded, each entry with its account, the chain checked", () => {
    const { path } = orgWritten();
    const read = readJournal(path);
    expect(read.header.role).toBe(ROLE);
    expect(read.unchained).toBe(false);
    expect(read.entries.map((e) => [e.account, e.id, e.outcome])).toEqual([
      ["222222222222", "i-00000001", "applied"],
      ["333333333333", "i-00000002", "applied"],
    ]);
  });

  it("an intent moved to another account, or a header given another role, breaks the chain", () => {
    const moved = orgWritten();
    moved.lines[3] = (moved.lines[3] ?? "").replace("333333333333", "444444444444");
    rewrite(moved.path, moved.lines);
    expect(() => readJournal(moved.path)).toThrow(/line 4 does not follow from the line before it/);
    rmSync(moved.path);
    const role = orgWritten();
    role.lines[0] = (role.lines[0] ?? "").replace("OrganizationAccountAccessRole", "Admin");
    rewrite(role.path, role.lines);
    expect(() => readJournal(role.path)).toThrow(/line 1 does not follow|line 2 does not follow/);
  });

  it("an account that is not 12 digits is refused, naming the line", () => {
    const { path, lines } = orgWritten();
    lines[1] = reforged(lines[1] ?? "", lines[0] ?? "", (r) => {
      r.account = "2222";
    });
    rewrite(path, lines);
    expect(() => readJournal(path)).toThrow(/line 2 has field "account" of the wrong type/);
  });

  it("a torn last line is still accepted in an organization journal", () => {
    const { path, lines } = orgWritten();
    writeFileSync(path, `${lines.slice(0, 4).join("\n")}\n${lines[4]?.slice(0, 25)}`);
    const read = readJournal(path);
    expect(read.torn).toEqual({ line: 5, recovered: false });
    expect(read.entries.map((e) => [e.account, e.outcome])).toEqual([
      ["222222222222", "applied"],
      ["333333333333", "unknown"],
    ]);
  });
});
