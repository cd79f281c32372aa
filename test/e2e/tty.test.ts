// What a person at a terminal sees: progress, colors, and the confirmation prompt. A real pseudo
// terminal comes from util-linux `script`, which feeds our stdin to the program as typed input.
import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BIN, onSimulator, userEnv, withSimulator } from "./harness.js";

function hasScript(): boolean {
  try {
    execFileSync("script", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs imds on a pseudo terminal in `cwd`, typing `input` (all at once, or once the screen shows
 * `after`); returns the screen output and the exit code.
 */
function onTerminal(
  cwd: string,
  args: string[],
  input: string,
  env: Record<string, string> = userEnv(),
  after?: RegExp,
) {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(" ");
  return new Promise<{ code: number | null; screen: string }>((resolve, reject) => {
    const child = spawn("script", ["-qec", command, "/dev/null"], {
      cwd,
      env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let screen = "";
    let waitingFor = after;
    child.stdout.on("data", (d) => {
      screen += d;
      if (waitingFor?.test(screen)) {
        waitingFor = undefined;
        child.stdin.write(input);
      }
    });
    child.on("error", reject);
    child.on("close", (code) => {
      child.stdin.end();
      resolve({ code, screen });
    });
    if (!after) child.stdin.end(input);
  });
}

describe.skipIf(!onSimulator || !hasScript())("on a terminal", () => {
  it("audit shows progress and colors; NO_COLOR turns colors off", async () => {
    await withSimulator("demo", async ({ sim, dir }) => {
      const run = await onTerminal(dir, ["audit", "--endpoint-url", sim.url], "");
      expect(run.code).toBe(1);
      expect(run.screen).toMatch(/imds: \d+\/17 regions read/);
      expect(run.screen).toContain("\x1b[31m"); // FAIL in red
      const plain = await onTerminal(
        dir,
        ["audit", "--endpoint-url", sim.url],
        "",
        userEnv({ NO_COLOR: "1" }),
      );
      expect(plain.screen).not.toContain("\x1b[3"); // no foreground color at all
    });
  });

  it("enforce asks before changing instances: no changes nothing (exit 2), Ctrl-C stops (130), yes applies", async () => {
    await withSimulator("demo", async ({ sim, dir, file }) => {
      const args = (journal: string) => [
        "enforce",
        "--endpoint-url",
        sim.url,
        "--regions",
        "us-east-2",
        "--instances",
        "--force",
        "--journal",
        file(journal),
      ];
      const optional = () =>
        sim.state.region("us-east-2")?.instances.filter((i) => i.httpTokens === "optional").length ?? 0;
      const before = optional();
      expect(before).toBeGreaterThan(0);

      const no = await onTerminal(dir, args("no.jsonl"), "n\n");
      expect(no.code).toBe(2);
      expect(no.screen).toMatch(/Apply \d+ changes in account 123456789012\? \[y\/N\]/);
      expect(no.screen).toContain(
        "imds: nothing changed: the plan was not confirmed (answer y, or pass --yes)",
      );
      expect(optional()).toBe(before);
      expect(existsSync(file("no.jsonl"))).toBe(false);

      // Ctrl-C at the prompt (readline reads it, the terminal being raw) ends the run as interrupted.
      const stop = await onTerminal(dir, args("stop.jsonl"), "\x03", userEnv(), /\[y\/N\] /);
      expect(stop.code).toBe(130);
      expect(stop.screen).toContain("imds: interrupted");
      expect(stop.screen).not.toContain("nothing changed");
      expect(optional()).toBe(before);
      expect(existsSync(file("stop.jsonl"))).toBe(false);

      const yes = await onTerminal(dir, args("yes.jsonl"), "y\n");
      expect(yes.code).toBe(0);
      expect(yes.screen).toContain("DONE:");
      expect(optional()).toBe(0);
      expect(existsSync(file("yes.jsonl"))).toBe(true);
    });
  });
});
