// The change journal: JSON lines that `enforce` and `rollback` append as they work, so that a crash
// or kill -9 loses nothing that was applied and `imds rollback JOURNAL` can restore the exact
// previous settings. Each record is checked, written with one whole-line write and fsynced before
// the caller goes on, so the journal on disk is always at least as far along as the account.

import { closeSync, fsyncSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import {
  type ChangeError,
  checkRecord,
  type IntentRecord,
  type JournalEntry,
  type JournalHeader,
  type JournalRecord,
  type OutcomeRecord,
  type Settings,
} from "./records.js";

export type {
  ChangeError,
  IntentRecord,
  JournalEntry,
  JournalHeader,
  JournalRecord,
  OutcomeRecord,
} from "./records.js";

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

export class JournalWriter {
  private lastSeq = 0;
  private readonly open = new Set<number>();
  private fd: number | undefined;
  private broken: unknown;

  private constructor(
    readonly path: string,
    fd: number,
    private readonly now: () => Date,
  ) {
    this.fd = fd;
  }

  /** Creates `path` (never overwrites one) and writes the header. */
  static create(path: string, header: JournalHeader, now: () => Date = () => new Date()): JournalWriter {
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
    const writer = new JournalWriter(path, fd, now);
    try {
      writer.append({
        type: "header",
        journalVersion: header.journalVersion,
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

  /** Records a change about to be made; returns its seq for `outcome`. */
  intent(r: Omit<IntentRecord, "type" | "seq" | "at">): number {
    const seq = this.lastSeq + 1;
    this.append({
      type: "intent",
      seq,
      at: this.now().toISOString(),
      ...(r.account === undefined ? {} : { account: r.account }),
      region: r.region,
      kind: r.kind,
      id: r.id,
      before: r.before,
      requested: r.requested,
    });
    this.lastSeq = seq;
    this.open.add(seq);
    return seq;
  }

  /** Records how the change with this seq ended. */
  outcome(seq: number, outcome: OutcomeRecord["outcome"], error?: ChangeError, result?: Settings): void {
    if (!this.open.has(seq)) {
      throw new JournalError(
        `journal ${this.path}: seq ${seq} has no open intent (unknown or already ended)`,
      );
    }
    this.append({
      type: "outcome",
      seq,
      at: this.now().toISOString(),
      outcome,
      ...(error === undefined ? {} : { error: { code: error.code, message: error.message } }),
      ...(result === undefined ? {} : { result }),
    });
    this.open.delete(seq);
  }

  close(): void {
    if (this.fd === undefined) return;
    const fd = this.fd;
    this.fd = undefined;
    closeSync(fd);
  }

  /**
   * Checks the record (so the reader will accept it), then writes the whole line and fsyncs. After
   * a failed write the journal may end in a torn line: it refuses every later write, so nothing
   * lands after the tear and every complete line before it stays readable.
   */
  private append(record: JournalRecord): void {
    if (this.fd === undefined) throw new JournalError(`journal ${this.path} is closed`);
    if (this.broken) throw new JournalError(`journal ${this.path} failed earlier: ${errorText(this.broken)}`);
    const check = checkRecord(record);
    if (!check.ok)
      throw new JournalError(`refusing to write a bad record to journal ${this.path}: it ${check.problem}`);
    const line = Buffer.from(`${JSON.stringify(record)}\n`);
    // One write for the line; the loop only matters if the OS ever accepts part of it.
    try {
      let written = 0;
      while (written < line.length) written += writeSync(this.fd, line, written);
      fsyncSync(this.fd);
    } catch (err) {
      this.broken = err;
      throw new JournalError(`cannot write journal ${this.path}: ${errorText(err)}`, undefined, {
        cause: err,
      });
    }
  }
}

/** Reads and strictly checks a journal; entries come in seq order, each intent merged with its outcome. */
export function readJournal(path: string): { header: JournalHeader; entries: JournalEntry[] } {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new JournalError(`cannot read journal ${path}: ${errorText(err)}`, undefined, { cause: err });
  }
  function fail(line: number, problem: string): never {
    throw new JournalError(`journal ${path}: line ${line} ${problem}`, line);
  }
  if (text.length === 0) throw new JournalError(`journal ${path} is empty: line 1 should be a header`, 1);

  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  let header: JournalHeader | undefined;
  const entries = new Map<number, JournalEntry>();
  const ended = new Set<number>();

  for (const [index, raw] of lines.entries()) {
    const n = index + 1;
    if (raw.trim() === "") fail(n, "is empty");
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      fail(n, "is truncated or not JSON");
    }
    const check = checkRecord(value);
    if (!check.ok) fail(n, check.problem);
    const record = check.record;
    if (n === 1) {
      if (record.type !== "header")
        fail(n, `is an ${record.type} record, not the header a journal starts with`);
      header = record;
    } else if (record.type === "header") {
      fail(n, "is a second header");
    } else if (record.type === "intent") {
      const expected = entries.size + 1;
      if (record.seq !== expected) {
        fail(
          n,
          entries.has(record.seq)
            ? `repeats intent seq ${record.seq}`
            : `has intent seq ${record.seq} where ${expected} was expected`,
        );
      }
      const { seq, at, account, region, kind, id, before, requested } = record;
      const where = account === undefined ? { region } : { account, region };
      entries.set(seq, { seq, at, ...where, kind, id, before, requested, outcome: "unknown" });
    } else {
      const entry = entries.get(record.seq);
      if (!entry) fail(n, `is an outcome for seq ${record.seq}, which has no intent before it`);
      if (ended.has(record.seq)) fail(n, `repeats the outcome for seq ${record.seq}`);
      ended.add(record.seq);
      entry.outcome = record.outcome;
      if (record.error) entry.error = record.error;
      if (record.result) entry.result = record.result;
    }
  }
  if (!header) throw new JournalError(`journal ${path} has no header`, 1); // unreachable: line 1 is checked
  return { header, entries: [...entries.values()] };
}

/** e.g. `imds-enforce-123456789012-20261122T105100Z.jsonl` (UTC, to the second). */
export function defaultJournalName(account: string, now: Date, command: "enforce" | "rollback"): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d+Z$/, "Z")
    .replace(/[-:]/g, "");
  const safeAccount = account.replace(/[^A-Za-z0-9_-]/g, "_");
  return `imds-${command}-${safeAccount}-${stamp}.jsonl`;
}
