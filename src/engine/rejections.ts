// After enforce: CloudWatch's MetadataNoTokenRejected for every changed instance since its change,
// region by region under the shared limiter; an instance that rejected calls is then read as it is
// now, and one that no longer requires IMDSv2 (rolled back, changed or gone) is not broken any more.
// Errors are data.
import type { Clients } from "../aws/clients.js";
import { requiresV2 } from "../core/rules.js";
import { groupBy } from "../core/text.js";
import type { ReadError } from "../core/types.js";
import { periodFor, type Rejection, rejectionsSince, type WatchedChange } from "../core/watch.js";
import { perUnit } from "./per-unit.js";
import { readBack, WORK } from "./work.js";

export interface Rejections {
  broken: Rejection[];
  /** Rejected calls since the change, but IMDSv2 is no longer required on them now. */
  reverted: Rejection[];
  errors: (ReadError & { region: string; account?: string })[];
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
  const rejected = changes.flatMap((c) => rejectionsSince(c, series.get(c.id), period) ?? []);
  if (!rejected.length) return { broken: [], reverted: [] };
  const current = await readBack(
    clients,
    region,
    rejected.map((r) => ({ kind: "instance" as const, id: r.id })),
  );
  const required = new Set(current.instances.filter((i) => requiresV2(i.metadata)).map((i) => i.id));
  return {
    broken: rejected.filter((r) => required.has(r.id)),
    reverted: rejected.filter((r) => !required.has(r.id)),
  };
}

/** The changed instances that have rejected IMDSv1 calls since their change, sorted by region and id. */
export async function readRejections(
  clients: Clients,
  changes: readonly WatchedChange[],
  now: Date,
): Promise<Rejections> {
  const units = [...groupBy(changes, (c) => c.region)].map(([region, cs]) => ({ region, changes: cs }));
  const out: Rejections = { broken: [], reverted: [], errors: [] };
  for (const o of await perUnit(clients, units, WORK.evidence, (u) =>
    readRegion(clients, u.region, u.changes, now),
  )) {
    if (o.ok) {
      out.broken.push(...o.value.broken);
      out.reverted.push(...o.value.reverted);
    } else out.errors.push({ ...o.error, region: o.unit.region });
  }
  const byPlace = (a: Rejection, b: Rejection) =>
    a.region.localeCompare(b.region) || a.id.localeCompare(b.id);
  out.broken.sort(byPlace);
  out.reverted.sort(byPlace);
  return out;
}
