// enforce --launch-templates: each region's template, default and group changes, planned against
// the account default this run leaves behind (a template that inherits a default enforce makes
// required is left alone, as the next audit would pass it).
import { exceptedText } from "../core/exceptions.js";
import { judgeLaunch } from "../core/launch-judge.js";
import { launchRegionOf, planLaunchPaths, type RefreshAdvice } from "../core/launch-plan.js";
import type { EnforcePlan, HopLimitRequest } from "../core/plan.js";
import { defaultsAfter, describePath, type FailingPath, FIX_PATHS, preflight } from "../core/preflight.js";
import { type ResourceRules, targetOf } from "../core/resource-rules.js";
import { plural } from "../core/text.js";
import type { RegionScan } from "../core/types.js";
import { UsageError } from "../errors.js";

export interface LaunchOptions {
  launchTemplates: boolean;
  enforceLaunches: boolean;
  force: boolean;
  asgs: boolean;
  includeManaged: boolean;
  hopLimit: HopLimitRequest;
  raiseHopLimit?: boolean | undefined;
}

/** Adds the launch-path changes and skips to `plan` (after each region's default); returns the refresh advice. */
function addLaunchPaths(
  scans: readonly RegionScan[],
  plan: EnforcePlan,
  opts: LaunchOptions,
  rules: ResourceRules | undefined,
): RefreshAdvice[] {
  const refresh: RefreshAdvice[] = [];
  const req = {
    asgs: opts.asgs,
    includeManaged: opts.includeManaged,
    hop: opts.hopLimit,
    raiseHop: opts.raiseHopLimit,
    rules,
  };
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

/** The codes a template's launches have that enforcement would make fail. */
const LAUNCH_CODES = ["imdsv1-allowed", "launch-fails-enforced"];

/**
 * A launch path that would fail, in words; an exception does not stop the failure (AWS refuses the
 * launch whatever the config says), so an excepted one is still listed, with its exception.
 */
function describeFailing(p: FailingPath, scans: readonly RegionScan[], rules: ResourceRules | undefined) {
  const t = p.template;
  const list = scans.find((s) => s.region === p.region)?.launchTemplates;
  const tags = list?.find((l) => l.id === t.templateId)?.tags;
  const target =
    rules?.exceptions.size &&
    targetOf(
      rules,
      {
        region: p.region,
        kind: "launch-template",
        id: `${t.templateId}:v${t.version}`,
        name: t.templateName,
      },
      tags,
    );
  const ref = target
    ? LAUNCH_CODES.map((code) => rules.exceptions.covering(target, code)).find(Boolean)
    : undefined;
  return ref ? `${describePath(p)}, ${exceptedText(ref)}` : describePath(p);
}

/**
 * --enforce-launches: the launch paths that would fail once HttpTokensEnforced is on refuse the run
 * (exit 2, nothing changed) unless --force; the plan says what was checked.
 */
function checkLaunchPaths(
  plan: EnforcePlan,
  scans: readonly RegionScan[],
  force: boolean,
  rules: ResourceRules | undefined,
) {
  const checked = preflight(plan.changes, scans);
  const failing = checked.failing.map((p) => describeFailing(p, scans, rules)).join("; ");
  if (checked.failing.length && !force) {
    throw new UsageError(
      // What to do comes first: an error line is capped (errorLine), and the list can be long.
      `--enforce-launches: ${plural(checked.failing.length, "launch path")} would fail once HttpTokensEnforced is on, so nothing was changed (pass --force to go ahead anyway): ${failing}. To fix them, ${FIX_PATHS}`,
    );
  }
  const forced = checked.failing.length
    ? [`--force: these launches will fail once HttpTokensEnforced is on: ${failing}`]
    : [];
  return {
    changes: checked.changes,
    skipped: [...plan.skipped, ...checked.skipped],
    notes: [...checked.notes, ...forced],
  };
}

/**
 * The launch-path steps of a plan: with --launch-templates, new versions, defaults and groups (and
 * the instance-refresh advice); with --enforce-launches, the preflight of every launch path. The
 * config's rules (one account's) leave excepted templates and groups alone and set hop limits.
 */
export function launchSteps(
  scans: readonly RegionScan[],
  plan: EnforcePlan,
  opts: LaunchOptions,
  rules: ResourceRules,
) {
  const refresh = opts.launchTemplates ? addLaunchPaths(scans, plan, opts, rules) : [];
  const { changes, skipped, notes } = opts.enforceLaunches
    ? checkLaunchPaths(plan, scans, opts.force, rules)
    : { changes: plan.changes, skipped: plan.skipped, notes: [] as string[] };
  return { changes, skipped, notes, refresh };
}
