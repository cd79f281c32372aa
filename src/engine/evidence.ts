// Reads CloudWatch's evidence of IMDSv1 use (MetadataNoToken) for the instances of one region.
// Errors are data.
import type { Clients } from "../aws/clients.js";
import { classify } from "../aws/errors.js";
import type { MetricsPort } from "../aws/ports.js";
import { readinessOf } from "../core/readiness.js";
import { requiresV2 } from "../core/rules.js";
import type { InstanceRecord, MetricSeries, ReadError, V1Evidence } from "../core/types.js";
import { perUnit } from "./per-unit.js";
import { WORK } from "./work.js";

const DAY = 86_400_000;

export interface RegionEvidence {
  /** Readiness per instance id, for every instance given (enforced ones need no metrics). */
  byInstance: Map<string, V1Evidence>;
  error?: ReadError;
}

/**
 * The readiness of each instance, from daily MetadataNoToken sums over the last `days` UTC days
 * (today included, so far). Only instances that allow IMDSv1 are queried, 500 per call. The window
 * starts at UTC midnight so each period is one calendar day, and "last seen" names a real day.
 */
export async function readEvidence(
  metrics: MetricsPort,
  region: string,
  instances: readonly InstanceRecord[],
  days: number,
  now = new Date(),
): Promise<RegionEvidence> {
  const open = instances.filter((i) => !requiresV2(i.metadata)).map((i) => i.id);
  let series = new Map<string, MetricSeries>();
  let error: ReadError | undefined;
  if (open.length) {
    try {
      series = await metrics.read(open, "MetadataNoToken", {
        start: new Date(Math.floor(now.getTime() / DAY) * DAY - (days - 1) * DAY),
        end: now,
        periodSeconds: 86_400,
      });
    } catch (err) {
      error = classify(err, WORK.evidence.part, WORK.evidence.action, { region });
    }
  }
  const unreadable = error ? `${error.action} ${error.code}` : undefined;
  const byInstance = new Map(
    instances.map((i) => [i.id, readinessOf(i.metadata, series.get(i.id), unreadable)]),
  );
  return error ? { byInstance, error } : { byInstance };
}

/**
 * Evidence for the given instances of each region, and only those: an enforce narrowed to one
 * instance reads one instance's metrics, not its whole region's. Regions with none are not read.
 */
export async function readEvidenceFor(
  clients: Clients,
  candidates: ReadonlyMap<string, readonly InstanceRecord[]>,
  days: number,
): Promise<Map<string, RegionEvidence>> {
  const units = [...candidates]
    .filter(([, is]) => is.length > 0)
    .map(([region, instances]) => ({ region, instances }));
  const evidence = new Map<string, RegionEvidence>();
  // readEvidence classifies its own failures: every outcome is ok.
  for (const o of await perUnit(clients, units, WORK.evidence, (u) =>
    readEvidence(clients.metrics(u.region), u.region, u.instances, days),
  )) {
    if (o.ok) evidence.set(o.unit.region, o.value);
    else evidence.set(o.unit.region, { byInstance: new Map(), error: o.error });
  }
  return evidence;
}
