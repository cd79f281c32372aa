// After enforce: CloudWatch's MetadataNoTokenRejected for every changed instance since its change,
// region by region under the shared limiter. Errors are data.
import type { Clients } from "../aws/clients.js";
import { groupBy } from "../core/text.js";
import type { ReadError } from "../core/types.js";
import { periodFor, type Rejection, rejectionsSince, type WatchedChange } from "../core/watch.js";
import { perUnit } from "./per-unit.js";
import { WORK } from "./work.js";

export interface Rejections {
  broken: Rejection[];
  errors: (ReadError & { region: string })[];
}

async function readRegion(clients: Clients, region: string, changes: readonly WatchedChange[], now: Date) {
  const start = changes.reduce((min, c) => Math.min(min, Date.parse(c.at)), now.getTime());
  const period = periodFor(now.getTime() - start);
  const from = new Date(Math.floor(start / (period * 1000)) * period * 1000);
  const series = await clients.metrics(region).read(
    changes.map((c) => c.id),
    "MetadataNoTokenRejected",
    { start: from, end: now, periodSeconds: period },
  );
  return changes.flatMap((c) => rejectionsSince(c, series.get(c.id), period) ?? []);
}

/** The changed instances that have rejected IMDSv1 calls since their change, sorted by region and id. */
export async function readRejections(
  clients: Clients,
  changes: readonly WatchedChange[],
  now: Date,
): Promise<Rejections> {
  const units = [...groupBy(changes, (c) => c.region)].map(([region, cs]) => ({ region, changes: cs }));
  const out: Rejections = { broken: [], errors: [] };
  for (const o of await perUnit(clients.limit, units, WORK.evidence, (u) =>
    readRegion(clients, u.region, u.changes, now),
  )) {
    if (o.ok) out.broken.push(...o.value);
    else out.errors.push({ ...o.error, region: o.unit.region });
  }
  out.broken.sort((a, b) => a.region.localeCompare(b.region) || a.id.localeCompare(b.id));
  return out;
}
