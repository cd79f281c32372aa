// After enforce: CloudWatch's MetadataNoTokenRejected for every changed instance since its change,
// and each region's HttpTokensEnforced (whether a rollback to optional would be refused there),
// region by region under the shared limiter; an instance that rejected calls is then read as it is
// now, and one that no longer requires IMDSv2 (rolled back, changed or gone) is not broken any more.
// Errors are data.
import type { Clients } from "../aws/clients.js";
import { placeOf } from "../core/changes.js";
import { isEnforced, requiresV2 } from "../core/rules.js";
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
import { readBack, WORK } from "./work.js";

export interface Rejections {
  broken: Rejection[];
  /** Rejected calls since the change, but IMDSv2 is no longer required on them now. */
  reverted: Rejection[];
  unknown: Unknown[];
  /** Regions where HttpTokensEnforced is on (account/region in a member account). */
  enforced: string[];
  /** Regions whose defaults could not be read (account/region in a member account). */
  unchecked: string[];
  errors: (ReadError & { region: string; account?: string })[];
}

/** What the region's metrics say of each change, rejections split by whether IMDSv2 is still required now. */
async function readMetrics(clients: Clients, region: string, changes: readonly WatchedChange[], now: Date) {
  const start = changes.reduce((min, c) => Math.min(min, Date.parse(c.at)), now.getTime());
  const period = periodFor(now.getTime() - start);
  const from = new Date(Math.floor(start / (period * 1000)) * period * 1000);
  const series = await clients.metrics(region).read(
    changes.map((c) => c.id),
    "MetadataNoTokenRejected",
    { start: from, end: now, periodSeconds: period },
  );
  const found = changes.map((c) => rejectionsSince(c, series.get(c.id), period));
  const unknown = found.filter((f): f is Unknown => f !== "none" && !("rejected" in f));
  const rejected = found.filter((f): f is Rejection => f !== "none" && "rejected" in f);
  if (!rejected.length) return { broken: [], reverted: [], unknown };
  const current = await readBack(
    clients,
    region,
    rejected.map((r) => ({ kind: "instance" as const, id: r.id, before: {}, requested: {} })),
  );
  const required = new Set(current.instances.filter((i) => requiresV2(i.metadata)).map((i) => i.id));
  return {
    broken: rejected.filter((r) => required.has(r.id)),
    reverted: rejected.filter((r) => !required.has(r.id)),
    unknown,
  };
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
  const out: Rejections = { broken: [], reverted: [], unknown: [], enforced: [], unchecked: [], errors: [] };
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
    out.broken.push(...found.broken);
    out.reverted.push(...found.reverted);
    out.unknown.push(...found.unknown);
  }
  const order = (a: WatchedChange, b: WatchedChange) =>
    a.region.localeCompare(b.region) || a.id.localeCompare(b.id);
  out.broken.sort(order);
  out.reverted.sort(order);
  out.unknown.sort(order);
  out.enforced.sort();
  return out;
}
