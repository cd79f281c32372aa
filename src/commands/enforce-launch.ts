// enforce --launch-templates: each region's template, default and group changes, planned against
// the account default this run leaves behind (a template that inherits a default enforce makes
// required is left alone, as the next audit would pass it).
import { judgeLaunch } from "../core/launch-judge.js";
import { launchRegionOf, planLaunchPaths, type RefreshAdvice } from "../core/launch-plan.js";
import type { EnforcePlan, HopLimitRequest } from "../core/plan.js";
import { defaultsAfter } from "../core/preflight.js";
import type { RegionScan } from "../core/types.js";

export interface LaunchOptions {
  asgs: boolean;
  includeManaged: boolean;
  hopLimit: HopLimitRequest;
}

/** Adds the launch-path changes and skips to `plan` (after each region's default); returns the refresh advice. */
export function addLaunchPaths(
  scans: readonly RegionScan[],
  plan: EnforcePlan,
  opts: LaunchOptions,
): RefreshAdvice[] {
  const refresh: RefreshAdvice[] = [];
  const req = { asgs: opts.asgs, includeManaged: opts.includeManaged, hop: opts.hopLimit };
  for (const scan of scans) {
    const defaults = scan.defaults && defaultsAfter(scan.defaults, plan.changes, scan.region);
    const images = scan.templateImages ?? new Map();
    const region = launchRegionOf(scan, (v) => judgeLaunch(v, defaults, images));
    if (!region) continue;
    const p = planLaunchPaths(region, req);
    plan.changes.push(...p.changes);
    plan.skipped.push(...p.skipped);
    refresh.push(...p.refresh);
  }
  return refresh;
}
