// Runs the built `imds` as a user would (a child process, real SDK, real HTTP) against the
// simulator, and records each case as documentation: command, exit code, stdout, stderr.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type Scenario, type Simulator, startSimulator } from "../../src/sim/index.js";

const ROOT = resolve(import.meta.dirname, "../..");
const BIN = join(ROOT, "bin/imds.js");

/** Another EC2-compatible endpoint to run against instead of the simulator (LocalStack, moto...). */
export const EXTERNAL_ENDPOINT = process.env.IMDS_E2E_ENDPOINT;
export const onSimulator = EXTERNAL_ENDPOINT === undefined;

export interface Run {
  args: string[];
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Environment of a user with fake static credentials and no AWS config files. */
export function userEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: mkdtempSync(join(tmpdir(), "imds-home-")),
    AWS_ACCESS_KEY_ID: "AKIAE2ETESTTESTTEST1",
    AWS_SECRET_ACCESS_KEY: "e2e-secret-not-real",
    AWS_REGION: "us-east-1",
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    AWS_EC2_METADATA_DISABLED: "true",
    ...extra,
  };
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

export function imds(args: string[], env: Record<string, string> = userEnv()): Promise<Run> {
  const started = Date.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ args, code, stdout, stderr, ms: Date.now() - started }));
  });
}

export async function withSimulator<T>(
  scenario: Scenario | string,
  body: (sim: Simulator) => Promise<T>,
): Promise<T> {
  const sim = await startSimulator({ scenario });
  try {
    return await body(sim);
  } finally {
    await sim.close();
  }
}

/** A transcript in markdown: what a user types and sees, with run-specific values normalized. */
export class Transcript {
  private readonly cases: string[] = [];

  add(title: string, run: Run, endpoint?: string): void {
    const clean = (s: string) => {
      let out = s;
      if (endpoint) out = out.replaceAll(endpoint, "http://127.0.0.1:PORT");
      return out
        .replace(/http:\/\/127\.0\.0\.1:\d+/g, "http://127.0.0.1:PORT")
        .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, "TIME")
        .replace(/\d{4}-\d\d-\d\d \d\d:\d\d UTC/g, "TIME")
        .replace(/"durationMs": \d+/g, '"durationMs": N')
        .replace(/ in \d+ ms/g, " in N ms")
        .replace(/\/tmp\/[\w.-]+/g, "/tmp/DIR")
        .trimEnd();
    };
    const args = run.args.map((a) => (a.includes(" ") ? `'${a}'` : a)).join(" ");
    this.cases.push(
      [
        `## ${title}`,
        "",
        "```console",
        `$ imds ${clean(args)}`,
        "```",
        "",
        `exit code: ${run.code}`,
        "",
        "stdout:",
        "```",
        clean(run.stdout) || "(empty)",
        "```",
        "",
        "stderr:",
        "```",
        clean(run.stderr) || "(empty)",
        "```",
      ].join("\n"),
    );
  }

  toString(): string {
    return `${this.cases.join("\n\n")}\n`;
  }
}
