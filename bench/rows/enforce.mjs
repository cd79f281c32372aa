// Row 4: enforce and rollback of thousands of instances in one region, against the bound its
// token bucket sets (100 burst, 5/s, time-scaled x10 by the simulator).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fmt, ROOT, run, startSim, tmp } from "../lib.mjs";
import { QUICK, row, verdict } from "../table.mjs";

export async function enforceRow() {
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
      const output = join(tmp, `${command}.json`);
      const r = await run(
        process.execPath,
        [
          join(ROOT, "bin/imds.js"),
          ...args,
          "--endpoint-url",
          sim.url,
          "--write-rate",
          String(rate),
          "--format",
          "json",
          "--output",
          output,
        ],
        { sim },
      );
      const log = await sim.log();
      const report = JSON.parse(readFileSync(output, "utf8"));
      const throttled = log.byCode?.RequestLimitExceeded ?? 0;
      const ratio = r.ms / bound;
      row(
        `4. ${command}: ${n} instances, one region (bucket 100 + 5/s, x${scale})`,
        fmt.s(r.ms),
        `bucket bound: ${fmt.s(bound)}`,
        fmt.x(ratio),
        "<= 1.10x, 0 failures",
        `${verdict(ratio <= 1.1 && report.summary.failed === 0)}; applied ${report.summary.applied}, failed ${report.summary.failed}, throttled ${throttled}`,
      );
    }
  } finally {
    await sim.stop();
  }
}
