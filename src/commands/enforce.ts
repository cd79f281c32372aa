// `imds enforce`: require IMDSv2 by default in every region in scope, and with --instances on
// existing instances. Builds the plan here; change-run.ts does the rest.

import type { Clients } from "../aws/clients.js";
import { describeException } from "../core/exceptions.js";
import {
  type EnforcePlan,
  type EnforceRequest,
  evidenceCandidates,
  type HopLimitRequest,
  planEnforce,
  unmatchedTags,
} from "../core/plan.js";
import { type ConfigRules, type ResourceRules, resourceRules } from "../core/resource-rules.js";
import { printable } from "../core/text.js";
import type { ScanPart } from "../core/types.js";
import { oneAccount } from "../engine/by-account.js";
import { type RegionEvidence, readEvidenceFor } from "../engine/evidence.js";
import { scanRegions } from "../engine/scan.js";
import { IncompleteError, UsageError } from "../errors.js";
import { type ChangeRunOptions, runChanges } from "./change-run.js";
import { launchSteps } from "./enforce-launch.js";
import type { CommandIO } from "./options.js";
import type { OrgRunOptions } from "./org-session.js";
import { openSession } from "./session.js";

export interface EnforceOptions extends ChangeRunOptions {
  instances: boolean;
  instanceIds?: string[] | undefined;
  tags: [string, string][];
  excludeTags: [string, string][];
  states: string[];
  hopLimit: HopLimitRequest;
  /** --raise-hop-limit: exactly --hop-limit N, lower hop limits raised too. */
  raiseHopLimit?: boolean | undefined;
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
  evidenceDays: number;
  force: boolean;
  args: string[];
  /** The config file's exceptions (left alone) and hop-limit rules (--hop-limit policy). */
  rules: ConfigRules;
  /** --hop-limit policy: the limit for resources no hop-limit rule matches. */
  maxHopLimit: number;
  /** When the run starts: exceptions expire by it. */
  now: Date;
  /** --org, --ou, --accounts or --accounts-file: every account in scope. */
  org?: OrgRunOptions | undefined;
}

/** An expired exception no longer leaves anything alone: say so before the plan. */
function warnExpired(rules: ResourceRules, io: CommandIO): void {
  for (const ref of rules.exceptions.expired()) {
    io.stderr.write(`imds: warning: exception expired, not honored (${describeException(ref)})\n`);
  }
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

/** Refuses plans the user bounded or named wrongly (exit 2, nothing changed). */
export function checkPlan(
  plan: Pick<EnforcePlan, "changes" | "missingIds" | "instancesUnread">,
  opts: EnforceOptions,
): void {
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

/**
 * --tag pairs that no instance in scope has: said on stderr (the plan then changes no instance for
 * them, and exits as any plan does). Only when every region's instances were read.
 */
export function warnUnmatchedTags(unmatched: readonly string[], unread: boolean, io: CommandIO): void {
  if (unread) return;
  for (const tag of unmatched)
    io.stderr.write(
      `imds: no instance in scope has tag ${printable(tag)} (check the tag, --regions and --states)\n`,
    );
}

/** The config's rules for one account (exceptions, hop-limit rules); with `io`, expired exceptions are said. */
export function rulesFor(account: { id: string; arn?: string }, opts: EnforceOptions, io?: CommandIO) {
  const rules = resourceRules(opts.rules, { account, now: opts.now, maxHopLimit: opts.maxHopLimit });
  if (io) warnExpired(rules, io);
  return rules;
}

/** What enforce reads: defaults, instances with --instances, launch paths with their options. */
function partsOf(opts: EnforceOptions): ScanPart[] {
  const parts: ScanPart[] = opts.instances ? ["defaults", "instances"] : ["defaults"];
  if (opts.enforceLaunches || opts.launchTemplates) parts.push("launch-templates");
  if (opts.launchTemplates) parts.push("auto-scaling");
  return parts;
}

/**
 * One account's plan: its regions read (defaults, instances with --instances, launch paths with
 * --launch-templates or --enforce-launches), evidence, the plan with its launch-path steps.
 */
export async function planAccount(
  clients: Clients,
  regions: readonly string[],
  opts: EnforceOptions,
  rules: ResourceRules,
) {
  // No AMI lookups: once the default this run sets requires IMDSv2, no AMI decides a launch.
  const scans = await scanRegions(clients, {
    regions,
    states: opts.states,
    parts: partsOf(opts),
    lookUpImages: false,
  });
  const req: EnforceRequest = {
    instances: opts.instances,
    enforceLaunches: opts.enforceLaunches,
    filter: { ids: opts.instanceIds, tags: opts.tags, excludeTags: opts.excludeTags },
    hop: opts.hopLimit,
    raiseHop: opts.raiseHopLimit,
    rules,
  };
  const evidence =
    opts.instances && !opts.force
      ? await readEvidenceFor(clients, evidenceCandidates(scans, req), opts.evidenceDays)
      : new Map<string, RegionEvidence>();
  const byRegion = new Map([...evidence].map(([region, e]) => [region, e.byInstance]));
  const planned = planEnforce(scans, {
    ...req,
    evidence: { byRegion, days: opts.evidenceDays, force: opts.force },
  });
  const steps = launchSteps(scans, planned, opts, rules);
  return { scans, evidence, plan: { ...planned, ...steps, notes: [...planned.notes, ...steps.notes] } };
}

export async function enforce(opts: EnforceOptions, io: CommandIO): Promise<number> {
  const session = await openSession(opts.aws, opts.scope);
  const rules = rulesFor(session.account, opts, io);
  const { scans, evidence, plan } = await planAccount(session.clients, session.regions, opts, rules);
  refuseWithoutEvidence(evidence);
  checkPlan(plan, opts);
  warnUnmatchedTags(unmatchedTags(scans, opts.tags), plan.instancesUnread, io);
  return runChanges(
    {
      command: "enforce",
      account: session.account,
      clients: oneAccount(session.clients),
      regions: scans.map((s) => ({ region: s.region, errors: s.errors })),
      changes: plan.changes,
      skipped: plan.skipped,
      notes: plan.notes,
      refresh: plan.refresh,
      args: opts.args,
    },
    opts,
    io,
  );
}
