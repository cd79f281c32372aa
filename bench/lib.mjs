// Helpers for the benchmark: run the simulator as its own process, time commands, read its log.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

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

/** Starts dist/sim.js with a scenario (a name, or an object written to a temp file). */
export async function startSim(scenario, flags = []) {
  let arg = scenario;
  if (typeof scenario === "object") {
    arg = join(tmp, `scenario-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(arg, JSON.stringify(scenario));
  }
  const child = spawn(
    process.execPath,
    [join(ROOT, "dist/sim.js"), "--scenario", arg, "--port", "0", ...flags],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const url = await new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`simulator exited with ${code}`)));
    createInterface({ input: child.stdout }).on("line", (line) => {
      const m = /listening on (http:\/\/\S+)/.exec(line);
      if (m) resolve(m[1]);
    });
  });
  const api = async (method, path, body) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { "content-type": "application/json" },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return res.json();
  };
  return {
    url,
    controls: (patch) => api("POST", "/_sim/controls", patch),
    log: () => api("GET", "/_sim/log"),
    resetLog: () => api("POST", "/_sim/log/reset"),
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", resolve);
        child.kill("SIGTERM");
      }),
  };
}

/** Runs a command; returns wall ms, peak RSS in MB (from /usr/bin/time), exit code and output. */
export function run(cmd, args, opts = {}) {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn("/usr/bin/time", ["-f", "RSSKB=%M", cmd, ...args], {
      env: ENV,
      stdio: ["ignore", "pipe", "pipe"],
      ...opts,
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
      const rss = Number(/RSSKB=(\d+)/.exec(stderr)?.[1] ?? 0) / 1024;
      resolve({ ms, rssMb: rss, code, stdout, stderr: stderr.replace(/RSSKB=\d+\n?/, "") });
    });
  });
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export const fmt = {
  s: (ms) => `${(ms / 1000).toFixed(2)} s`,
  ms: (ms) => `${ms.toFixed(0)} ms`,
  x: (r) => `${r.toFixed(2)}x`,
  mb: (mb) => `${mb.toFixed(0)} MB`,
};

/**
 * A generated account like the shipped `large` one (same 30 regions), with `perRegion` instances in
 * each, half of them allowing IMDSv1.
 */
export function generated(perRegion, seed = 1) {
  const large = JSON.parse(readFileSync(join(ROOT, "scenarios/large.json"), "utf8"));
  return {
    accountId: "123456789012",
    optedInRegions: large.optedInRegions,
    regions: {
      "*": {
        generate: [
          {
            count: perRegion,
            seed,
            mix: [
              { weight: 1, httpTokens: "optional" },
              { weight: 1, httpTokens: "required", httpPutResponseHopLimit: 2 },
            ],
          },
        ],
      },
    },
  };
}
