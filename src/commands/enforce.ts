// `imds enforce`: require IMDSv2 by default in every region in scope, and with --instances on
// existing instances. Builds the plan here; change-run.ts does the rest.

import {
  type EnforcePlan,
  type EnforceRequest,
  evidenceCandidates,
  type HopLimitRequest,
  planEnforce,
} from "../core/plan.js";
import { describePath, FIX_PATHS, preflight } from "../core/preflight.js";
import { plural } from "../core/text.js";
import type { RegionScan, ScanPart } from "../core/types.js";
import { type RegionEvidence, readEvidenceFor } from "../engine/evidence.js";
import { scanRegions } from "../engine/scan.js";
import { IncompleteError, UsageError } from "../errors.js";
import { type ChangeRunOptions, runChanges } from "./change-run.js";
import { addLaunchPaths } from "./enforce-launch.js";
import type { CommandIO } from "./options.js";
import { openSession } from "./session.js";

export interface EnforceOptions extends ChangeRunOptions {
  instances: boolean;
  instanceIds?: string[] | undefined;
  tags: [string, string][];
  excludeTags: [string, string][];
  states: string[];
  hopLimit: HopLimitRequest;
  maxChanges?: number | undefined;
  /** --enforce-launches: also turn HttpTokensEnforced on, after checking every launch path. */
  enforceLaunches: boolean;
  /** --launch-templates: new compliant versions of the account's launch templates. */
  launchTemplates: boolean;
  /** --asgs: move groups pinned to a fixed version. */
  asgs: boolean;
  /** --include-managed: change what a service or stack owns too. */
  includeManaged: boolean;
  /** Days of CloudWatch IMDSv1 evidence that decide which instances are safe to change. */
  usageDays: number;
  force: boolean;
  args: string[];
}

/** Evidence that could not be read stops the run: imds cannot tell which instances are safe. */
function refuseWithoutEvidence(evidence: ReadonlyMap<string, RegionEvidence>): void {
  const noEvidence = [...evidence].flatMap(([region, e]) => (e.error ? [{ ...e.error, region }] : []));
  if (noEvidence.length === 0) return;
  const where = noEvidence.map((e) => `${e.region} (${e.action} ${e.code})`).join(", ");
  const what = `could not read IMDSv1 usage evidence in ${where}, so imds cannot tell which instances are safe to change`;
  // A missing permission is the caller's to fix (bad input); a timeout or throttle is "could not check".
  if (noEvidence.every((e) => e.kind === "permission")) {
    throw new UsageError(
      `${what}: grant cloudwatch:GetMetricData, or pass --force to change instances without evidence`,
    );
  }
  throw new IncompleteError(
    `${what}: ${noEvidence[0]?.hint ?? "run again"}; or pass --force to change instances without evidence`,
  );
}

/**
 * --enforce-launches: the launch paths that would fail once HttpTokensEnforced is on refuse the run
 * (exit 2, nothing changed) unless --force; the plan says what was checked.
 */
function checkLaunchPaths(plan: EnforcePlan, scans: readonly RegionScan[], force: boolean) {
  const checked = preflight(plan.changes, scans);
  if (checked.failing.length && !force) {
    throw new UsageError(
      `--enforce-launches: ${plural(checked.failing.length, "launch path")} would fail once HttpTokensEnforced is on: ${checked.failing.map(describePath).join("; ")}. To fix them, ${FIX_PATHS}; nothing was changed`,
    );
  }
  const forced = checked.failing.length
    ? [
        `--force: these launches will fail once HttpTokensEnforced is on: ${checked.failing.map(describePath).join("; ")}`,
      ]
    : [];
  return {
    changes: checked.changes,
    skipped: [...plan.skipped, ...checked.skipped],
    notes: [...checked.notes, ...forced],
  };
}

/** Refuses plans the user bounded or named wrongly (exit 2, nothing changed). */
function checkPlan(plan: EnforcePlan, opts: EnforceOptions): void {
  if (plan.missingIds.length && !plan.instancesUnread) {
    throw new UsageError(
      `--instance-ids: not found in the regions and states in scope: ${plan.missingIds.join(", ")} (check --regions and --states)`,
    );
  }
  const count = plan.changes.filter((c) => c.kind === "instance").length;
  if (opts.maxChanges !== undefined && count > opts.maxChanges) {
    throw new UsageError(
      `the plan changes ${count} instances, more than --max-changes ${opts.maxChanges}: narrow it with --regions, --tag or --instance-ids, or raise --max-changes`,
    );
  }
}

export async function enforce(opts: EnforceOptions, io: CommandIO): Promise<number> {
  const session = await openSession(opts.aws, opts.scope);
  const parts: ScanPart[] = opts.instances ? ["defaults", "instances"] : ["defaults"];
  if (opts.enforceLaunches || opts.launchTemplates) parts.push("launch-templates");
  if (opts.launchTemplates) parts.push("auto-scaling");
  // No AMI lookups: once the default this run sets requires IMDSv2, no AMI decides a launch.
  const scans = await scanRegions(session.clients, {
    regions: session.regions,
    states: opts.states,
    parts,
    lookUpImages: false,
  });
  const req: EnforceRequest = {
    instances: opts.instances,
    enforceLaunches: opts.enforceLaunches,
    filter: { ids: opts.instanceIds, tags: opts.tags, excludeTags: opts.excludeTags },
    hop: opts.hopLimit,
  };
  const evidence =
    opts.instances && !opts.force
      ? await readEvidenceFor(session.clients, evidenceCandidates(scans, req), opts.usageDays)
      : new Map<string, RegionEvidence>();
  refuseWithoutEvidence(evidence);
  const usage = new Map([...evidence].map(([region, e]) => [region, e.usage]));
  const plan = planEnforce(scans, { ...req, evidence: { usage, days: opts.usageDays, force: opts.force } });
  checkPlan(plan, opts);
  const refresh = opts.launchTemplates ? addLaunchPaths(scans, plan, opts) : [];
  const { changes, skipped, notes } = opts.enforceLaunches
    ? checkLaunchPaths(plan, scans, opts.force)
    : { changes: plan.changes, skipped: plan.skipped, notes: [] };
  return runChanges(
    {
      command: "enforce",
      account: session.account,
      clients: session.clients,
      regions: scans.map((s) => ({ region: s.region, errors: s.errors })),
      changes,
      skipped,
      notes,
      refresh,
      args: opts.args,
    },
    opts,
    io,
  );
}
