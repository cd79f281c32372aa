// Runs the built `imds` as a user would (a child process, real SDK, real HTTP) against the
// simulator, and records each case as documentation: command, exit code, stdout, stderr.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type Scenario, type Simulator, startSimulator } from "../../src/sim/index.js";
import { reportProblems } from "../published-schemas.js";

const ROOT = resolve(import.meta.dirname, "../..");
export const BIN = join(ROOT, "bin/imds.js");

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
  return spawnImds(args, env).done;
}

export interface Spawned {
  /** The running CLI, for signals (SIGINT as Ctrl-C, SIGKILL as kill -9). */
  child: ChildProcess;
  /** Settles when it exits; `code` is null when a signal ended it. */
  done: Promise<Run>;
}

/** Starts the built CLI without waiting for it; `cwd` keeps default-named files out of the repo. */
export function spawnImds(
  args: string[],
  env: Record<string, string> = userEnv(),
  options: { cwd?: string } = {},
): Spawned {
  const started = Date.now();
  const child = spawn(process.execPath, [BIN, ...args], {
    env,
    cwd: options.cwd,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const done = new Promise<Run>((resolvePromise, reject) => {
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d) => {
      stdout += d;
    });
    child.stderr?.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ args, code, stdout, stderr, ms: Date.now() - started }));
  });
  return { child, done };
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

// --- enforce and rollback: what the simulator holds, independently of imds ---

/** Every metadata field of an instance, plus its state: compared field by field before and after. */
export interface InstanceSnapshot {
  state: string;
  httpTokens: string;
  httpPutResponseHopLimit: number;
  httpEndpoint: string;
  httpProtocolIpv6: string;
  instanceMetadataTags: string;
}

/** Per enabled region: the account defaults object and every instance, keyed by id. */
export type StateSnapshot = Record<
  string,
  { defaults: Record<string, unknown>; instances: Record<string, InstanceSnapshot> }
>;

export function simSnapshot(sim: Simulator): StateSnapshot {
  const out: StateSnapshot = {};
  for (const r of sim.state.enabledRegions()) {
    const instances: Record<string, InstanceSnapshot> = {};
    for (const i of r.instances) {
      instances[i.id] = {
        state: i.state,
        httpTokens: i.httpTokens,
        httpPutResponseHopLimit: i.httpPutResponseHopLimit,
        httpEndpoint: i.httpEndpoint,
        httpProtocolIpv6: i.httpProtocolIpv6,
        instanceMetadataTags: i.instanceMetadataTags,
      };
    }
    out[r.name] = { defaults: structuredClone({ ...r.defaults }), instances };
  }
  return out;
}

/** `region id` of every instance whose snapshot differs between the two. */
export function changedInstances(before: StateSnapshot, after: StateSnapshot): string[] {
  const out: string[] = [];
  for (const [region, b] of Object.entries(before)) {
    for (const [id, settings] of Object.entries(b.instances)) {
      if (JSON.stringify(settings) !== JSON.stringify(after[region]?.instances[id]))
        out.push(`${region} ${id}`);
    }
  }
  return out;
}

/**
 * What the simulator holds now for a journaled resource, in the journal's field names (hopLimit for
 * the hop limit); a default field that is unset is absent.
 */
export function simSettings(
  sim: Simulator,
  region: string,
  kind: "account-default" | "instance",
  id: string,
): Record<string, string | number> {
  const r = sim.state.region(region);
  if (!r) throw new Error(`no region ${region} in the simulator`);
  const instance = kind === "instance" ? r.instances.find((i) => i.id === id) : undefined;
  if (kind === "instance" && !instance) throw new Error(`no instance ${id} in ${region}`);
  const source: Record<string, unknown> = { ...(instance ?? r.defaults) };
  const out: Record<string, string | number> = {};
  const names: Record<string, string> = {
    httpTokens: "httpTokens",
    httpPutResponseHopLimit: "hopLimit",
    httpEndpoint: "httpEndpoint",
    instanceMetadataTags: "instanceMetadataTags",
    httpTokensEnforced: "httpTokensEnforced",
  };
  for (const [simName, name] of Object.entries(names)) {
    const v = source[simName];
    if (typeof v === "string" || typeof v === "number") out[name] = v;
  }
  return out;
}

/** Resolves once `path` has at least `lines` lines; rejects if the child exits first or time runs out. */
export async function waitForLines(path: string, lines: number, spawned: Spawned, timeoutMs = 30_000) {
  let exited = false;
  void spawned.done.then(() => {
    exited = true;
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const n = existsSync(path) ? readFileSync(path, "utf8").split("\n").length - 1 : 0;
    if (n >= lines) return n;
    if (exited) throw new Error(`imds exited before ${path} had ${lines} lines (it had ${n})`);
    if (Date.now() > deadline) throw new Error(`${path} had ${n} lines after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * A temp folder for one test file: scratch dirs for journals and reports (never the repo), runs
 * with their cwd there, and transcript entries with its path normalized. `cleanup` in afterAll.
 */
export function workspace(prefix: string, transcript: Transcript) {
  const root = mkdtempSync(join(tmpdir(), `imds-e2e-${prefix}-`));
  const clean = (s: string) => s.replaceAll(root, "/tmp/E2E");
  return {
    root,
    scratch(name: string): string {
      const dir = join(root, name);
      mkdirSync(dir);
      return dir;
    },
    run(args: string[]): Promise<Run> {
      return spawnImds(args, userEnv(), { cwd: root }).done;
    },
    record(title: string, r: Run, sim: Simulator): void {
      transcript.add(
        title,
        { ...r, args: r.args.map(clean), stdout: clean(r.stdout), stderr: clean(r.stderr) },
        sim.url,
      );
    },
    cleanup(): void {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A command's JSON report, checked against its published schema, or an error that shows what it printed instead. */
export function parseReport<T>(r: Run): T {
  let report: object;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    throw new Error(`stdout is not a JSON report (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
  const problems = reportProblems(report);
  if (problems.length)
    throw new Error(`the report does not follow its published schema: ${problems.join("; ")}`);
  return report as T;
}
