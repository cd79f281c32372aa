// Row 8: an organization. The audit of 500 accounts x 17 regions x 20 instances (100 ms a call)
// against the competent bare-SDK baseline over the same (account, region) units in the same run:
// wall time, peak RSS, AssumeRole calls (one per member account), and what binds at 5,000 accounts.
// Then enforce of the account defaults across the 500 accounts against the bound the calls set
// (ModifyInstanceMetadataDefaults' 2/2 bucket per account and region never binds one change each).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fmt, med, ROOT, rounds, run, startSim, tmp } from "../lib.mjs";
import { QUICK, ROUNDS, row, verdict } from "../table.mjs";
import { PAGE_SIZE } from "./large.mjs";

const node = process.execPath;
const ACCOUNTS = QUICK ? 50 : 500;
const REGIONS = 17;
const LATENCY_MS = 100;
/** Calls in flight and accounts in flight, the same for imds and the baseline. */
const CONCURRENCY = 256;
const MAX_ACCOUNTS = 32;

const scenario = QUICK
  ? {
      accountId: "111111111111",
      generate: { accounts: ACCOUNTS - 1, regions: REGIONS, instancesPerRegion: 20 },
    }
  : "org-large";
const bound = (calls) => (calls * LATENCY_MS) / CONCURRENCY;
const orgFlags = ["--org", "--concurrency", String(CONCURRENCY), "--max-accounts", String(MAX_ACCOUNTS)];

function imdsAudit(sim, file) {
  return run(
    node,
    [
      join(ROOT, "bin/imds.js"),
      "audit",
      "--endpoint-url",
      sim.url,
      ...orgFlags,
      "--format",
      "json",
      "--output",
      join(tmp, file),
    ],
    { sim },
  );
}

function baseline(sim) {
  const args = [sim.url, String(PAGE_SIZE), String(CONCURRENCY), String(MAX_ACCOUNTS)];
  return run(node, [join(ROOT, "bench/baseline-org-sdk.mjs"), ...args], { sim });
}

async function auditRows(sim) {
  const results = await rounds(ROUNDS, {
    baseline: () => baseline(sim),
    imds: () => imdsAudit(sim, "org.json"),
  });
  await sim.resetLog();
  const one = await imdsAudit(sim, "org-log.json");
  const log = await sim.log();
  // The calls the work takes: answered ones (retries and throttled replies would raise the bound).
  const calls = log.total - Object.values(log.byCode ?? {}).reduce((a, b) => a + b, 0);
  const report = JSON.parse(readFileSync(join(tmp, "org-log.json"), "utf8"));
  const accounts = report.totals.accounts;
  const instances = report.totals.instances;
  const b = results.baseline;
  const i = results.imds;
  const where = `(${accounts} accounts x ${REGIONS} regions, ${instances} instances, ${LATENCY_MS} ms, ${CONCURRENCY} calls and ${MAX_ACCOUNTS} accounts in flight)`;
  const wall = med(i, "ms") / med(b, "ms");
  const cpuMs = med(i, "cpuMs");
  row(
    `8. organization audit: wall ${where}`,
    fmt.s(med(i, "ms")),
    `bare SDK: ${fmt.s(med(b, "ms"))}; network bound ${fmt.s(bound(calls))} (${calls} calls answered)`,
    fmt.x(wall),
    "<= 1.15x",
    `${verdict(wall <= 1.15)}; exit ${one.code}; ${fmt.s(cpuMs)} CPU (${(accounts / (cpuMs / 1000)).toFixed(1)} accounts per CPU second), simulator ${fmt.s(med(i, "simCpuMs"))}`,
  );
  const floor = await sdkFloor();
  row(
    "8. organization audit: accounts per CPU second",
    (accounts / (cpuMs / 1000)).toFixed(1),
    `CPU per call: imds ${(cpuMs / log.total).toFixed(2)} ms; the bare SDK's smallest call alone ${floor.toFixed(2)} ms, so at most ${(1000 / (floor * (calls / accounts))).toFixed(1)} accounts of ${(calls / accounts).toFixed(0)} calls`,
    "-",
    ">= 10 per core",
    verdict(accounts / (cpuMs / 1000) >= 10),
  );
  row(
    "8. organization audit: peak RSS",
    fmt.mb(med(i, "rssMb")),
    `bare SDK: ${fmt.mb(med(b, "rssMb"))}`,
    "-",
    "<= 400 MB, bounded by the report",
    `${verdict(med(i, "rssMb") <= 400)}; the accounts' regions and resources go to a spool as each is done`,
  );
  const assumes = log.byRegionAction?.["us-east-1 AssumeRole"] ?? 0;
  row(
    "8. organization audit: sts:AssumeRole calls",
    String(assumes),
    `member accounts: ${accounts - 1}`,
    fmt.x(assumes / Math.max(1, accounts - 1)),
    "= accounts",
    verdict(assumes === accounts - 1),
  );
  extrapolate(accounts, med(i, "ms"), cpuMs, med(i, "rssMb"), calls / accounts);
}

