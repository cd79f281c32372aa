// The change journal: JSON lines that `enforce` and `rollback` append as they work, so that a crash
// or kill -9 loses nothing that was applied and `imds rollback JOURNAL` can restore the exact
// previous settings. Each record is checked, written with one whole-line write and fsynced before
// the caller goes on, so the journal on disk is always at least as far along as the account.

import { closeSync, fsync, fsyncSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { randomHex } from "../io/random-hex.js";
import {
  type ChangeError,
  chainOf,
  checkRecord,
  type IntentRecord,
  JOURNAL_VERSION,
  type JournalEntry,
  type JournalHeader,
  type JournalRecord,
  type OutcomeRecord,
  requestProblem,
} from "./records.js";

export type {
  ChangeError,
  IntentRecord,
  JournalEntry,
  JournalHeader,
  JournalRecord,
  OutcomeRecord,
} from "./records.js";
export { JOURNAL_VERSION } from "./records.js";

/** A journal that cannot be created, written or read; `line` is 1-based when one line is to blame. */
export class JournalError extends Error {
  override name = "JournalError";
  constructor(
    message: string,
    readonly line?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

const errorCode = (err: unknown): string | undefined =>
  err instanceof Error && "code" in err && typeof err.code === "string" ? err.code : undefined;
const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Makes a new file's directory entry durable; Windows cannot open a directory to fsync it. */
function fsyncDirectory(dir: string): void {
  if (process.platform === "win32") return;
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** An endpoint URL may carry user:password; the journal keeps only where it pointed. */
function redactEndpoint(endpoint: string): string {
  if (!URL.canParse(endpoint)) return endpoint;
  const url = new URL(endpoint);
  if (!url.username && !url.password) return endpoint;
  url.username = "";
  url.password = "";
  return url.toString();
}

/** fsync(2) off the event loop, as node:fs has it. */
export type AsyncFsync = (fd: number, done: (err: NodeJS.ErrnoException | null) => void) => void;

/** Whether a record is fsynced as it is written (the default) or with the next `sync()`. */
export interface Durability {
  sync?: boolean;
}

export class JournalWriter {
  private lastSeq = 0;
  /** The chain of the last record written: the next one carries a hash of it. */
  private lastChain = "";
  /** The header's command: what the journal's intents may request. */
  private command: JournalHeader["command"] = "enforce";
  private readonly open = new Set<number>();
  private fd: number | undefined;
  private broken: unknown;
  /** The group commit (`durable`): lines written, lines known on disk, an fsync in flight, who waits. */
  private written = 0;
  private synced = 0;
  private syncing = false;
  private closing = false;
  private waiters: { upTo: number; resolve: () => void; reject: (err: unknown) => void }[] = [];

  private constructor(
    readonly path: string,
    fd: number,
    private readonly now: () => Date,
    private readonly fsyncAsync: AsyncFsync,
  ) {
    this.fd = fd;
  }

  /** Creates `path` (never overwrites one) and writes the header; `fsyncAsync` is the group commit's fsync. */
  static create(
    path: string,
    header: JournalHeader,
    now: () => Date = () => new Date(),
    fsyncAsync: AsyncFsync = fsync,
  ): JournalWriter {
    let fd: number;
    try {
      fd = openSync(path, "wx", 0o600);
    } catch (err) {
      if (errorCode(err) === "EEXIST") {
        throw new JournalError(`journal ${path} already exists: choose another --journal`, undefined, {
          cause: err,
        });
      }
      throw new JournalError(`cannot create journal ${path}: ${errorText(err)}`, undefined, { cause: err });
    }
    const writer = new JournalWriter(path, fd, now, fsyncAsync);
    try {
      writer.append({
        type: "header",
        journalVersion: JOURNAL_VERSION,
        tool: header.tool,
        toolVersion: header.toolVersion,
        command: header.command,
        account: header.account,
        args: header.args,
        startedAt: header.startedAt,
        ...(header.endpoint === undefined ? {} : { endpoint: redactEndpoint(header.endpoint) }),
        ...(header.source === undefined ? {} : { source: header.source }),
        ...(header.role === undefined ? {} : { role: header.role }),
      });
      fsyncDirectory(dirname(path));
    } catch (err) {
      // Nothing was changed yet: leave no half-made journal that would block the next run's name.
      writer.close();
      rmSync(path, { force: true });
      throw err;
    }
    return writer;
  }

  /**
   * Records a change about to be made; returns its seq for `outcome`. With `sync: false` the line
   * is written but not yet fsynced: the caller must `sync()` before the change starts (a group
   * commit: one fsync for every intent written meanwhile).
   */
  intent(r: Omit<IntentRecord, "type" | "seq" | "at">, { sync = true }: Durability = {}): number {
    const seq = this.lastSeq + 1;
    this.append(
      {
        type: "intent",
        seq,
        at: this.now().toISOString(),
        ...(r.account === undefined ? {} : { account: r.account }),
        region: r.region,
        kind: r.kind,
        id: r.id,
        before: r.before,
        requested: r.requested,
      },
      sync,
    );
    this.lastSeq = seq;
    this.open.add(seq);
    return seq;
  }

  /**
   * Records how the change with this seq ended; `result` is what the call gave back (a launch
   * template version's number). With `sync: false` it reaches the disk with the next `sync()` or
   * `close()`: an outcome lost in a crash reads "unknown", and rollback then decides from what the
   * resource shows.
   */
  outcome(
    seq: number,
    outcome: OutcomeRecord["outcome"],
    error?: ChangeError,
    { sync = true, result }: Durability & { result?: OutcomeRecord["result"] } = {},
  ): void {
    if (!this.open.has(seq)) {
      throw new JournalError(
        `journal ${this.path}: seq ${seq} has no open intent (unknown or already ended)`,
      );
    }
    this.append(
      {
        type: "outcome",
        seq,
        at: this.now().toISOString(),
        outcome,
        ...(error === undefined ? {} : { error: { code: error.code, message: error.message } }),
        ...(result === undefined ? {} : { result }),
      },
      sync,
    );
    this.open.delete(seq);
  }

  /** Makes every line written so far durable (one fsync); a failure breaks the journal. */
  sync(): void {
    if (this.fd === undefined || this.closing) throw new JournalError(`journal ${this.path} is closed`);
    if (this.broken) throw new JournalError(`journal ${this.path} failed earlier: ${errorText(this.broken)}`);
    if (this.synced === this.written) return;
    const upTo = this.written;
    try {
      fsyncSync(this.fd);
      this.synced = Math.max(this.synced, upTo);
    } catch (err) {
      this.fail(err);
    }
  }

  /**
   * Resolves once every line written so far is on disk: a group commit. One fsync runs at a time,
   * off the event loop; lines written while it runs go with the next one, so a thousand intents
   * written together wait on a few fsyncs, not a thousand in a row. A failure breaks the journal.
   */
  durable(): Promise<void> {
    if (this.fd === undefined || this.closing)
      return Promise.reject(new JournalError(`journal ${this.path} is closed`));
    if (this.broken) return Promise.reject(this.brokenError());
    const upTo = this.written;
    if (this.synced >= upTo) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ upTo, resolve, reject });
      this.startSync();
    });
  }

  private startSync(): void {
    const fd = this.fd;
    if (this.syncing || fd === undefined || this.waiters.length === 0) return;
    this.syncing = true;
    const upTo = this.written;
    this.fsyncAsync(fd, (err) => {
      this.syncing = false;
      if (err && !this.broken) this.broken = err;
      if (!err) this.synced = Math.max(this.synced, upTo);
      const waiting = this.waiters;
      this.waiters = [];
      for (const w of waiting) {
        if (this.broken) w.reject(this.brokenError());
        else if (w.upTo <= this.synced) w.resolve();
        else this.waiters.push(w);
      }
      if (!this.closing) this.startSync();
      else
        try {
          this.closeNow();
        } catch (closeErr) {
          // close() has returned: the journal is broken for any reader that asks.
          this.broken ??= closeErr;
        }
    });
  }

  private brokenError(): JournalError {
    return new JournalError(`cannot write journal ${this.path}: ${errorText(this.broken)}`, undefined, {
      cause: this.broken,
    });
  }

  /** A write or fsync failed: the journal refuses every later write. */
  private fail(err: unknown): never {
    this.broken = err;
    throw new JournalError(`cannot write journal ${this.path}: ${errorText(err)}`, undefined, { cause: err });
  }

  /** Fsyncs what is left and closes; after an fsync in flight ends, when one is (never under it). */
  close(): void {
    if (this.fd === undefined || this.closing) return;
    this.closing = true;
    if (!this.syncing) this.closeNow();
  }

  private closeNow(): void {
    const fd = this.fd;
    if (fd === undefined) return;
    try {
      if (this.synced < this.written && !this.broken) fsyncSync(fd);
    } finally {
      this.fd = undefined;
      closeSync(fd);
      for (const w of this.waiters) w.reject(new JournalError(`journal ${this.path} is closed`));
      this.waiters = [];
    }
  }

  /**
   * Checks the record (so the reader will accept it), then writes the whole line and fsyncs. After
   * a failed write the journal may end in a torn line: it refuses every later write, so nothing
   * lands after the tear and every complete line before it stays readable.
   */
  private append(unchained: JournalRecord, sync = true): void {
    const record = { ...unchained, chain: chainOf(this.lastChain, unchained) };
    if (this.fd === undefined || this.closing) throw new JournalError(`journal ${this.path} is closed`);
    if (this.broken) throw new JournalError(`journal ${this.path} failed earlier: ${errorText(this.broken)}`);
    const check = checkRecord(record);
    const problem = !check.ok
      ? check.problem
      : record.type === "intent"
        ? requestProblem(this.command, record)
        : undefined;
    if (problem)
      throw new JournalError(`refusing to write a bad record to journal ${this.path}: it ${problem}`);
    if (record.type === "header") this.command = record.command;
    const line = Buffer.from(`${JSON.stringify(record)}\n`);
    // One write for the line; the loop only matters if the OS ever accepts part of it.
    try {
      let written = 0;
      while (written < line.length) written += writeSync(this.fd, line, written);
      this.lastChain = record.chain;
      this.written += 1;
      if (sync) {
        fsyncSync(this.fd);
        this.synced = this.written;
      }
    } catch (err) {
      this.fail(err);
    }
  }
}

