import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { randomHex } from "./random-hex.js";

/** Writes a file so readers see the old content or the whole new content, never a half-written one. */
export function writeFileAtomic(path: string, content: string | Iterable<string>): void {
  const tmp = join(dirname(path), `.${basename(path)}.${randomHex(6)}.tmp`);
  try {
    const fd = openSync(tmp, "w", 0o644);
    try {
      for (const chunk of typeof content === "string" ? [content] : content) writeSync(fd, chunk);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
