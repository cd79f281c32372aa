import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultJournalName, JournalError, JournalWriter, readJournal } from "../../src/journal/journal.js";
import { journalHeader } from "./fixtures.js";

const header = journalHeader;

const at = "2026-11-22T10:51:01.000Z";
const intent = (seq: number, extra: Record<string, unknown> = {}) => ({
  type: "intent",
  seq,
  at,
  region: "us-east-1",
  kind: "instance",
  id: `i-${String(seq).padStart(8, "0")}`,
  before: { httpTokens: "optional", hopLimit: 1 },
  requested: { httpTokens: "required" },
  ...extra,
});
const outcome = (seq: number, extra: Record<string, unknown> = {}) => ({
  type: "outcome",
  seq,
  at,
  outcome: "applied",
  ...extra,
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "imds-journal-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("JournalWriter and readJournal", () => {
  it("round-trips a journal, merging each intent with its outcome", () => {
    const path = join(dir, "j.jsonl");
    const writer = JournalWriter.create(path, header);
    const defaults = writer.intent({
      region: "eu-west-1",
      kind: "account-default",
      id: "account-default",
      before: {},
      requested: { httpTokens: "required", hopLimit: 2 },
    });
    const first = writer.intent({
      region: "us-east-1",
      kind: "instance",
      id: "i-00000001",
      before: { httpTokens: "optional", hopLimit: 1 },
      requested: { httpTokens: "required" },
    });
    writer.outcome(first, "failed", { code: "UnauthorizedOperation", message: "not allowed" });
    writer.outcome(defaults, "applied");
    const dying = writer.intent({
      region: "us-east-1",
      kind: "instance",
      id: "i-00000002",
      before: { httpTokens: "optional" },
      requested: { httpTokens: "required" },
    });
    writer.close();

    expect([defaults, first, dying]).toEqual([1, 2, 3]);
    const journal = readJournal(path);
    // Written as version 2, every record chained to the one before it.
    expect(journal.header).toEqual({
      ...header,
      journalVersion: 2,
      chain: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(journal.entries).toEqual([
      {
        seq: 1,
        at: ISO,
        region: "eu-west-1",
        kind: "account-default",
        id: "account-default",
        before: {},
        requested: { httpTokens: "required", hopLimit: 2 },
        outcome: "applied",
      },
      {
        seq: 2,
        at: ISO,
        region: "us-east-1",
        kind: "instance",
        id: "i-00000001",
        before: { httpTokens: "optional", hopLimit: 1 },
        requested: { httpTokens: "required" },
        outcome: "failed",
        error: { code: "UnauthorizedOperation", message: "not allowed" },
      },
      {
        seq: 3,
        at: ISO,
        region: "us-east-1",
        kind: "instance",
        id: "i-00000002",
        before: { httpTokens: "optional" },
        requested: { httpTokens: "required" },
        outcome: "unknown",
      },
    ]);
  });

  it("has each record on disk before the call returns, without close", () => {
    const path = join(dir, "j.jsonl");
    const writer = JournalWriter.create(path, header);
    writer.intent({
      region: "us-east-1",
      kind: "instance",
      id: "i-00000001",
      before: {},
      requested: { hopLimit: 2 },
    });
    expect(readJournal(path).entries.map((e) => e.outcome)).toEqual(["unknown"]);
    writer.outcome(1, "applied");
    expect(readJournal(path).entries.map((e) => e.outcome)).toEqual(["applied"]);
    writer.close();
  });

  it("writes one JSON object per line with ISO times", () => {
    const path = join(dir, "j.jsonl");
    const writer = JournalWriter.create(path, header, () => new Date(Date.UTC(2026, 10, 22, 10, 52)));
    writer.intent({
      region: "us-east-1",
      kind: "instance",
      id: "i-00000001",
      before: {},
      requested: { hopLimit: 2 },
    });
    writer.close();
    const lines = readFileSync(path, "utf8").split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe("");
    expect(JSON.parse(lines[1] ?? "")).toMatchObject({
      type: "intent",
      seq: 1,
      at: "2026-11-22T10:52:00.000Z",
    });
  });

  it("refuses to overwrite an existing file", () => {
    const path = join(dir, "j.jsonl");
    writeFileSync(path, "precious\n");
    expect(() => JournalWriter.create(path, header)).toThrow(
      new JournalError(`journal ${path} already exists: choose another --journal`),
    );
    expect(readFileSync(path, "utf8")).toBe("precious\n");
  });

  it("reports a directory that does not exist", () => {
    expect(() => JournalWriter.create(join(dir, "no", "j.jsonl"), header)).toThrow(/cannot create journal/);
  });

  it("keeps credentials in an endpoint URL out of the journal", () => {
    const path = join(dir, "j.jsonl");
    JournalWriter.create(path, { ...header, endpoint: "http://user:secret@127.0.0.1:4566/" }).close();
    expect(readFileSync(path, "utf8")).not.toContain("secret");
    expect(readJournal(path).header.endpoint).toBe("http://127.0.0.1:4566/");
  });

  it("refuses records that the reader would reject", () => {
    const writer = JournalWriter.create(join(dir, "j.jsonl"), header);
    expect(() => writer.outcome(1, "applied")).toThrow(/seq 1 has no open intent/);
    expect(() =>
      writer.intent({
        region: "us-east-1",
        kind: "instance",
        id: "i-00000001",
        before: {},
        requested: { hopLimit: Number.NaN },
      }),
    ).toThrow(/field "requested" of the wrong type/);
    expect(() =>
      writer.intent({ region: "us-east-1", kind: "instance", id: "i-00000001", before: {}, requested: {} }),
    ).toThrow(/requests nothing/);
    const seq = writer.intent({
      region: "us-east-1",
      kind: "instance",
      id: "i-00000001",
      before: {},
      requested: { hopLimit: 2 },
    });
    expect(seq).toBe(1);
    writer.outcome(seq, "applied");
    expect(() => writer.outcome(seq, "applied")).toThrow(JournalError);
    writer.close();
    expect(() =>
      writer.intent({ region: "r", kind: "instance", id: "i", before: {}, requested: {} }),
    ).toThrow(/is closed/);
  });

  it("does not add fields given beyond the record's own", () => {
    const path = join(dir, "j.jsonl");
    const writer = JournalWriter.create(path, {
      ...header,
      env: { AWS_SECRET_ACCESS_KEY: "x" },
    } as typeof header);
    const change = {
      region: "us-east-1",
      kind: "instance" as const,
      id: "i-00000001",
      before: {},
      requested: { hopLimit: 2 },
    };
    writer.intent({ ...change, credentials: "x" } as typeof change);
    writer.close();
    expect(readFileSync(path, "utf8")).not.toMatch(/SECRET|credentials/);
  });
});

describe("readJournal rejects a malformed journal, naming the line", () => {
  const lines = (...records: unknown[]) =>
    records.map((r) => (typeof r === "string" ? r : JSON.stringify(r)));
  const cases: [string, string, number | undefined, RegExp][] = [
    [
      "a line that is not JSON",
      `${lines(header, "not json", intent(1)).join("\n")}\n`,
      2,
      /line 2 is truncated/,
    ],
    ["a blank line", `${lines(header, "", intent(1)).join("\n")}\n`, 2, /line 2 is empty/],
    ["JSON that is not an object", `${lines(header, "[1]").join("\n")}\n`, 2, /line 2 is not a JSON object/],
    [
      "a missing field",
      `${lines(header, intent(1, { region: undefined })).join("\n")}\n`,
      2,
      /line 2 is missing field "region"/,
    ],
    [
      "a field of the wrong type",
      `${lines(header, intent(1), outcome(1), intent(2, { seq: "2" })).join("\n")}\n`,
      4,
      /line 4 has field "seq" of the wrong type: expected a positive integer, got "2"/,
    ],
    [
      "settings that are not strings or numbers",
      `${lines(header, intent(1, { before: { httpTokens: null } })).join("\n")}\n`,
      2,
      /line 2 has field "before" of the wrong type/,
    ],
    [
      "a kind that is not known",
      `${lines(header, intent(1, { kind: "launch-template" })).join("\n")}\n`,
      2,
      /field "kind" of the wrong type: expected "account-default" or "instance"/,
    ],
    [
      "a timestamp that is not one",
      `${lines(header, outcome(1, { at: "yesterday" })).join("\n")}\n`,
      2,
      /field "at" of the wrong type/,
    ],
    [
      "an error of the wrong shape",
      `${lines(header, intent(1), outcome(1, { outcome: "failed", error: "boom" })).join("\n")}\n`,
      3,
      /field "error" of the wrong type/,
    ],
    [
      "an applied outcome with an error",
      `${lines(header, intent(1), outcome(1, { error: { code: "X", message: "y" } })).join("\n")}\n`,
      3,
      /line 3 is an applied outcome with an error/,
    ],
    [
      "an unknown field",
      `${lines(header, intent(1, { note: "hi" })).join("\n")}\n`,
      2,
      /unknown field "note"/,
    ],
    [
      "an unknown record type",
      `${lines(header, intent(1), { type: "note", seq: 2 }).join("\n")}\n`,
      3,
      /line 3 has unknown record type "note"/,
    ],
    ["a record without a type", `${lines(header, { seq: 1 }).join("\n")}\n`, 2, /line 2 has no record type/],
    [
      "an outcome for an unknown seq",
      `${lines(header, intent(1), outcome(5)).join("\n")}\n`,
      3,
      /line 3 is an outcome for seq 5, which has no intent before it/,
    ],
    [
      "a second outcome for a seq",
      `${lines(header, intent(1), outcome(1), outcome(1)).join("\n")}\n`,
      4,
      /line 4 repeats the outcome for seq 1/,
    ],
    [
      "a repeated intent seq",
      `${lines(header, intent(1), intent(1)).join("\n")}\n`,
      3,
      /line 3 repeats intent seq 1/,
    ],
    [
      "a gap in the intent seqs",
      `${lines(header, intent(1), intent(3)).join("\n")}\n`,
      3,
      /line 3 has intent seq 3 where 2 was expected/,
    ],
    [
      "a first line that is not a header",
      `${lines(intent(1)).join("\n")}\n`,
      1,
      /line 1 is an intent record, not the header a journal starts with/,
    ],
    [
      "a header with a missing field",
      `${lines({ ...header, tool: undefined }).join("\n")}\n`,
      1,
      /line 1 is missing field "tool"/,
    ],
    [
      "a header of the wrong tool",
      `${lines({ ...header, tool: "other" }).join("\n")}\n`,
      1,
      /line 1 has field "tool" of the wrong type: expected "imds"/,
    ],
    [
      "a header with args that are not strings",
      `${lines({ ...header, args: [1] }).join("\n")}\n`,
      1,
      /field "args" of the wrong type/,
    ],
    [
      "another journal version",
      `${lines({ ...header, journalVersion: 3 }).join("\n")}\n`,
      1,
      /line 1 has journalVersion 3; this imds reads versions 1 and 2/,
    ],
    ["a second header", `${lines(header, intent(1), header).join("\n")}\n`, 3, /line 3 is a second header/],
    ["an empty file", "", 1, /is empty: line 1 should be a header/],
    ["a file of one newline", "\n", 1, /line 1 is empty/],
  ];

  it.each(cases)("%s", (_name, content, line, message) => {
    const path = join(dir, "bad.jsonl");
    writeFileSync(path, content);
    let caught: unknown;
    try {
      readJournal(path);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(JournalError);
    expect((caught as JournalError).line).toBe(line);
    expect((caught as JournalError).message).toMatch(message);
    expect((caught as JournalError).message).toContain(path);
  });

  it("a missing file", () => {
    const path = join(dir, "missing.jsonl");
    expect(() => readJournal(path)).toThrow(JournalError);
    expect(() => readJournal(path)).toThrow(`cannot read journal ${path}`);
  });

  it("accepts a last line that is whole but lacks its newline", () => {
    const path = join(dir, "j.jsonl");
    writeFileSync(path, lines(header, intent(1), outcome(1)).join("\n"));
    expect(readJournal(path).entries).toHaveLength(1);
  });
});

describe("defaultJournalName", () => {
  it("names the command, account and UTC time to the millisecond, with a random suffix", () => {
    const now = new Date(Date.UTC(2026, 10, 22, 10, 51, 0, 456));
    expect(defaultJournalName("123456789012", now, "enforce", "3f9a0c")).toBe(
      "imds-enforce-123456789012-20261122T105100.456Z-3f9a0c.jsonl",
    );
    expect(defaultJournalName("123456789012", now, "rollback", "00ff00")).toBe(
      "imds-rollback-123456789012-20261122T105100.456Z-00ff00.jsonl",
    );
  });

  it("gives two runs started in the same millisecond different names (issue 11, point 9)", () => {
    const now = new Date(Date.UTC(2026, 10, 22, 10, 51, 0, 456));
    const names = new Set(
      Array.from({ length: 10 }, () => defaultJournalName("123456789012", now, "enforce")),
    );
    expect(names.size).toBe(10);
  });
});
