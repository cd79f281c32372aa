// What rollback does in one account, for one account or each of an organization's: pick the journal
// entries in scope, read what each resource has now, and plan the restore from it.
import type { Clients } from "../aws/clients.js";
import { isLaunchPath } from "../core/launch-chain.js";
import { planLaunchRollback, type RecordedLaunch } from "../core/launch-rollback.js";
import type { RecordedChange } from "../core/rollback-plan.js";
import { planRollback } from "../core/rollback-plan.js";
import { groupBy } from "../core/text.js";
import { readCurrent } from "../engine/current.js";
import { UsageError } from "../errors.js";
import type { JournalEntry } from "../journal/journal.js";

export interface EntryFilter {
  inScope(region: string): boolean;
  /** --instance-ids */
  ids?: readonly string[] | undefined;
  /** --accounts: organization journals only. */
  accounts?: readonly string[] | undefined;
}

/** The journal's entries to restore; an --instance-ids or --accounts id not in the journal is bad input. */
export function selectEntries(entries: readonly JournalEntry[], f: EntryFilter): JournalEntry[] {
  const ids = f.ids ? new Set(f.ids) : undefined;
  const accounts = f.accounts ? new Set(f.accounts) : undefined;
  const chosen = entries.filter(
    (e) =>
      f.inScope(e.region) &&
      (!ids || (e.kind === "instance" && ids.has(e.id))) &&
      (!accounts || (e.account !== undefined && accounts.has(e.account))),
  );
  const missing = (want: ReadonlySet<string> | undefined, have: Iterable<string | undefined>) => {
    const known = new Set(have);
    return [...(want ?? [])].filter((x) => !known.has(x));
  };
  const noIds = missing(
    ids,
    chosen.map((r) => r.id),
  );
  if (noIds.length) throw new UsageError(`--instance-ids: not in the journal: ${noIds.join(", ")}`);
  const noAccounts = missing(
    accounts,
    entries.map((e) => e.account),
  );
  if (noAccounts.length) throw new UsageError(`--accounts: not in the journal: ${noAccounts.join(", ")}`);
  return chosen;
}

/**
 * One account's restore: what each recorded resource has now, and the changes that put it back
 * (metadata settings, then launch paths: defaults and groups set back, created versions kept or,
 * with `deleteCreated`, deleted).
 */
export async function planRestore(
  clients: Clients,
  recorded: readonly JournalEntry[],
  opts: { deleteCreated: boolean },
) {
  const byRegion = groupBy(recorded, (r) => r.region);
  const state = await readCurrent(clients, byRegion, opts);
  const { errors } = state;
  const readable = recorded.filter((r) => (errors.get(r.region) ?? []).length === 0);
  const metadata = planRollback(
    readable.filter((r) => !isLaunchPath(r)) as RecordedChange[],
    state.current,
    state.locked,
  );
  const launch = planLaunchRollback({
    recorded: readable.filter(isLaunchPath) as RecordedLaunch[],
    current: state.launch,
    deleteCreated: opts.deleteCreated,
  });
  const regions = [...byRegion.keys()].sort().map((region) => ({ region, errors: errors.get(region) ?? [] }));
  return {
    changes: [...metadata.changes, ...launch.changes],
    skipped: [...metadata.skipped, ...launch.skipped],
    notes: metadata.notes,
    regions,
  };
}
