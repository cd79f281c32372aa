// The journal's group commit: one fsync at a time, off the event loop; each caller of durable() is
// released only once an fsync that began after its line was written has finished. The fsync is a
// stand-in the test completes by hand, so what waits for what is seen, not timed.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type AsyncFsync, JournalWriter, readJournal } from "../../src/journal/journal.js";
import { journalHeader } from "./fixtures.js";

/** An fsync that finishes when the test says so; `started` counts the fsyncs begun. */
function heldFsync() {
  const pending: ((err: NodeJS.ErrnoException | null) => void)[] = [];
  let started = 0;
  const fsync: AsyncFsync = (_fd, done) => {
    started++;
    pending.push(done);
  };
  return {
    fsync,
    started: () => started,
    inFlight: () => pending.length,
    finish(err: NodeJS.ErrnoException | null = null) {
      const done = pending.shift();
      if (!done) throw new Error("no fsync in flight");
      done(err);
    },
  };
}

/** A promise's state, once the microtasks queued so far have run. */
async function state(p: Promise<unknown>): Promise<"pending" | "resolved" | "rejected"> {
  let s: "pending" | "resolved" | "rejected" = "pending";
  p.then(
    () => {
      s = "resolved";
    },
    () => {
      s = "rejected";
    },
  );
  for (let i = 0; i < 5; i++) await Promise.resolve();
  return s;
}

const change = (n: number) => ({
  region: "eu-west-1",
  kind: "instance" as const,
  id: `i-${String(n).padStart(8, "0")}`,
  before: { httpTokens: "optional" as const },
  requested: { httpTokens: "required" as const },
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "imds-group-commit-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("journal group commit (durable)", () => {
  it("intents written together share one fsync; one written during it waits for the next", async () => {
    const disk = heldFsync();
    const writer = JournalWriter.create(join(dir, "j.jsonl"), journalHeader, undefined, disk.fsync);
    for (const n of [1, 2, 3]) writer.intent(change(n), { sync: false });
    const first = [writer.durable(), writer.durable(), writer.durable()];
    expect(disk.started()).toBe(1);
    writer.intent(change(4), { sync: false });
    const fourth = writer.durable();
    // Its line came after the fsync in flight began: that fsync does not cover it.
    expect(disk.started()).toBe(1);
    disk.finish();
    expect(await Promise.all(first.map(state))).toEqual(["resolved", "resolved", "resolved"]);
    expect(await state(fourth)).toBe("pending");
    // The next fsync started by itself, for the line still waiting.
    expect(disk.started()).toBe(2);
    disk.finish();
    expect(await state(fourth)).toBe("resolved");
    expect(disk.inFlight()).toBe(0);
    writer.close();
    expect(readJournal(join(dir, "j.jsonl")).entries.map((e) => e.id)).toHaveLength(4);
  });

  it("a line already on disk needs no fsync; a record written with sync counts as on disk", async () => {
    const disk = heldFsync();
    const writer = JournalWriter.create(join(dir, "j.jsonl"), journalHeader, undefined, disk.fsync);
    writer.intent(change(1));
    expect(await state(writer.durable())).toBe("resolved");
    expect(disk.started()).toBe(0);
    writer.close();
  });

  it("a failed fsync rejects every waiter and breaks the journal", async () => {
    const disk = heldFsync();
    const writer = JournalWriter.create(join(dir, "j.jsonl"), journalHeader, undefined, disk.fsync);
    writer.intent(change(1), { sync: false });
    const waiting = writer.durable();
    disk.finish(Object.assign(new Error("EIO: i/o error, fsync"), { code: "EIO" }));
    await expect(waiting).rejects.toThrow(/cannot write journal .*EIO/);
    expect(() => writer.intent(change(2))).toThrow(/failed earlier/);
    await expect(writer.durable()).rejects.toThrow(/EIO/);
    writer.close();
  });

  it("close during an fsync waits for it: the file is closed only once the fsync ends", async () => {
    const disk = heldFsync();
    const path = join(dir, "j.jsonl");
    const writer = JournalWriter.create(path, journalHeader, undefined, disk.fsync);
    writer.intent(change(1), { sync: false });
    const waiting = writer.durable();
    writer.close();
    // Closed for writers at once, but the descriptor stays open under the fsync in flight.
    expect(() => writer.intent(change(2))).toThrow(/is closed/);
    disk.finish();
    expect(await state(waiting)).toBe("resolved");
    expect(readJournal(path).entries).toHaveLength(1);
  });
});
