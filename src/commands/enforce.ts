// `imds enforce`: require IMDSv2 by default in every region in scope, and with --instances on
// existing instances. Builds the plan here; change-run.ts does the rest.

import type { Clients } from "../aws/clients.js";
import type { Change } from "../core/changes.js";
import {
  type HopLimitRequest,
  type InstanceFilter,
  planDefaults,
  planInstances,
  type Skip,
} from "../core/plan.js";
import type { RegionScan } from "../core/types.js";
import { scanRegions } from "../engine/scan.js";
import { type RegionUsage, readUsage } from "../engine/usage.js";
import { IncompleteError, UsageError } from "../errors.js";
import { type ChangeRunOptions, runChanges } from "./change-run.js";
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
  /** Days of CloudWatch IMDSv1 evidence that decide which instances are safe to change. */
  usageDays: number;
  force: boolean;
  args: string[];
}

/**
 * CloudWatch evidence for the instances the plan would require IMDSv2 on, and only those: an
 * enforce narrowed to one instance reads one instance's metrics, not its whole region's.
 */
async function readEvidence(
  clients: Clients,
  scans: readonly RegionScan[],
  filter: InstanceFilter,
  opts: Pick<EnforceOptions, "hopLimit" | "usageDays">,
): Promise<Map<string, RegionUsage>> {
  const evidence = new Map<string, RegionUsage>();
  await Promise.all(
    scans.map(async (scan) => {
      if (!scan.instances) return;
      const byId = new Map(scan.instances.map((i) => [i.id, i]));
      const candidates = planInstances(scan.region, scan.instances, filter, opts.hopLimit)
        .changes.filter((c) => c.requested.httpTokens !== undefined)
        .flatMap((c) => byId.get(c.id) ?? []);
      if (candidates.length === 0) return;
      const usage = await clients.limit(() => readUsage(clients, scan.region, candidates, opts.usageDays));
      evidence.set(scan.region, usage);
    }),
  );
  return evidence;
}

export async function enforce(opts: EnforceOptions, io: CommandIO): Promise<number> {
  const session = await openSession(opts.aws, opts.scope);
  const scans = await scanRegions(session.clients, {
    regions: session.regions,
    states: opts.states,
    parts: opts.instances ? ["defaults", "instances"] : ["defaults"],
  });
  const filter: InstanceFilter = { ids: opts.instanceIds, tags: opts.tags, excludeTags: opts.excludeTags };
  const evidence =
    opts.instances && !opts.force ? await readEvidence(session.clients, scans, filter, opts) : new Map();
  const noEvidence = [...evidence].flatMap(([region, e]) => (e.error ? [{ ...e.error, region }] : []));
  if (noEvidence.length) {
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

  const changes: Change[] = [];
  const skipped: Skip[] = [];
  const seen = new Set<string>();
  for (const scan of scans) {
    if (scan.defaults) {
      const d = planDefaults(scan.region, scan.defaults, opts.hopLimit);
      if ("change" in d) changes.push({ kind: "account-default", id: "account-default", ...d.change });
      else skipped.push(d.skip);
    }
    if (opts.instances && scan.instances) {
      for (const i of scan.instances) seen.add(i.id);
      const usage = evidence.get(scan.region)?.usage;
      const p = planInstances(scan.region, scan.instances, filter, opts.hopLimit, {
        usage: usage ?? new Map(),
        days: opts.usageDays,
        force: opts.force,
      });
      changes.push(...p.changes.map((c): Change => ({ ...c, kind: "instance" })));
      skipped.push(...p.skips);
    }
  }
  const missing = (opts.instanceIds ?? []).filter((id) => !seen.has(id));
  const unread = scans.some((s) => s.errors.some((e) => e.part === "instances"));
  if (missing.length && !unread) {
    throw new UsageError(
      `--instance-ids: not found in the regions and states in scope: ${missing.join(", ")} (check --regions and --states)`,
    );
  }
  const instanceChanges = changes.filter((c) => c.kind === "instance").length;
  if (opts.maxChanges !== undefined && instanceChanges > opts.maxChanges) {
    throw new UsageError(
      `the plan changes ${instanceChanges} instances, more than --max-changes ${opts.maxChanges}: narrow it with --regions, --tag or --instance-ids, or raise --max-changes`,
    );
  }
  return runChanges(
    {
      command: "enforce",
      account: session.account,
      clients: session.clients,
      regions: scans.map((s) => ({ region: s.region, errors: s.errors })),
      changes,
      skipped,
      args: opts.args,
    },
    opts,
    io,
  );
}
