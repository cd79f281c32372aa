// Rows 3 and 6: the large audit (30 regions x 5,000 instances, 100 ms a call), minimal records over
// HTTP and realistic ones over HTTPS, against the competent bare-SDK baseline: rounds with the
// order rotated, medians and per-round ratios, CPU and peak RSS, the simulator's CPU beside.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { auditJson, fmt, generated, med, ROOT, rounds, run, startSim, tmp } from "../lib.mjs";
import { QUICK, ROUNDS, row, verdict } from "../table.mjs";

const node = process.execPath;
/** imds's page size, read from its source so the baseline always uses the same. */
export const PAGE_SIZE = Number(
  /INSTANCE_PAGE_SIZE = (\d+)/.exec(readFileSync(join(ROOT, "src/aws/reads.ts"), "utf8"))?.[1] ?? 1000,
);
export const CONCURRENCY = 32;

/** A report without what differs from run to run (when, how long). */
function comparable(file) {
  const report = JSON.parse(readFileSync(join(tmp, file), "utf8"));
  delete report.generatedAt;
  delete report.durationMs;
  return JSON.stringify(report);
}

/**
 * The fewest calls an audit can make: STS and DescribeRegions, then per region its instance pages,
 * 2 EC2 reads (defaults, images), the template versions where the region has templates, and the 3
 * launch-path reads of issue 13 (DescribeLaunchTemplates, DescribeAutoScalingGroups,
 * DescribeLaunchConfigurations).
 */
function minimumCalls(file) {
  const report = JSON.parse(readFileSync(join(tmp, file), "utf8"));
  const perRegion = report.regions.map(
    (r) =>
      Math.max(1, Math.ceil((r.counts?.instances ?? 0) / PAGE_SIZE)) + 2 + (r.counts?.templates ? 1 : 0) + 3,
  );
  return 2 + perRegion.reduce((sum, n) => sum + n, 0);
}

const cpuNote = (runs, sim) => `imds ${fmt.s(med(runs, "cpuMs"))}, simulator ${fmt.s(med(runs, sim))}`;

export async function largeAudit(payload) {
  const realistic = payload === "realistic";
  const scenario = QUICK ? generated(500) : "large";
  const sim = await startSim(scenario, ["--latency", "100", "--payload", payload], { https: realistic });
  const label = `${realistic ? "6" : "3"}. large audit, ${payload} records${realistic ? " over HTTPS" : ""}`;
  try {
    const base = () =>
      run(node, [join(ROOT, "bench/baseline-sdk.mjs"), sim.url, String(PAGE_SIZE), String(CONCURRENCY)], {
        env: sim.env,
        sim,
      });
    const results = await rounds(ROUNDS, { baseline: base, imds: () => auditJson(sim, `${payload}.json`) });
    await sim.resetLog();
    const sdkPath = await auditJson(sim, `${payload}-sdk.json`, ["--sdk-parser"]);
    const log = await sim.log();
    const b = results.baseline;
    const i = results.imds;
    const instances = Number(b[0].stdout.trim());
    const where = `(30 regions, ${instances} instances, 100 ms, page ${PAGE_SIZE}, ${CONCURRENCY} in flight)`;
    const wall = med(i, "ms") / med(b, "ms");
    const cpu = med(i, "cpuMs") / med(b, "cpuMs");
    row(
      `${label}: wall ${where}`,
      fmt.s(med(i, "ms")),
      `bare SDK: ${fmt.s(med(b, "ms"))}; imds with the SDK's parser: ${fmt.s(sdkPath.ms)}`,
      fmt.x(wall),
      realistic ? "<= 0.3x" : "<= 0.6x",
      `${verdict(wall <= (realistic ? 0.3 : 0.6))}; per round: ${fmt.ratios(i, b)}`,
    );
    row(
      `${label}: CPU`,
      fmt.s(med(i, "cpuMs")),
      `bare SDK: ${fmt.s(med(b, "cpuMs"))}; simulator meanwhile: ${fmt.s(med(i, "simCpuMs"))} / ${fmt.s(med(b, "simCpuMs"))}`,
      fmt.x(cpu),
      realistic ? "-" : "<= 0.5x",
      `${realistic ? "" : `${verdict(cpu <= 0.5)}; `}per round: ${fmt.ratios(i, b, "cpuMs")}`,
    );
    const perInstance = (med(i, "cpuMs") * 1000) / instances;
    row(
      `${label}: CPU per instance`,
      `${perInstance.toFixed(0)} us`,
      `bare SDK: ${((med(b, "cpuMs") * 1000) / instances).toFixed(0)} us`,
      fmt.x(cpu),
      realistic ? "<= 150 us" : "-",
      realistic ? verdict(perInstance <= 150) : "",
    );
    const rss = med(i, "rssMb");
    row(
      `${label}: peak RSS (median)`,
      fmt.mb(rss),
      `bare SDK: ${fmt.mb(med(b, "rssMb"))}; imds with the SDK's parser: ${fmt.mb(sdkPath.rssMb)}`,
      fmt.x(rss / med(b, "rssMb")),
      realistic ? "<= 300 MB" : "< 400 MB",
      `${verdict(rss <= (realistic ? 300 : 400))}; runs: ${i.map((r) => r.rssMb.toFixed(0)).join(" ")} MB`,
    );
    const same = comparable(`${payload}.json`) === comparable(`${payload}-sdk.json`);
    const minimum = minimumCalls(`${payload}-sdk.json`);
    row(
      `${label}: report and API calls`,
      same ? "report identical" : "REPORT DIFFERS",
      `imds with the SDK's parser; calls ${log.total}, minimum ${minimum}`,
      fmt.x(log.total / minimum),
      "identical; calls = minimum",
      verdict(same && log.total === minimum),
      cpuNote([sdkPath], "simCpuMs"),
    );
  } finally {
    await sim.stop();
  }
}