/** A journal as read: every complete record, and what was found at its end. */
export interface ReadJournal {
  header: JournalHeader;
  /** In seq order, each intent merged with its outcome. */
  entries: JournalEntry[];
  /**
   * A last line the writer never finished (a crash, or a full disk in the middle of a write): its
   * 1-based number, and whether what it held could still be read as a whole record.
   */
  torn?: { line: number; recovered: boolean };
  /** Version 1 journals carry no hash chain: edits to them cannot be detected. */
  unchained: boolean;
}

/** Folds records into entries, checking the order rules; `fail` names the line. */
class Entries {
  readonly byseq = new Map<number, JournalEntry>();
  private readonly ended = new Set<number>();

  constructor(private readonly command: JournalHeader["command"]) {}

  add(record: IntentRecord | OutcomeRecord, fail: (problem: string) => never): void {
    if (record.type === "intent") {
      const problem = requestProblem(this.command, record);
      if (problem) fail(problem);
      const expected = this.byseq.size + 1;
      if (record.seq !== expected) {
        fail(
          this.byseq.has(record.seq)
            ? `repeats intent seq ${record.seq}`
            : `has intent seq ${record.seq} where ${expected} was expected`,
        );
      }
      const { seq, at, account, region, kind, id, before, requested } = record;
      const where = account === undefined ? { region } : { account, region };
      this.byseq.set(seq, { seq, at, ...where, kind, id, before, requested, outcome: "unknown" });
      return;
    }
    const entry = this.byseq.get(record.seq);
    if (!entry) fail(`is an outcome for seq ${record.seq}, which has no intent before it`);
    if (this.ended.has(record.seq)) fail(`repeats the outcome for seq ${record.seq}`);
    this.ended.add(record.seq);
    entry.outcome = record.outcome;
    if (record.error) entry.error = record.error;
    if (record.result) entry.result = record.result;
  }
}

