// `imds rollback JOURNAL`: restores exactly what a journal recorded, where nothing changed since.

import { isLaunchPath } from "../core/launch-chain.js";
import { planLaunchRollback, type RecordedLaunch } from "../core/launch-rollback.js";
import { planRollback, type RecordedChange } from "../core/rollback-plan.js";
import { groupBy } from "../core/text.js";
import { readCurrent } from "../engine/current.js";
import { UsageError } from "../errors.js";
import { type ChangeRunOptions, runChanges } from "./change-run.js";
import { checkAccount, journalRegions, loadJournal } from "./journal-input.js";
import type { CommandIO } from "./options.js";
import { openSession } from "./session.js";

export interface RollbackOptions extends ChangeRunOptions {
  journalToRestore: string;
  instanceIds?: string[] | undefined;
  /** Delete the launch template versions the journal's run created (else kept, marked as imds's). */
  deleteCreated: boolean;
  args: string[];
}

export async function rollback(opts: RollbackOptions, io: CommandIO): Promise<number> {
  const { header, entries } = loadJournal(opts.journalToRestore);
  const session = await openSession(opts.aws, {
    regions: opts.scope.regions?.length ? opts.scope.regions : journalRegions(entries),
    excludeRegions: opts.scope.excludeRegions,
  });
  checkAccount(header.account, session.account.id);
  const inScope = new Set(session.regions);
  const ids = opts.instanceIds ? new Set(opts.instanceIds) : undefined;
  const recorded = entries.filter(
    (e) => inScope.has(e.region) && (!ids || (e.kind === "instance" && ids.has(e.id))),
  );
  if (ids) {
    const known = new Set(recorded.map((r) => r.id));
    const missing = [...ids].filter((id) => !known.has(id));
    if (missing.length) throw new UsageError(`--instance-ids: not in the journal: ${missing.join(", ")}`);
  }
  const byRegion = groupBy(recorded, (r) => r.region);
  const state = await readCurrent(session.clients, byRegion, { deleteCreated: opts.deleteCreated });
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
  const changes = [...metadata.changes, ...launch.changes];
  const skipped = [...metadata.skipped, ...launch.skipped];
  const { notes } = metadata;
  return runChanges(
    {
      command: "rollback",
      account: session.account,
      clients: session.clients,
      regions: [...byRegion.keys()].sort().map((region) => ({ region, errors: errors.get(region) ?? [] })),
      changes,
      skipped,
      notes,
      args: opts.args,
      source: opts.journalToRestore,
    },
    opts,
    io,
  );
}
