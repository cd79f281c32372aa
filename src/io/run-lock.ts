// One change run per account and endpoint on a machine (issue 11, point 4): a second `imds enforce`
// or `imds rollback` aimed at the same account is refused, naming the holder's pid and journal. The
// lock is a file per account, created exclusively, in a folder only this user can write (so no other
// user of the machine can plant a lock that blocks enforcement). A lock whose process is gone
// (kill -9, a crash) is taken over under a takeover guard, so two runs finding the same stale lock
// cannot both take it. An organization run takes one lock per account it changes, so it collides
// with a one-account run (or another organization run) on any account they share.
import { createHash } from "node:crypto";
import { closeSync, lstatSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
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

/**
 * The folder of the locks: private to this user (mode 0700, owned by them, not a symlink). Anything
 * else at that path (another user's folder, a planted symlink) is refused rather than trusted.
 */
function lockDir(): string {
  const uid = process.getuid?.();
  if (uid === undefined) return tmpdir();
  const dir = join(tmpdir(), `imds-locks-${uid}`);
  let st: ReturnType<typeof lstatSync>;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    st = lstatSync(dir);
  } catch (err) {
    // Before any change: bad configuration of this machine, said in one line (exit 2).
    const code = (err as NodeJS.ErrnoException).code ?? "error";
    throw new UsageError(
      `cannot make the lock folder ${dir} (${code}): set TMPDIR to a folder you can write`,
    );
  }
  if (!st.isDirectory() || st.uid !== uid || (st.mode & 0o077) !== 0) {
    throw new UsageError(
      `${dir} is not a private folder of this user (owner ${st.uid}, mode ${(st.mode & 0o777).toString(8)}): remove it, or set TMPDIR to a folder only you can write`,
    );
  }
  return dir;
}

/** unlink, where another run may have removed the file first. */
function remove(path: string): void {
  try {
    unlinkSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
}

function refusal(
  holder: LockHolder,
  account: string,
  endpoint: string | undefined,
  path: string,
): UsageError {
  return new UsageError(
    `another imds ${holder.command} (pid ${holder.pid}, journal ${holder.journal}, since ${holder.startedAt}) is changing account ${account}${endpoint ? ` at ${endpoint}` : ""}: wait for it to finish, or stop it (lock ${path})`,
  );
}

/**
 * Removes the stale lock at `path` if it is still the one judged stale: under an exclusive takeover
 * guard, re-reads it first, so a lock a concurrent run has just taken over is never removed.
 */
function takeOver(path: string, stale: LockHolder | undefined, me: LockHolder): void {
  const guard = `${path}.takeover`;
  if (!create(guard, me)) {
    const other = holderOf(guard);
    // A guard left by a run that died inside the few lines below: clear it for the next attempt.
    if (!other || !alive(other.pid)) remove(guard);
    return;
  }
  try {
    const now = holderOf(path);
    if (now?.pid === stale?.pid && now?.startedAt === stale?.startedAt) remove(path);
  } finally {
    remove(guard);
  }
}

/** Takes the lock for changing `account` at `endpoint`, or refuses (exit 2) naming who holds it. */
export function acquireRunLock(account: string, endpoint: string | undefined, me: LockHolder): RunLock {
  const key = createHash("sha256")
    .update(`${account}\n${endpoint ?? "aws"}`)
    .digest("hex")
    .slice(0, 16);
  const path = join(lockDir(), `imds-${account}-${key}.lock`);
  for (let attempt = 0; attempt < 3; attempt++) {
    if (create(path, me)) {
      return {
        release() {
          if (holderOf(path)?.pid === me.pid) remove(path);
        },
      };
    }
    const holder = holderOf(path);
    if (holder && alive(holder.pid) && holder.pid !== me.pid) throw refusal(holder, account, endpoint, path);
    // Its process is gone (or the file is not a lock imds wrote): take it over.
    takeOver(path, holder, me);
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
