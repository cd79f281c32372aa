// After enforce: CloudWatch's MetadataNoTokenRejected for every changed instance since its change,
// and each region's HttpTokensEnforced (whether a rollback to optional would be refused there),
// region by region under the shared limiter. Errors are data.
import type { Clients } from "../aws/clients.js";
import { placeOf } from "../core/changes.js";
import { isEnforced } from "../core/rules.js";
import { groupBy } from "../core/text.js";
import type { ReadError } from "../core/types.js";
import {
  periodFor,
  type Rejection,
  rejectionsSince,
  type Unknown,
  type WatchedChange,
} from "../core/watch.js";
import { attempt, perUnit, UnitFailure } from "./per-unit.js";
import { WORK } from "./work.js";

export interface Rejections {
  broken: Rejection[];
  unknown: Unknown[];
  /** Regions where HttpTokensEnforced is on (account/region in a member account). */
  enforced: string[];
  /** Regions whose defaults could not be read (account/region in a member account). */
  unchecked: string[];
  errors: (ReadError & { region: string; account?: string })[];
}

async function readMetrics(clients: Clients, region: string, changes: readonly WatchedChange[], now: Date) {
  const start = changes.reduce((min, c) => Math.min(min, Date.parse(c.at)), now.getTime());
  const period = periodFor(now.getTime() - start);
  const from = new Date(Math.floor(start / (period * 1000)) * period * 1000);
  const series = await clients.metrics(region).read(
    changes.map((c) => c.id),
    "MetadataNoTokenRejected",
    { start: from, end: now, periodSeconds: period },
  );
  return changes.map((c) => rejectionsSince(c, series.get(c.id), period));
}

/** The region's HttpTokensEnforced, or the error that kept it unread (metrics are read regardless). */
async function readEnforcement(clients: Clients, region: string): Promise<boolean | ReadError> {
  try {
    return isEnforced(
      await attempt(WORK.defaults, { region, account: clients.account }, () =>
        clients.ec2(region).readDefaults(),
      ),
    );
  } catch (err) {
    if (err instanceof UnitFailure) return err.error;
    throw err;
  }
}

/** The changed instances that have rejected IMDSv1 calls since their change, sorted by region and id. */
export async function readRejections(
  clients: Clients,
  changes: readonly WatchedChange[],
  now: Date,
): Promise<Rejections> {
  const units = [...groupBy(changes, (c) => c.region)].map(([region, cs]) => ({ region, changes: cs }));
  const out: Rejections = { broken: [], unknown: [], enforced: [], unchecked: [], errors: [] };
  for (const o of await perUnit(clients, units, WORK.evidence, async (u) => ({
    enforcement: await readEnforcement(clients, u.region),
    found: await readMetrics(clients, u.region, u.changes, now),
  }))) {
    const region = o.unit.region;
    // Where enforcement was read: the region, or account/region in an organization's member account.
    const place = placeOf({ account: clients.account, region });
    if (!o.ok) {
      out.errors.push({ ...o.error, region });
      continue;
    }
    const { enforcement, found } = o.value;
    if (enforcement === true) out.enforced.push(place);
    else if (enforcement !== false) {
      out.unchecked.push(place);
      out.errors.push({ ...enforcement, region });
    }
    for (const f of found) {
      if (f === "none") continue;
      if ("rejected" in f) out.broken.push(f);
      else out.unknown.push(f);
    }
  }
  const order = (a: WatchedChange, b: WatchedChange) =>
    a.region.localeCompare(b.region) || a.id.localeCompare(b.id);
  out.broken.sort(order);
  out.unknown.sort(order);
  out.enforced.sort();
  return out;
}
