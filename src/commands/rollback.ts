// `imds rollback JOURNAL`: restores exactly what a journal recorded, where nothing changed since.

import { oneAccount } from "../engine/by-account.js";
import { UsageError } from "../errors.js";
import { runChanges } from "./change-run.js";
import { checkAccount, journalRegions, loadJournal } from "./journal-input.js";
import type { CommandIO } from "./options.js";
import { type OrgRollbackOptions, orgRollback } from "./org-rollback.js";
import { planRestore, selectEntries } from "./restore.js";
import { openSession } from "./session.js";

/** An organization journal's records carry their accounts; --accounts and the role options apply to it. */
export type RollbackOptions = OrgRollbackOptions;

export async function rollback(opts: RollbackOptions, io: CommandIO): Promise<number> {
  const journal = loadJournal(opts.journalToRestore, (line) => io.stderr.write(`imds: ${line}\n`));
  const { header, entries } = journal;
  if (entries.some((e) => e.account !== undefined)) return orgRollback(opts, io, journal);
  if (opts.accounts) throw new UsageError("--accounts: only for a journal of an organization run");
  const session = await openSession(opts.aws, {
    regions: opts.scope.regions?.length ? opts.scope.regions : journalRegions(entries),
    excludeRegions: opts.scope.excludeRegions,
  });
  checkAccount(header.account, session.account.id);
  const inScope = new Set(session.regions);
  const recorded = selectEntries(entries, { inScope: (r) => inScope.has(r), ids: opts.instanceIds });
  const { changes, skipped, notes, regions } = await planRestore(session.clients, recorded, {
    deleteCreated: opts.deleteCreated,
  });
  return runChanges(
    {
      command: "rollback",
      account: session.account,
      clients: oneAccount(session.clients),
      regions,
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