/** One line, parsed and checked against the format and the chain; a problem reads after "line N ". */
function parseLine(
  raw: string,
  previousChain: string,
  chained: boolean,
): { record: JournalRecord } | { problem: string } {
  if (raw.trim() === "") return { problem: "is empty" };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { problem: "is truncated or not JSON" };
  }
  const check = checkRecord(value);
  if (!check.ok) return { problem: check.problem };
  const { record } = check;
  if (chained || (record.type === "header" && record.journalVersion === JOURNAL_VERSION)) {
    if (record.chain === undefined)
      return { problem: "has no chain hash (journal version 2 records all have one)" };
    if (record.chain !== chainOf(previousChain, record)) {
      return {
        problem:
          "does not follow from the line before it (hash chain): it was edited, moved, or a line before it removed",
      };
    }
  } else if (record.chain !== undefined) {
    return { problem: "has a chain hash, which a version 1 journal does not" };
  }
  return { record };
}

/**
 * Reads and strictly checks a journal: the format, the order of records and the hash chain; any
 * flaw in a complete line is a JournalError naming it. A last line without its newline is a torn
 * tail, expected after a crash or a full disk: it is set aside (or used, if it is whole) and said.
 */
export function readJournal(path: string): ReadJournal {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new JournalError(`cannot read journal ${path}: ${errorText(err)}`, undefined, { cause: err });
  }
  if (text.length === 0) throw new JournalError(`journal ${path} is empty: line 1 should be a header`, 1);
  const lines = text.split("\n");
  // Every record ends with a newline: what follows the last one was never finished.
  const tail = lines.pop() ?? "";
  let header: JournalHeader | undefined;
  let chain = "";
  let entries: Entries | undefined;
  const use = (record: JournalRecord, n: number, fail: (problem: string) => never) => {
    if (record.type === "header") {
      if (n !== 1) fail("is a second header");
      header = record;
      entries = new Entries(record.command);
    } else if (!entries) {
      fail(`is an ${record.type} record, not the header a journal starts with`);
    } else {
      entries.add(record, fail);
    }
    chain = record.chain ?? "";
  };
  for (const [index, raw] of lines.entries()) {
    const n = index + 1;
    const fail = (problem: string): never => {
      throw new JournalError(`journal ${path}: line ${n} ${problem}`, n);
    };
    const parsed = parseLine(raw, chain, header?.journalVersion === JOURNAL_VERSION);
    if ("problem" in parsed) fail(parsed.problem);
    else use(parsed.record, n, fail);
  }
  let torn: ReadJournal["torn"];
  if (tail !== "") {
    const n = lines.length + 1;
    const parsed = parseLine(tail, chain, header?.journalVersion === JOURNAL_VERSION);
    const recovered = "record" in parsed && parsed.record.type !== "header" && header !== undefined;
    if (recovered) {
      use(parsed.record, n, (problem) => {
        throw new JournalError(`journal ${path}: line ${n} ${problem}`, n);
      });
    }
    torn = { line: n, recovered };
  }
  if (!header) {
    throw new JournalError(
      `journal ${path}: line 1 was cut short before the header was complete: nothing was changed`,
      1,
    );
  }
  return {
    header,
    entries: [...(entries?.byseq.values() ?? [])],
    ...(torn ? { torn } : {}),
    unchained: header.journalVersion !== JOURNAL_VERSION,
  };
}

/**
 * e.g. `imds-enforce-123456789012-20261122T105100.456Z-3f9a0c.jsonl`: UTC to the millisecond and a
 * random suffix, so two runs started at the same moment (two cron jobs) never pick the same name.
 */
export function defaultJournalName(
  account: string,
  now: Date,
  command: "enforce" | "rollback",
  suffix: string = randomHex(3),
): string {
  const stamp = now.toISOString().replace(/[-:]/g, "");
  const safeAccount = account.replace(/[^A-Za-z0-9_-]/g, "_");
  return `imds-${command}-${safeAccount}-${stamp}-${suffix}.jsonl`;
}
