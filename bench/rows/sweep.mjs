// Row 7: the page size and pages in flight imds uses, chosen from these figures: imds's own
// instance reads (its clients, reader and limiter; bench/read-instances.ts) over realistic records
// on HTTPS, 30 regions x 5,000 instances, 100 ms a call.
import { bundle, fmt, generated, med, rounds, run, startSim } from "../lib.mjs";
import { QUICK, row } from "../table.mjs";
import { CONCURRENCY, PAGE_SIZE } from "./large.mjs";

export async function sweep() {
  const entry = await bundle("read-instances.ts");
  const sim = await startSim(QUICK ? generated(500) : "large", ["--latency", "100"], { https: true });
  const configs = QUICK
    ? [
        [250, 32],
        [1000, 32],
      ]
    : [
        [100, 32],
        [250, 32],
        [500, 32],
        [1000, 32],
        [PAGE_SIZE, 8],
        [PAGE_SIZE, 16],
      ];
  try {
    const variants = Object.fromEntries(
      configs.map(([size, inFlight]) => [
        `${size}/${inFlight}`,
        () => run(process.execPath, [entry, sim.url, String(size), String(inFlight)], { env: sim.env, sim }),
      ]),
    );
    const results = await rounds(QUICK ? 1 : 2, variants);
    for (const [name, runs] of Object.entries(results)) {
      const [size, inFlight] = name.split("/");
      const chosen = Number(size) === PAGE_SIZE && Number(inFlight) === CONCURRENCY;
      row(
        `7. instance reads: page ${size}, ${inFlight} regions in flight`,
        fmt.s(med(runs, "ms")),
        `RSS ${fmt.mb(med(runs, "rssMb"))}; CPU ${fmt.s(med(runs, "cpuMs"))}; simulator ${fmt.s(med(runs, "simCpuMs"))}`,
        "-",
        "best time at bounded memory",
        chosen ? "imds's choice" : "",
      );
    }
  } finally {
    await sim.stop();
  }
}
