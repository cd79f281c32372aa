// Runs the program in-process with the commands replaced by recorders: what each command receives
// from a command line (and a config file), and the exit code it returns. No AWS.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { buildProgram, type Commands } from "../../src/cli/program.js";
import type { CommandIO } from "../../src/commands/options.js";
import type { ConfigRules } from "../../src/core/resource-rules.js";
import { Interrupt } from "../../src/io/interrupt.js";

/** The clock every in-process run sees: exceptions expire by it. */
export const NOW = new Date("2026-11-22T10:51:00Z");

export const NO_RULES: ConfigRules = { exceptions: [], hopLimits: [] };

/** A temp folder of the test file's own, and how to remove it (afterAll). */
export function scratch(): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), "imds-cli-"));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export function capture() {
  const out = { stdout: "", stderr: "" };
  const io = {
    stdout: {
      write: (s: string) => {
        out.stdout += s;
        return true;
      },
    },
    stderr: {
      write: (s: string) => {
        out.stderr += s;
        return true;
      },
    },
    stdin: {},
    interrupt: new Interrupt(),
  } as unknown as CommandIO;
  return { io, out };
}

/**
 * `run(ARGS)` runs `imds ARGS` in `cwd` (where the config search starts) with recording commands
 * that return `code`; it gives what the one that ran received.
 */
export function program(cwd: string) {
  return async (args: string[], code = 0) => {
    const calls: { name: keyof Commands; opts: Record<string, unknown> }[] = [];
    const record =
      (name: keyof Commands) =>
      async (opts: object): Promise<number> => {
        calls.push({ name, opts: { ...opts } as Record<string, unknown> });
        return code;
      };
    const commands: Commands = {
      audit: record("audit"),
      enforce: record("enforce"),
      rollback: record("rollback"),
      watch: record("watch"),
    };
    const { io, out } = capture();
    const argv = ["node", "imds", ...args];
    const built = buildProgram({ argv, io, env: {}, commands, cwd, now: () => NOW });
    await built.program.parseAsync(argv);
    expect(calls.length).toBeLessThanOrEqual(1);
    const [call] = calls;
    const { aws, ...opts } = call?.opts ?? {};
    return { name: call?.name, opts, aws: aws as Record<string, unknown>, code: built.outcome.code, out };
  };
}
