// A small tmpfs for full-disk tests. Mounting needs root outside a restricted container; where it
// is not allowed, the caller skips with the reason given here.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export type Tmpfs = { ok: true; path: string; unmount(): void } | { ok: false; why: string };

/** Mounts a tmpfs of `size` (e.g. "64k", "1m") on a fresh folder. */
export function mountTmpfs(size: string): Tmpfs {
  const path = mkdtempSync(join(tmpdir(), "imds-tmpfs-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", path], { stdio: "pipe" });
  } catch (err) {
    rmSync(path, { recursive: true, force: true });
    const detail = String((err as { stderr?: Buffer }).stderr ?? err)
      .trim()
      .split("\n")[0];
    return {
      ok: false,
      why: `cannot mount a tmpfs here (not root, or not allowed in this container): ${detail}`,
    };
  }
  return {
    ok: true,
    path,
    unmount() {
      execFileSync("umount", [path], { stdio: "ignore" });
      rmSync(path, { recursive: true, force: true });
    },
  };
}
