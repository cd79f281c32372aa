// One change run per account and endpoint on a machine (issue 11, point 4): a second `imds enforce`
// or `imds rollback` aimed at the same account is refused, naming the holder's pid and journal. The
// lock is a file per account in the temp folder, created exclusively; one whose process is gone
// (kill -9, a crash) is taken over. An organization run takes one lock per account it changes, so
// it collides with a one-account run (or another organization run) on any account they share.
import { createHash } from "node:crypto";
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UsageError } from "../errors.js";

export interface LockHolder {
  pid: number;
  command: string;
  journal: string;
  startedAt: string;
}

export interface RunLock {
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists, under another user.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function holderOf(path: string): LockHolder | undefined {
  try {
    const value = JSON.parse(readFileSync(path, "utf8")) as Partial<LockHolder>;
    return typeof value.pid === "number" ? (value as LockHolder) : undefined;
  } catch {
    return undefined;
  }
}

function create(path: string, me: LockHolder): boolean {
  let fd: number;
  try {
    fd = openSync(path, "wx", 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw err;
  }
  try {
    writeSync(fd, JSON.stringify(me));
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Takes the lock for changing `account` at `endpoint`, or refuses (exit 2) naming who holds it. */
export function acquireRunLock(account: string, endpoint: string | undefined, me: LockHolder): RunLock {
  const key = createHash("sha256")
    .update(`${account}\n${endpoint ?? "aws"}`)
    .digest("hex")
    .slice(0, 16);
  const path = join(tmpdir(), `imds-${account}-${key}.lock`);
  for (let attempt = 0; attempt < 2; attempt++) {
    if (create(path, me)) {
      return {
        release() {
          if (holderOf(path)?.pid === me.pid) unlinkSync(path);
        },
      };
    }
    const holder = holderOf(path);
    if (holder && alive(holder.pid) && holder.pid !== me.pid) {
      throw new UsageError(
        `another imds ${holder.command} (pid ${holder.pid}, journal ${holder.journal}, since ${holder.startedAt}) is changing account ${account}${endpoint ? ` at ${endpoint}` : ""}: wait for it to finish, or stop it (lock ${path})`,
      );
    }
    // Its process is gone (or the file is not a lock imds wrote): take it over.
    unlinkSync(path);
  }
  throw new UsageError(`cannot take the lock ${path} for account ${account}: another run keeps taking it`);
}

/**
 * Takes the lock of every account in `accounts` (in id order), or none: if one is held, those
 * already taken are released and the refusal names the holder.
 */
export function acquireRunLocks(
  accounts: readonly string[],
  endpoint: string | undefined,
  me: LockHolder,
): RunLock {
  const held: RunLock[] = [];
  const releaseAll = () => {
    for (const lock of held.splice(0).reverse()) lock.release();
  };
  try {
    for (const account of [...new Set(accounts)].sort()) held.push(acquireRunLock(account, endpoint, me));
  } catch (err) {
    releaseAll();
    throw err;
  }
  return { release: releaseAll };
}
