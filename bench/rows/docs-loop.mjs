// Row 2: the AWS docs' CLI loop (account defaults, region by region) against imds audit, which
// reads defaults, instances, templates and AMIs. The loop also run in parallel (xargs -P), so the
// row does not only measure 18 CLI start-ups one after another.
import { execFileSync } from "node:child_process";
import { auditJson, ENV, fmt, med, rounds, run, startSim } from "../lib.mjs";
import { ROUNDS, row, verdict } from "../table.mjs";

const NAME = "2. AWS docs' CLI loop vs imds audit (demo: 17 regions, 100 ms)";

function awsVersion() {
  try {
    return execFileSync("aws", ["--version"], { encoding: "utf8", env: ENV }).trim().split(" ")[0];
  } catch {
    return undefined; // no AWS CLI: the row says so
  }
}

export async function docsLoop() {
  const version = awsVersion();
  if (!version) {
    row(NAME, "-", "skipped: no aws command", "-", ">= 10x");
    return;
  }
  const sim = await startSim("demo", ["--latency", "100"]);
  try {
    const regions = `aws ec2 describe-regions --endpoint-url ${sim.url} --query "Regions[].RegionName" --output text | tr '\\t' '\\n'`;
    const one = `aws ec2 get-instance-metadata-defaults --endpoint-url ${sim.url} --output json --region`;
    const loops = {
      sequential: `set -e; for r in $(${regions}); do ${one} $r > /dev/null; done`,
      parallel: `set -eo pipefail; ${regions} | xargs -P 17 -I{} ${one} {} > /dev/null`,
    };
    const bash = (script) => async () => {
      const r = await run("bash", ["-c", script], { sim });
      if (r.code !== 0) throw new Error(`the AWS CLI loop failed: ${r.stderr}`);
      return r;
    };
    const results = await rounds(ROUNDS, {
      sequential: bash(loops.sequential),
      parallel: bash(loops.parallel),
      imds: () => auditJson(sim, "row2.json"),
    });
    const imds = med(results.imds, "ms");
    for (const kind of ["sequential", "parallel"]) {
      const loop = med(results[kind], "ms");
      row(
        `${NAME}: ${kind} loop`,
        fmt.s(imds),
        `${version} ${kind === "parallel" ? "xargs -P 17" : "for"} loop, defaults only: ${fmt.s(loop)}`,
        fmt.x(loop / imds),
        kind === "sequential" ? ">= 10x faster" : "- (for the record)",
        `${kind === "sequential" ? `${verdict(loop / imds >= 10)}; ` : ""}per round: ${fmt.ratios(results[kind], results.imds)}; imds also reads instances, templates and AMIs`,
      );
    }
  } finally {
    await sim.stop();
  }
}
