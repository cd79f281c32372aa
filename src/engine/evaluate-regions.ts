// Reads every region in scope and evaluates each as soon as it is read: instances page by page as
// they arrive, so memory holds one compact copy of each resource and no raw records. The audit of
// one account, and of each account of an organization.
import type { Clients } from "../aws/clients.js";
import type { EvaluateOptions } from "../core/evaluate.js";
import { type EvaluatedRegion, evaluateRegion, InstanceTally } from "../core/report.js";
import type { RegionScan } from "../core/types.js";
import { scanEach } from "./scan.js";

export interface EvaluateRegionsOptions {
  regions: readonly string[];
  states: readonly string[];
  /** How resources are judged: --max-hop-limit, and the config file's rules. */
  evaluate: EvaluateOptions;
  evidenceDays?: number | undefined;
}

/** Every region evaluated, in the order of `opts.regions`; `onRegionDone` hears each as it is read. */
export async function evaluateRegions(
  clients: Clients,
  opts: EvaluateRegionsOptions,
  onRegionDone?: (scan: RegionScan, done: number, total: number) => void,
): Promise<EvaluatedRegion[]> {
  const { evaluate } = opts;
  const tallies = new Map(opts.regions.map((r) => [r, new InstanceTally(r, evaluate)]));
  const evaluated = new Map<string, EvaluatedRegion>();
  await scanEach(
    clients,
    { regions: opts.regions, states: opts.states, evidenceDays: opts.evidenceDays },
    {
      onInstances(region, page) {
        tallies.get(region)?.add(page);
      },
      onRegionDone(scan, done, total) {
        // A read that failed part-way reports no instances rather than some of them.
        const failed = scan.errors.some((e) => e.part === "instances");
        const tally = failed ? undefined : tallies.get(scan.region);
        tallies.delete(scan.region);
        evaluated.set(scan.region, evaluateRegion(scan, evaluate, tally));
        onRegionDone?.(scan, done, total);
      },
    },
  );
  return opts.regions.flatMap((r) => evaluated.get(r) ?? []);
}
