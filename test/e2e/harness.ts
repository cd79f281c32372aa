// Runs the built `imds` as a user would (a child process, real SDK, real HTTP) against the
// simulator, each test in its own temp folder and, where it needs one, its own fresh simulator.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ModifyInstanceMetadataOptionsCommand } from "@aws-sdk/client-ec2";
import {
  type ClockPatch,
  type ControlsPatch,
  type Scenario,
  type Simulator,
  startSimulator,
} from "../../src/sim/index.js";
import { reportProblems } from "../published-schemas.js";

const ROOT = resolve(import.meta.dirname, "../..");
export const BIN = join(ROOT, "bin/imds.js");
/** Sets a CLI run's clock (test/e2e/clock.mjs): runs against a simulator whose clock stands still. */
const CLOCK = pathToFileURL(join(import.meta.dirname, "clock.mjs")).href;

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

/** One empty home folder for every run of this test process, removed when it ends. */
let home: string | undefined;
function emptyHome(): string {
  if (!home) {
    const dir = mkdtempSync(join(tmpdir(), "imds-home-"));
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    home = dir;
  }
  return home;
}

/** Environment of a user with fake static credentials and no AWS config files. */
export function userEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: emptyHome(),
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

/**
 * Starts the built CLI without waiting for it; `cwd` keeps default-named files out of the repo.
 * With `now` (epoch ms), the CLI's clock starts there (test/e2e/clock.mjs) instead of the wall clock.
 * `preload` is a CommonJS file Node runs first (`node -r`); past `timeoutMs` the CLI is killed.
 */
export function spawnImds(
  args: string[],
  env: Record<string, string> = userEnv(),
  options: { cwd?: string; now?: number | undefined; preload?: string; timeoutMs?: number } = {},
): Spawned {
  const started = Date.now();
  const clock = options.now === undefined ? [] : ["--import", CLOCK];
  const preload = options.preload === undefined ? [] : ["-r", options.preload];
  const child = spawn(process.execPath, [...preload, ...clock, BIN, ...args], {
    env: options.now === undefined ? env : { ...env, IMDS_E2E_NOW: String(options.now) },
    cwd: options.cwd,
    stdio: ["ignore", "pipe", "pipe"],
    timeout: options.timeoutMs,
    killSignal: "SIGKILL",
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

/** A test's own temp folder: the cwd of its runs, so journals and reports never land in the repo. */
export interface Workspace {
  dir: string;
  /** A path in `dir`, its parent folders created: `file("demo/enforce.jsonl")`. */
  file(name: string): string;
  /** Runs the built CLI in `dir` and waits for it. */
  run(args: string[], env?: Record<string, string>): Promise<Run>;
  /** Starts the built CLI in `dir`, for a test that signals it. */
  spawn(args: string[], env?: Record<string, string>): Spawned;
}

/** A workspace and a fresh simulator of its own. */
export interface SimWorkspace extends Workspace {
  sim: Simulator;
}

/**
 * @param now the clock each run of the CLI starts at (a simulator's, when it stands still); the
 *   wall clock when it returns undefined.
 */
export async function withWorkspace<T>(
  body: (ws: Workspace) => Promise<T>,
  now: () => number | undefined = () => undefined,
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "imds-e2e-"));
  const ws: Workspace = {
    dir,
    file(name) {
      const path = join(dir, name);
      mkdirSync(dirname(path), { recursive: true });
      return path;
    },
    spawn: (args, env = userEnv()) => spawnImds(args, env, { cwd: dir, now: now() }),
    run: (args, env) => ws.spawn(args, env).done,
  };
  try {
    return await body(ws);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** How a test's simulator starts, over the scenario's own: its clock and controls. */
export interface SimStart {
  clock?: ClockPatch;
  controls?: ControlsPatch;
}

/**
 * A fresh simulator for `body`. While its clock stands still, every CLI run starts at the
 * simulator's time, so what the two exchange never depends on when the test runs.
 */
export async function withSimulator<T>(
  scenario: Scenario | string,
  body: (ws: SimWorkspace) => Promise<T>,
  start: SimStart = {},
): Promise<T> {
  const sim = await startSimulator({
    scenario,
    ...(start.clock ? { clock: start.clock } : {}),
    ...(start.controls ? { controls: start.controls } : {}),
  });
  const now = () => (sim.clock.fixed ? sim.clock.now() : undefined);
  try {
    return await withWorkspace((ws) => body({ ...ws, sim }), now);
  } finally {
    await sim.close();
  }
}

/** enforce --instances paced to 40 writes a second after a burst of 5: slow enough to interrupt. */
export function pacedEnforce(endpoint: string, journal: string, ...args: string[]): string[] {
  return [
    "enforce",
    "--endpoint-url",
    endpoint,
    "--instances",
    "--yes",
    "--write-rate",
    "40",
    "--write-burst",
    "5",
    "--journal",
    journal,
    ...args,
  ];
}

/**
 * Resolves once `ready()` is true, polling every 10 ms; rejects if the child exits first or time
 * runs out, with `state()` (what it saw last) in the message.
 */
export async function waitFor(
  ready: () => boolean,
  spawned: Spawned,
  state: () => string,
  timeoutMs = 30_000,
): Promise<void> {
  let exited = false;
  void spawned.done.then(() => {
    exited = true;
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (ready()) return;
    if (exited) throw new Error(`imds exited first: ${state()}`);
    if (Date.now() > deadline) throw new Error(`still waiting after ${timeoutMs} ms: ${state()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Resolves once `path` has at least `lines` lines; rejects if the child exits first or time runs out. */
export function waitForLines(path: string, lines: number, spawned: Spawned): Promise<void> {
  const count = () => (existsSync(path) ? readFileSync(path, "utf8").split("\n").length - 1 : 0);
  return waitFor(
    () => count() >= lines,
    spawned,
    () => `${path} has ${count()} lines, waiting for ${lines}`,
  );
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

/** A change run paced at `rate` writes a second after a burst of 11, its journal named, JSON out. */
export function changeArgs(command: string[], endpoint: string, journal: string, rate = "40"): string[] {
  return [
    ...command,
    "--endpoint-url",
    endpoint,
    "--yes",
    "--write-rate",
    rate,
    "--write-burst",
    "11",
    "--journal",
    journal,
    "--format",
    "json",
  ];
}

/** Another client (the SDK, not imds) requires IMDSv2 on `ids`, with hop limit `hopLimit`. */
export async function outsideWriter(
  client: { send(command: ModifyInstanceMetadataOptionsCommand): Promise<unknown> },
  ids: readonly string[],
  hopLimit: number,
): Promise<void> {
  for (const id of ids) {
    await client.send(
      new ModifyInstanceMetadataOptionsCommand({
        InstanceId: id,
        HttpTokens: "required",
        HttpPutResponseHopLimit: hopLimit,
      }),
    );
  }
}
