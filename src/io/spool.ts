// Where an organization run puts each account's regions and resources as soon as the account is
// done, so memory holds one account at a time whatever the number of accounts: one temporary file
// of JSON lines, and the offset of each key's line. Read back by key, in any order.
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Blocks by key, read back one at a time. */
interface BlockSource<T> {
  get(key: string): T | undefined;
}

export class Spool<T> implements BlockSource<T> {
  private readonly dir: string;
  private fd: number | undefined;
  private size = 0;
  private readonly index = new Map<string, { at: number; length: number }>();

  constructor(prefix = "imds-spool-") {
    this.dir = mkdtempSync(join(tmpdir(), prefix));
    // Only this process reads it; 0600 because resource names and tags are the account's data.
    this.fd = openSync(join(this.dir, "blocks.jsonl"), "w+", 0o600);
  }

  put(key: string, value: T): void {
    if (this.fd === undefined) throw new Error("spool is closed");
    if (this.index.has(key)) throw new Error(`spool already holds ${key}`);
    const line = Buffer.from(`${JSON.stringify(value)}\n`);
    let written = 0;
    while (written < line.length)
      written += writeSync(this.fd, line, written, line.length - written, this.size + written);
    this.index.set(key, { at: this.size, length: line.length });
    this.size += line.length;
  }

  get(key: string): T | undefined {
    const where = this.index.get(key);
    if (!where || this.fd === undefined) return undefined;
    const buf = Buffer.alloc(where.length);
    let read = 0;
    while (read < where.length) read += readSync(this.fd, buf, read, where.length - read, where.at + read);
    return JSON.parse(buf.toString("utf8")) as T;
  }

  /** Bytes written so far (the benchmark reports it). */
  get bytes(): number {
    return this.size;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    rmSync(this.dir, { recursive: true, force: true });
  }
}
