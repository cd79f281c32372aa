// `npm run bench`: measures imds on the simulator, side by side with its peers and the limits,
// and prints one markdown table (also written to bench/results/latest.md with the machine).
// Rows follow issue 6. Set BENCH_QUICK=1 for a smaller, faster run.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { ENV, fmt, generated, median, ROOT, run, startSim, tmp } from "./lib.mjs";

const QUICK = process.env.BENCH_QUICK === "1";
const IMDS = join(ROOT, "bin/imds.js");
const node = process.execPath;
const rows = [];
const row = (name, imds, other, ratio, target, note = "") => {
  rows.push({ name, imds, other, ratio, target, note });
  console.error(`bench: ${name}: ${imds} vs ${other} = ${ratio} (${target}) ${note}`);
};

async function startup() {
  const times = { version: [], help: [] };
  for (let i = 0; i < (QUICK ? 5 : 21); i++) {
    times.version.push((await run(node, [IMDS, "--version"])).ms);
    times.help.push((await run(node, [IMDS, "--help"])).ms);
  }
  const bare = [];
  for (let i = 0; i < (QUICK ? 5 : 21); i++) bare.push((await run(node, ["-e", "0"])).ms);
  const v = median(times.version);
  row(
    "1. start-up: imds --version (median)",
    fmt.ms(v),
    `node -e 0: ${fmt.ms(median(bare))}`,
    fmt.x(v / median(bare)),
    "< 250 ms",
    v < 250 ? "met" : "MISSED",
  );
  const h = median(times.help);
  row(
    "1. start-up: imds --help (median)",
    fmt.ms(h),
    `node -e 0: ${fmt.ms(median(bare))}`,
    fmt.x(h / median(bare)),
    "-",
  );
}

function awsVersion() {
  try {
    return execFileSync("aws", ["--version"], { encoding: "utf8", env: ENV }).trim().split(" ")[0];
  } catch {
    return undefined;
  }
}

async function docsLoop() {
  const version = awsVersion();
  if (!version) {
    row(
      "2. AWS docs' CLI loop vs imds audit (17 regions, 100 ms)",
      "-",
      "skipped: no aws command",
      "-",
      ">= 10x",
    );
    return;
  }
  const sim = await startSim("demo", ["--latency", "100"]);
  try {
    const loop = `set -e; for r in $(aws ec2 describe-regions --endpoint-url ${sim.url} --query "Regions[].RegionName" --output text); do aws ec2 get-instance-metadata-defaults --endpoint-url ${sim.url} --region $r --output json > /dev/null; done`;
    const aws = await run("bash", ["-c", loop]);
    if (aws.code !== 0) throw new Error(`the AWS CLI loop failed: ${aws.stderr}`);
    const imds = await auditJson(sim.url, "row2.json");
    const ratio = aws.ms / imds.ms;
    row(
      "2. AWS docs' CLI loop vs imds audit (17 regions, 100 ms)",
      fmt.s(imds.ms),
      `${version} loop (defaults only): ${fmt.s(aws.ms)}`,
      fmt.x(ratio),
      ">= 10x faster",
      `${ratio >= 10 ? "met" : "MISSED"}; imds also reads instances, templates and AMIs`,
    );
  } finally {
    await sim.stop();
  }
}

async function largeAudit() {
  const scenario = QUICK ? generated(500) : "large";
  const sim = await startSim(scenario, ["--latency", "100"]);
  try {
    const base = await run(node, [join(ROOT, "bench/baseline-sdk.mjs"), sim.url]);
    await sim.resetLog();
    const imds = await auditJson(sim.url, "row3.json");
    const log = await sim.log();
    const instances = Number(base.stdout.trim());
    const regions = 30;
    const pagesPerRegion = Math.ceil(instances / regions / 1000);
    const lowerBound = pagesPerRegion * 100;
    // Minimum calls: STS + DescribeRegions, then per region the instance pages plus one call each
    // for defaults, launch templates and AMIs.
    const minimum = 2 + regions * (pagesPerRegion + 3);
    const ratio = imds.ms / base.ms;
    row(
      `3. large audit (${regions} regions, ${instances} instances, 100 ms)`,
      fmt.s(imds.ms),
      `bare SDK: ${fmt.s(base.ms)}; network bound: ${fmt.s(lowerBound)}`,
      fmt.x(ratio),
      "<= 1.15x of bare SDK",
      ratio <= 1.15 ? "met" : "MISSED",
    );
    row(
      "3. large audit: peak RSS",
      fmt.mb(imds.rssMb),
      `bare SDK: ${fmt.mb(base.rssMb)}`,
      "-",
      "< 400 MB",
      imds.rssMb < 400 ? "met" : "MISSED",
    );
    row(
      "3. large audit: API calls",
      String(log.total),
      `minimum: ${minimum}`,
      fmt.x(log.total / minimum),
      "= minimum",
      log.total === minimum ? "met" : "MISSED",
    );
  } finally {
    await sim.stop();
  }
}

