// Issue 11, point 2: --output replaces only regular files. A character device, a FIFO or a symlink
// is written to (or through), never replaced; --output is checked before the run; a full disk is one
// line naming the file.
import { execFileSync, spawn } from "node:child_process";
import {
  lstatSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../src/sim/index.js";
import { onSimulator, type Run, spawnImds, userEnv } from "./harness.js";
import { mountTmpfs } from "./tmpfs.js";

let sim: Simulator;
let dir: string;
beforeAll(async () => {
  sim = await startSimulator({ scenario: "compliant" });
  dir = mkdtempSync(join(tmpdir(), "imds-e2e-output-"));
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

function audit(...args: string[]): Promise<Run> {
  const cmd = ["audit", "--endpoint-url", sim.url, "--regions", "eu-west-1", "--format", "json", ...args];
  return spawnImds(cmd, userEnv(), { cwd: dir }).done;
}

/** Whether this process may make device nodes (root, outside a restricted container). */
function makeNullDevice(path: string): boolean {
  try {
    execFileSync("mknod", [path, "c", "1", "3"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!onSimulator)("--output (issue 11, point 2)", () => {
  it("a character device (a copy of /dev/null) is written to, never replaced by a file", async (ctx) => {
    const device = join(dir, "null");
    if (!makeNullDevice(device)) ctx.skip("mknod is not allowed here: cannot make a device node to write to");
    const r = await audit("--output", device);
    expect(r.code, r.stderr).toBe(0);
    expect(lstatSync(device).isCharacterDevice()).toBe(true);
  });

  it("a FIFO is written to: the reader gets the report, the FIFO stays a FIFO", async () => {
    const fifo = join(dir, "report.fifo");
    execFileSync("mkfifo", [fifo]);
    const reader = spawn("cat", [fifo], { stdio: ["ignore", "pipe", "inherit"] });
    let received = "";
    reader.stdout.on("data", (d) => {
      received += d;
    });
    const closed = new Promise((resolve) => reader.on("close", resolve));
    let r: Run;
    try {
      r = await audit("--output", fifo);
    } finally {
      // Had imds replaced the FIFO, the reader would wait for a writer forever.
      setTimeout(() => reader.kill(), 5000).unref();
    }
    await closed;
    expect(r.code, r.stderr).toBe(0);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(JSON.parse(received).complete).toBe(true);
  });

  it("a symlink to /dev/null stays a symlink; one to a regular file keeps the link and replaces the file", async () => {
    const toNull = join(dir, "to-null");
    symlinkSync("/dev/null", toNull);
    expect((await audit("--output", toNull)).code).toBe(0);
    expect(lstatSync(toNull).isSymbolicLink()).toBe(true);
    expect(lstatSync("/dev/null").isCharacterDevice()).toBe(true);

    const file = join(dir, "real.json");
    writeFileSync(file, "old");
    const link = join(dir, "latest.json");
    symlinkSync(file, link);
    expect((await audit("--output", link)).code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(file);
    expect(JSON.parse(readFileSync(file, "utf8")).complete).toBe(true);
  });

  it("is checked before the run: a name too long is exit 2 before any AWS call", async () => {
    sim.log.reset();
    const r = await audit("--output", join(dir, `${"r".repeat(300)}.json`));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/too long/);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(sim.log.snapshot().total).toBe(0);
  });

  it("a full disk is one line naming the file and ENOSPC, never 'unexpected error'", async (ctx) => {
    const mount = mountTmpfs("64k");
    if (!mount.ok) {
      ctx.skip(mount.why);
      return;
    }
    try {
      // Fill the file system, leaving the inodes: the file can be created, not written.
      try {
        execFileSync("dd", ["if=/dev/zero", `of=${join(mount.path, "fill")}`, "bs=4k"], { stdio: "ignore" });
      } catch {
        // dd stops with "No space left on device", as intended
      }
      const out = join(mount.path, "report.json");
      const r = await audit("--output", out);
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(r.stderr).toContain(`cannot write ${out}: no space left on device (ENOSPC)`);
      expect(r.stderr).not.toMatch(/unexpected error/);
    } finally {
      mount.unmount();
    }
  });
});
