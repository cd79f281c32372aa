// Helpers for the benchmark: run the simulator as its own process (its CPU read from /proc), time
// commands with their CPU and peak RSS, run variants in rounds with the order rotated, bundle
// TypeScript entries.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { build } from "esbuild";

export const ROOT = new URL("..", import.meta.url).pathname;
export const tmp = mkdtempSync(join(tmpdir(), "imds-bench-"));

export const ENV = {
  ...process.env,
  AWS_ACCESS_KEY_ID: "AKIABENCHBENCHBENCH1",
  AWS_SECRET_ACCESS_KEY: "bench-secret-not-real",
  AWS_REGION: "us-east-1",
  AWS_DEFAULT_REGION: "us-east-1",
  AWS_CONFIG_FILE: "/dev/null",
  AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
  AWS_EC2_METADATA_DISABLED: "true",
  AWS_PAGER: "",
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
};

/** Clock ticks per second of /proc/<pid>/stat CPU times (USER_HZ, 100 on Linux). */
const TICKS = 100;

/** CPU milliseconds (user + system) a process has used so far, from /proc; 0 where there is none. */
export function cpuMsOf(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS;
  } catch {
    return 0;
  }
}

/**
 * Starts dist/sim.js with a scenario (a name, or an object written to a temp file). With
 * `https`, it serves TLS and `ca` is the file a client trusts (NODE_EXTRA_CA_CERTS).
 */
export async function startSim(scenario, flags = [], { https = false } = {}) {
  let arg = scenario;
  if (typeof scenario === "object") {
    arg = join(tmp, `scenario-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(arg, JSON.stringify(scenario));
  }
  const ca = join(tmp, `ca-${Math.random().toString(36).slice(2)}.pem`);
  const tls = https ? ["--https", "--ca-file", ca] : [];
  const child = spawn(
    process.execPath,
    [join(ROOT, "dist/sim.js"), "--scenario", arg, "--port", "0", ...tls, ...flags],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const url = await new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`simulator exited with ${code}`)));
    createInterface({ input: child.stdout }).on("line", (line) => {
      const m = /listening on (https?:\/\/\S+)/.exec(line);
      if (m) resolve(m[1]);
    });
  });
  const control = (method, path) => controlCall(url, https ? readFileSync(ca) : undefined, method, path);
  return {
    url,
    /** Environment additions a client needs: the CA to trust over HTTPS. */
    env: https ? { NODE_EXTRA_CA_CERTS: ca } : {},
    cpuMs: () => cpuMsOf(child.pid),
    log: () => control("GET", "/_sim/log"),
    resetLog: () => control("POST", "/_sim/log/reset"),
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", resolve);
        child.kill("SIGTERM");
      }),
  };
}

/** A call to the simulator's control API (`/_sim/...`), over HTTPS trusting its CA when given. */
async function controlCall(url, ca, method, path) {
  const { request } = await import(ca ? "node:https" : "node:http");
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method, ...(ca ? { ca } : {}) }, (res) => {
      let text = "";
      res.on("data", (d) => {
        text += d;
      });
      res.on("end", () => resolve(JSON.parse(text)));
    });
    req.on("error", reject);
    req.end();
  });
}

/**
 * Runs a command; returns wall ms, CPU ms (user + system, from /usr/bin/time), peak RSS in MB,
 * exit code and output. With `sim`, also the simulator's CPU ms over the same span.
 */
export function run(cmd, args, { env = {}, sim } = {}) {
  const started = performance.now();
  const simBefore = sim?.cpuMs() ?? 0;
  return new Promise((resolve, reject) => {
    const child = spawn("/usr/bin/time", ["-f", "BENCHTIME=%M %U %S", cmd, ...args], {
      env: { ...ENV, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const ms = performance.now() - started;
      const m = /BENCHTIME=(\d+) ([\d.]+) ([\d.]+)/.exec(stderr);
      resolve({
        ms,
        rssMb: Number(m?.[1] ?? 0) / 1024,
        cpuMs: (Number(m?.[2] ?? 0) + Number(m?.[3] ?? 0)) * 1000,
        simCpuMs: sim ? sim.cpuMs() - simBefore : 0,
        code,
        stdout,
        stderr: stderr.replace(/BENCHTIME=.*\n?/, ""),
      });
    });
  });
}

/** `imds audit` of the whole account as JSON to a temp file, against `sim`: timed, with CPU and RSS. */
export function auditJson(sim, file, extra = []) {
  return run(
    process.execPath,
    [
      join(ROOT, "bin/imds.js"),
      "audit",
      "--endpoint-url",
      sim.url,
      "--format",
      "json",
      "--output",
      join(tmp, file),
      ...extra,
    ],
    { env: sim.env, sim },
  );
}

/**
 * Runs each variant once per round, `rounds` times, the order rotated every round (so no variant
 * always goes first against a cold simulator). Returns each variant's results in round order.
 */
export async function rounds(count, variants) {
  const names = Object.keys(variants);
  const out = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < count; r++) {
    const order = names.map((_, i) => names[(i + r) % names.length]);
    for (const name of order) out[name].push(await variants[name](r));
    console.error(`bench:   round ${r + 1}/${count}: ${order.join(", ")}`);
  }
  return out;
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Median of one measure over a variant's runs. */
export const med = (runs, key) => median(runs.map((r) => r[key]));

export const fmt = {
  s: (ms) => `${(ms / 1000).toFixed(2)} s`,
  ms: (ms) => `${ms.toFixed(0)} ms`,
  x: (r) => `${r.toFixed(2)}x`,
  mb: (mb) => `${mb.toFixed(0)} MB`,
  /** Per-round ratios a/b, e.g. "0.21 0.19 0.22". */
  ratios: (a, b, key = "ms") => a.map((run, i) => (run[key] / b[i][key]).toFixed(2)).join(" "),
};

/**
 * A generated account like the shipped `large` one (same 30 regions and mix), with `perRegion`
 * instances in each.
 */
export function generated(perRegion) {
  const large = JSON.parse(readFileSync(join(ROOT, "scenarios/large.json"), "utf8"));
  large.name = `large-${perRegion}`;
  for (const g of large.regions["*"].generate) g.count = perRegion;
  return large;
}

/** Bundles a TypeScript entry of bench/ (it imports src/) into one runnable file. */
export async function bundle(entry) {
  const outfile = join(tmp, entry.replace(/\.ts$/, ".mjs"));
  await build({
    entryPoints: [join(ROOT, "bench", entry)],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "warning",
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  });
  return outfile;
}
