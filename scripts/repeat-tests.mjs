// `npm run test:repeat -- N`: the test suite N times in a row (default 20), after one build, one
// line per run appended to test-runs.log (the commit, the counts, the seconds, the load average);
// stops at the first failing run and keeps its whole output beside the log. Issue 10's proof that
// the suite does not depend on the clock or on test order is this log.
import { spawnSync } from "node:child_process";
import { appendFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";

const runs = Number(process.argv[2] ?? 20);
if (!Number.isInteger(runs) || runs < 1) {
  console.error("test:repeat: give a number of runs, e.g. npm run test:repeat -- 20");
  process.exit(2);
}
const log = "test-runs.log";
const sh = (cmd) => spawnSync(cmd, { shell: true, encoding: "utf8", maxBuffer: 256 * 2 ** 20 });
const commit = sh("git rev-parse --short HEAD").stdout.trim();
const build = sh("npm run build");
if (build.status !== 0) {
  process.stderr.write(build.stdout + build.stderr);
  process.exit(1);
}
appendFileSync(log, `# ${new Date().toISOString()} ${commit}: vitest run, ${runs} times in a row\n`);
for (let i = 1; i <= runs; i++) {
  const start = process.hrtime.bigint();
  const r = sh("npx vitest run");
  const seconds = Number((process.hrtime.bigint() - start) / 1_000_000_000n);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: vitest's colours
  const plain = (r.stdout + r.stderr).replace(/\x1b\[[0-9;]*m/g, "");
  const counts =
    plain
      .match(/^\s+(Test Files|Tests)\s+.*$/gm)
      ?.map((l) => l.trim())
      .join("; ") ?? "no summary";
  const line = `run ${i}/${runs}: exit ${r.status}, ${seconds} s, load ${loadavg()[0].toFixed(2)}: ${counts}`;
  appendFileSync(log, `${line}\n`);
  console.log(line);
  if (r.status !== 0) {
    writeFileSync(`test-runs.fail-${i}.log`, plain);
    console.error(`test:repeat: run ${i} failed; its output is in test-runs.fail-${i}.log`);
    process.exit(1);
  }
}