async function enforceRow() {
  const n = QUICK ? 400 : 2000;
  const scale = 10;
  const scenario = {
    accountId: "123456789012",
    regions: {
      "eu-west-1": {
        defaults: { httpTokens: "required" },
        generate: [{ count: n, seed: 9, mix: [{ weight: 1, httpTokens: "optional" }] }],
      },
    },
  };
  const sim = await startSim(scenario, ["--time-scale", String(scale), "--applied-after", "200"]);
  try {
    const rate = 5 * scale;
    const bound = ((n - 100) / rate) * 1000;
    for (const command of ["enforce", "rollback"]) {
      await sim.resetLog();
      const journal = join(tmp, `${command}.jsonl`);
      const args =
        command === "enforce"
          ? ["enforce", "--instances", "--regions", "eu-west-1", "--yes", "--journal", journal]
          : ["rollback", join(tmp, "enforce.jsonl"), "--yes", "--journal", journal];
      const r = await run(node, [
        IMDS,
        ...args,
        "--endpoint-url",
        sim.url,
        "--write-rate",
        String(rate),
        "--format",
        "json",
        "--output",
        join(tmp, `${command}.json`),
      ]);
      const log = await sim.log();
      const report = JSON.parse(execFileSync("cat", [join(tmp, `${command}.json`)], { encoding: "utf8" }));
      const throttled = log.byCode?.RequestLimitExceeded ?? 0;
      const ratio = r.ms / bound;
      row(
        `4. ${command}: ${n} instances, one region (bucket 100 + 5/s, x${scale})`,
        fmt.s(r.ms),
        `bucket bound: ${fmt.s(bound)}`,
        fmt.x(ratio),
        "<= 1.10x, 0 failures",
        `${ratio <= 1.1 && report.summary.failed === 0 ? "met" : "MISSED"}; applied ${report.summary.applied}, failed ${report.summary.failed}, throttled ${throttled}`,
      );
    }
  } finally {
    await sim.stop();
  }
}

async function growth() {
  const sizes = QUICK ? [1_000, 10_000] : [1_000, 10_000, 50_000, 150_000];
  const results = [];
  for (const total of sizes) {
    const sim = await startSim(generated(Math.round(total / 30)), ["--latency", "100"]);
    try {
      const r = await auditJson(sim.url, "row5.json");
      results.push({ total, ms: r.ms, rss: r.rssMb });
    } finally {
      await sim.stop();
    }
  }
  const first = results[0];
  for (const r of results) {
    row(
      `5. growth: audit of ${r.total} instances (30 regions, 100 ms)`,
      fmt.s(r.ms),
      `RSS ${fmt.mb(r.rss)}`,
      `time ${fmt.x(r.ms / first.ms)}, RSS ${fmt.x(r.rss / first.rss)} for ${fmt.x(r.total / first.total)} instances`,
      "linear time, bounded memory",
    );
  }
}

/** `imds audit` of the whole account as JSON to a temp file: timed, with its peak RSS. */
function auditJson(url, file) {
  return run(node, [IMDS, "audit", "--endpoint-url", url, "--format", "json", "--output", join(tmp, file)]);
}

const only = process.argv[2];
const steps = { startup, docsLoop, largeAudit, enforceRow, growth };
for (const [name, step] of Object.entries(steps)) if (!only || only === name) await step();

const machine = `${cpus().length} x ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}`;
const table = [
  "| row | imds | compared with | ratio | target | note |",
  "|---|---|---|---|---|---|",
  ...rows.map((r) => `| ${r.name} | ${r.imds} | ${r.other} | ${r.ratio} | ${r.target} | ${r.note} |`),
].join("\n");
const md = `# imds benchmark\n\n${new Date().toISOString()} · ${machine}${QUICK ? " · BENCH_QUICK" : ""}\n\n${table}\n`;
mkdirSync(join(ROOT, "bench/results"), { recursive: true });
// Only a full run replaces latest.md; a quick or single-row run goes beside it.
const file = QUICK || only ? "partial.md" : "latest.md";
writeFileSync(join(ROOT, "bench/results", file), md);
process.stdout.write(md);
