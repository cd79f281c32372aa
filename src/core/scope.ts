// Which regions a command covers. Pure.
import { UsageError } from "../errors.js";

export interface RegionInfo {
  name: string;
  /** opt-in-not-required | opted-in | not-opted-in */
  optInStatus: string;
}

export interface ScopeRequest {
  regions?: string[] | undefined;
  excludeRegions?: string[] | undefined;
  /** --all-regions: every enabled region, whatever region list a configuration gave. */
  allRegions?: boolean | undefined;
}

function isEnabled(r: RegionInfo): boolean {
  return r.optInStatus !== "not-opted-in";
}

function check(
  names: readonly string[],
  all: readonly RegionInfo[],
  flag: string,
  mustBeEnabled: boolean,
): void {
  const enabled = all
    .filter(isEnabled)
    .map((r) => r.name)
    .sort();
  for (const name of names) {
    const info = all.find((r) => r.name === name);
    if (info === undefined) {
      throw new UsageError(`${flag}: unknown region "${name}". Enabled regions: ${enabled.join(", ")}`);
    }
    if (mustBeEnabled && !isEnabled(info)) {
      throw new UsageError(
        `${flag}: region "${name}" is not enabled for this account (enable it in the AWS console, or choose from: ${enabled.join(", ")})`,
      );
    }
  }
}

/**
 * The sorted list of regions in scope: every enabled region, or those asked for, minus exclusions.
 * `allRegions` overrides a region list (one from a configuration; the CLI refuses both flags).
 */
export function resolveScope(all: readonly RegionInfo[], req: ScopeRequest): string[] {
  const named = req.allRegions ? undefined : req.regions;
  if (named?.length) check(named, all, "--regions", true);
  if (req.excludeRegions?.length) check(req.excludeRegions, all, "--exclude-regions", false);
  const base = named?.length ? [...new Set(named)] : all.filter(isEnabled).map((r) => r.name);
  const excluded = new Set(req.excludeRegions ?? []);
  const scope = base.filter((r) => !excluded.has(r)).sort();
  if (scope.length === 0)
    throw new UsageError("no regions left in scope: check --regions and --exclude-regions");
  return scope;
}

/**
 * Organization runs: the names in --regions and --exclude-regions must be regions AWS has (checked
 * against the caller's list of every region), not necessarily ones the caller enabled: each
 * account has its own enabled regions.
 */
export function checkRegionNames(all: readonly RegionInfo[], req: ScopeRequest): void {
  const named = req.allRegions ? undefined : req.regions;
  if (named?.length) check(named, all, "--regions", false);
  if (req.excludeRegions?.length) check(req.excludeRegions, all, "--exclude-regions", false);
}

/**
 * One account's regions in scope, from its own enabled regions: the named ones it has enabled (or
 * every enabled one), minus exclusions, sorted; `notEnabled` lists named regions it has not enabled
 * (nothing can run there, so they are reported, not read).
 */
export function accountScope(
  all: readonly RegionInfo[],
  req: ScopeRequest,
): { regions: string[]; notEnabled: string[] } {
  const named = req.allRegions ? undefined : req.regions;
  const enabled = new Set(all.filter(isEnabled).map((r) => r.name));
  const excluded = new Set(req.excludeRegions ?? []);
  const wanted = (named?.length ? [...new Set(named)] : [...enabled]).filter((r) => !excluded.has(r));
  return {
    regions: wanted.filter((r) => enabled.has(r)).sort(),
    notEnabled: wanted.filter((r) => !enabled.has(r)).sort(),
  };
}
