// Issue 11, point 4, for organization runs: one lock per account changed. An organization run takes
// every account's lock or none, and is refused (naming the holder) if any one is held.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acquireRunLock, acquireRunLocks } from "../../src/io/run-lock.js";

let dir: string;
let saved: string | undefined;
beforeEach(() => {
  saved = process.env.TMPDIR;
  dir = mkdtempSync(join(tmpdir(), "imds-lock-"));
  process.env.TMPDIR = dir;
});
afterEach(() => {
  if (saved === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = saved;
  rmSync(dir, { recursive: true, force: true });
});

/** A holder that is another live process (the test runner's parent), so its lock is not stale. */
const other = {
  pid: process.ppid,
  command: "enforce",
  journal: "/j/other.jsonl",
  startedAt: "2026-11-26T10:00:00Z",
};
const me = {
  pid: process.pid,
  command: "enforce",
  journal: "/j/org.jsonl",
  startedAt: "2026-11-26T10:00:01Z",
};

describe("locks per account", () => {
  it("an organization run is refused if one account it changes is held, naming the holder, and holds none", () => {
    const held = acquireRunLock("222222222222", undefined, other);
    expect(() => acquireRunLocks(["111111111111", "222222222222", "333333333333"], undefined, me)).toThrow(
      `another imds enforce (pid ${process.ppid}, journal /j/other.jsonl, since 2026-11-26T10:00:00Z) is changing account 222222222222`,
    );
    // It released what it had taken: a one-account run on the first account goes ahead.
    acquireRunLock("111111111111", undefined, other).release();
    held.release();
  });

  it("while an organization run holds its accounts, a run on any one of them is refused; after it, none is", () => {
    const org = acquireRunLocks(["111111111111", "222222222222"], undefined, other);
    expect(() => acquireRunLock("222222222222", undefined, me)).toThrow(/pid \d+, journal \/j\/other\.jsonl/);
    expect(() => acquireRunLocks(["111111111111"], undefined, me)).toThrow(/changing account 111111111111/);
    acquireRunLock("333333333333", undefined, me).release();
    org.release();
    acquireRunLocks(["111111111111", "222222222222"], undefined, me).release();
  });

  it("the same account at another endpoint is another lock", () => {
    const held = acquireRunLocks(["111111111111"], "http://127.0.0.1:1", other);
    acquireRunLocks(["111111111111"], "http://127.0.0.1:2", me).release();
    held.release();
  });
});

/** A pid no process has any more: a child that has exited (pids are not reused this soon). */
const deadPid = () => spawnSync(process.execPath, ["-e", "0"]).pid;
const lockFiles = () => readdirSync(join(dir, `imds-locks-${process.getuid?.()}`));

describe("the lock folder and stale locks", () => {
  it("keeps locks in a folder only this user can write, so no other user can plant one", () => {
    const held = acquireRunLock("111111111111", undefined, me);
    const folder = statSync(join(dir, `imds-locks-${process.getuid?.()}`));
    expect(folder.mode & 0o077).toBe(0);
    expect(lockFiles()).toHaveLength(1);
    held.release();
    expect(lockFiles()).toHaveLength(0);
  });

  it("refuses a lock folder that others can write, naming it and what to do", () => {
    const folder = join(dir, `imds-locks-${process.getuid?.()}`);
    mkdirSync(folder);
    chmodSync(folder, 0o777);
    expect(() => acquireRunLock("111111111111", undefined, me)).toThrow(
      `${folder} is not a private folder of this user (owner ${process.getuid?.()}, mode 777): remove it, or set TMPDIR to a folder only you can write`,
    );
  });

  it("a temp folder it cannot use is one line saying what to do, not an unexpected error", () => {
    const file = join(dir, "not-a-folder");
    writeFileSync(file, "");
    process.env.TMPDIR = file;
    expect(() => acquireRunLock("111111111111", undefined, me)).toThrow(
      `cannot make the lock folder ${file}/imds-locks-${process.getuid?.()} (ENOTDIR): set TMPDIR to a folder you can write`,
    );
  });

  it("takes over a lock whose process is gone", () => {
    acquireRunLock("111111111111", undefined, { ...other, pid: deadPid() });
    acquireRunLock("111111111111", undefined, me).release();
    expect(lockFiles()).toHaveLength(0);
  });

  it("does not take over while another run holds the takeover guard, and clears a guard left by a dead run", () => {
    acquireRunLock("111111111111", undefined, { ...other, pid: deadPid() });
    const [lock] = lockFiles();
    const guard = join(dir, `imds-locks-${process.getuid?.()}`, `${lock}.takeover`);
    writeFileSync(guard, JSON.stringify(other));
    expect(() => acquireRunLock("111111111111", undefined, me)).toThrow(/another run keeps taking it/);
    writeFileSync(guard, JSON.stringify({ ...other, pid: deadPid() }));
    acquireRunLock("111111111111", undefined, me).release();
    expect(lockFiles()).toHaveLength(0);
  });
});
