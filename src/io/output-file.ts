// Where --output sends a report or a policy. A regular file (or a new one) is replaced atomically;
// anything else (a character device such as /dev/null, a FIFO, /dev/stdout, a socket) is written
// to directly, never replaced: a root cron job with `--output /dev/null` must not destroy /dev/null.
// A symlink to a regular file keeps the link and replaces the file it points to.
import {
  closeSync,
  lstatSync,
  openSync,
  realpathSync,
  type Stats,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { errorLine } from "../core/text.js";
import { IncompleteError } from "../errors.js";
import { writeFileAtomic } from "./atomic-write.js";
import { randomHex } from "./random-hex.js";

/** Longest file name most file systems take, in bytes (NAME_MAX). */
const NAME_MAX = 255;

function statOrUndefined(read: () => Stats): Stats | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

const codeOf = (err: unknown): string => (err as NodeJS.ErrnoException)?.code ?? "error";

/** Where the bytes go: the file to replace atomically, or the path to write into as it is. */
function targetOf(path: string): { atomic: string } | { direct: string } {
  const link = statOrUndefined(() => lstatSync(path));
  if (link === undefined || link.isFile()) return { atomic: path };
  if (!link.isSymbolicLink()) return { direct: path };
  const target = statOrUndefined(() => statSync(path));
  return target?.isFile() ? { atomic: realpathSync(path) } : { direct: path };
}

/**
 * Why a report cannot be written to `path`, or undefined: checked before the run starts, so a bad
 * --output costs nothing. For a file that is replaced, a scratch file is created beside it and
 * removed (the only check that holds for root, on read-only mounts and on full inode tables).
 */
export function writeProblem(path: string): string | undefined {
  if (Buffer.byteLength(basename(path)) > NAME_MAX) {
    return `the file name is too long (${Buffer.byteLength(basename(path))} bytes; at most ${NAME_MAX})`;
  }
  const target = targetOf(path);
  if ("direct" in target) return undefined; // a device or a pipe: opened when the report is ready
  const probe = join(dirname(target.atomic), `.imds-probe-${randomHex(4)}`);
  try {
    closeSync(openSync(probe, "wx", 0o600));
    unlinkSync(probe);
    return undefined;
  } catch (err) {
    return `cannot create files in ${dirname(target.atomic)} (${codeOf(err)})`;
  }
}

function writeDirect(path: string, content: string | Iterable<string>): void {
  const fd = openSync(path, "w");
  try {
    for (const chunk of typeof content === "string" ? [content] : content) {
      const bytes = Buffer.from(chunk);
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written);
    }
  } finally {
    closeSync(fd);
  }
}

const REASONS: Record<string, string> = {
  ENOSPC: "no space left on device",
  EDQUOT: "disk quota exceeded",
  EACCES: "permission denied",
  EROFS: "read-only file system",
};

/** Writes a report or a policy to `path`; a failure is one line naming the file (exit 3). */
export function writeOutput(path: string, content: string | Iterable<string>): void {
  const target = targetOf(path);
  try {
    if ("atomic" in target) writeFileAtomic(target.atomic, content);
    else writeDirect(target.direct, content);
  } catch (err) {
    const code = codeOf(err);
    const reason = REASONS[code] ?? (err as Error).message;
    const kept = "atomic" in target ? "; what was there before is unchanged" : "";
    throw new IncompleteError(errorLine(`cannot write ${path}: ${reason} (${code})${kept}`));
  }
}
