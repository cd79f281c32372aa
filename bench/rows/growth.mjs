// Row 5: how an audit's time and memory grow with the account (realistic records over HTTPS). It
// shows time roughly linear and memory growing by a measured amount per instance: imds keeps a
// compact record and a finding per instance for the report, so memory is not bounded.
import { auditJson, fmt, generated, startSim } from "../lib.mjs";
import { QUICK, row } from "../table.mjs";

export async function growth() {
  const sizes = QUICK ? [1_000, 10_000] : [1_000, 10_000, 50_000, 150_000];
  const results = [];
  for (const total of sizes) {
    const sim = await startSim(generated(Math.round(total / 30)), ["--latency", "100"], { https: true });
    try {
      const r = await auditJson(sim, "row5.json");
      results.push({ total, ms: r.ms, rss: r.rssMb });
    } finally {
      await sim.stop();
    }
  }
  const first = results[0];
  for (const r of results) {
    const slope =
      r === first
        ? "-"
        : `${(((r.rss - first.rss) * 1024) / (r.total - first.total)).toFixed(2)} KB per instance above ${first.total}`;
    row(
      `5. growth: audit of ${r.total} instances (30 regions, 100 ms, realistic, HTTPS)`,
      fmt.s(r.ms),
      `RSS ${fmt.mb(r.rss)}`,
      `time ${fmt.x(r.ms / first.ms)}, RSS ${fmt.x(r.rss / first.rss)} for ${fmt.x(r.total / first.total)} instances`,
      "time linear; memory per instance stated",
      `memory grows ${slope}`,
    );
  }
}