/** CPU milliseconds the bare SDK spends on its smallest EC2 call (bench/sdk-floor.mjs), unthrottled. */
async function sdkFloor() {
  const sim = await startSim({ accountId: "111111111111", regions: { "eu-west-1": {} } }, ["--no-throttle"]);
  try {
    const r = await run(node, [join(ROOT, "bench/sdk-floor.mjs"), sim.url, "3000"], { sim });
    return Number(r.stdout.trim());
  } finally {
    await sim.stop();
  }
}

/** What 5,000 accounts (AWS's default organization limit) would take, and what binds. */
function extrapolate(accounts, ms, cpuMs, rssMb, callsPerAccount) {
  const k = 5000 / accounts;
  const network = bound(5000 * callsPerAccount);
  const cpu = (cpuMs * k) / 1; // one process uses one core for its JavaScript
  const sts = (5000 / 100) * 1000; // imds's AssumeRole pace: 100 a second
  const orgPages = Math.ceil(5000 / 20);
  const organizations = Math.max(orgPages * LATENCY_MS, ((orgPages - 20) / 5) * 1000); // 20 burst, 5/s
  const binds = [
    ["CPU", cpu],
    ["calls in flight (network)", network],
    ["sts:AssumeRole pace", sts],
    ["Organizations listing", organizations],
  ].sort((a, b) => b[1] - a[1]);
  row(
    "8. organization audit: extrapolated to 5,000 accounts",
    fmt.s(ms * k),
    `bounds: ${binds.map(([what, t]) => `${what} ${fmt.s(t)}`).join(", ")}`,
    "-",
    "one process",
    `binds: ${binds[0][0]}; sockets stay <= ${CONCURRENCY} (shared agents), memory ~${fmt.mb(rssMb)} (spooled), shard with --shard I/N past one machine`,
  );
}

async function enforceRow(sim) {
  await sim.resetLog();
  const r = await run(
    node,
    [
      join(ROOT, "bin/imds.js"),
      "enforce",
      "--endpoint-url",
      sim.url,
      ...orgFlags,
      "--yes",
      "--wait",
      "60",
      "--journal",
      join(tmp, "org-enforce.jsonl"),
      "--format",
      "json",
      "--output",
      join(tmp, "org-enforce.json"),
    ],
    { sim },
  );
  const report = JSON.parse(readFileSync(join(tmp, "org-enforce.json"), "utf8"));
  const log = await sim.log();
  const places = report.regions.length;
  const accounts = new Set(report.regions.map((x) => x.account)).size;
  // The fewest calls: per account AssumeRole (members) and DescribeRegions, per (account, region) one
  // read of the defaults, one change (burst 2 of the 2/2 bucket: never waits), one read back.
  const calls = accounts * 2 + places * 3;
  const ratio = r.ms / bound(calls);
  const throttled = log.byCode?.RequestLimitExceeded ?? 0;
  row(
    `8. enforce of the defaults across ${accounts} accounts (${places} account-regions)`,
    fmt.s(r.ms),
    `bound: ${fmt.s(bound(calls))} (${calls} calls, ${CONCURRENCY} in flight; the 2/2 bucket lets each region's one change through at once)`,
    fmt.x(ratio),
    "<= 1.10x, 0 failures",
    `${verdict(ratio <= 1.1 && report.summary.failed === 0)}; applied ${report.summary.applied}, failed ${report.summary.failed}, throttled ${throttled}; exit ${r.code}; ${fmt.s(r.cpuMs)} CPU, ${(r.cpuMs / calls).toFixed(2)} ms a call: CPU binds, not the bucket nor the journal (its intents are fsynced in groups)`,
  );
}

export async function orgRows() {
  const sim = await startSim(scenario, ["--latency", String(LATENCY_MS), "--applied-after", "0"]);
  try {
    await auditRows(sim);
    await enforceRow(sim);
  } finally {
    await sim.stop();
  }
}
