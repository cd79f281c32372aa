// `npm run bench`: measures imds on the simulator beside its peers and the limits, and prints one
// markdown table (written to bench/results/latest.md with the machine). BENCH_QUICK=1 runs a
// smaller, faster version; `npm run bench -- ROW` runs one row (startup, docsLoop, minimal,
// realistic, enforce, growth, sweep, org). BENCH_ROUNDS sets the rounds per comparison (default 5).
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { ROOT } from "./lib.mjs";
import { docsLoop } from "./rows/docs-loop.mjs";
import { enforceRow } from "./rows/enforce.mjs";
import { growth } from "./rows/growth.mjs";
import { largeAudit } from "./rows/large.mjs";
import { orgRows } from "./rows/org.mjs";
import { startup } from "./rows/startup.mjs";
import { sweep } from "./rows/sweep.mjs";
import { markdown, QUICK, ROUNDS } from "./table.mjs";

const steps = {
  startup,
  docsLoop,
  minimal: () => largeAudit("minimal"),
  realistic: () => largeAudit("realistic"),
  enforce: enforceRow,
  growth,
  sweep,
  org: orgRows,
};
const only = process.argv[2];
if (only && !steps[only]) {
  console.error(`bench: no row "${only}" (rows: ${Object.keys(steps).join(", ")})`);
  process.exit(2);
}
const load = loadavg()[0];
for (const [name, step] of Object.entries(steps)) if (!only || only === name) await step();

const machine = `${cpus().length} x ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}; load average at start ${load.toFixed(2)}, at end ${loadavg()[0].toFixed(2)}`;
const md = `# imds benchmark\n\n${new Date().toISOString()} · ${machine} · ${ROUNDS} rounds${QUICK ? " · BENCH_QUICK" : ""}\n\n${markdown()}\n`;
mkdirSync(join(ROOT, "bench/results"), { recursive: true });
// Only a full run replaces latest.md; a quick or single-row run goes beside it.
const file = QUICK || only ? "partial.md" : "latest.md";
writeFileSync(join(ROOT, "bench/results", file), md);
process.stdout.write(md);
