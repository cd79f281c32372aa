// `imds rollback JOURNAL` of an organization run's journal (its records carry their accounts): each
// account entered again through the role the journal recorded (or --role-name/--role-arn), its
// resources read and restored where nothing changed since; --accounts narrows it.
import type { Change } from "../core/changes.js";
import { DEFAULT_ROLE_NAME } from "../core/next-command.js";
import type { AccountError } from "../core/org-types.js";
import type { Skip } from "../core/plan.js";
import { groupBy } from "../core/text.js";
import { perAccount } from "../engine/per-account.js";
import type { readJournal } from "../journal/journal.js";
import { type ChangePlan, type ChangeRunOptions, runChanges } from "./change-run.js";
import { checkAccount } from "./journal-input.js";
import type { CommandIO } from "./options.js";
import { type AccessOptions, accountClients, openAccess } from "./org-session.js";
import { planRestore, selectEntries } from "./restore.js";

export interface OrgRollbackOptions extends ChangeRunOptions {
  journalToRestore: string;
  instanceIds?: string[] | undefined;
  /** Delete the launch template versions the journal's run created (else kept, marked as imds's). */
  deleteCreated: boolean;
  /** --accounts: only these accounts of the journal. */
  accounts?: string[] | undefined;
  access: AccessOptions;
  args: string[];
}

/** The role named on the command line, else the one the journal recorded, else the default. */
function roleFor(access: AccessOptions, recorded: string | undefined): AccessOptions {
  const named = access.roleArn !== undefined || access.roleName !== DEFAULT_ROLE_NAME;
  return named || recorded === undefined ? access : { ...access, roleArn: recorded };
}

export async function orgRollback(
  opts: OrgRollbackOptions,
  io: CommandIO,
  { header, entries }: ReturnType<typeof readJournal>,
): Promise<number> {
  const access = roleFor(opts.access, header.role);
  const session = await openAccess(opts.aws, access, opts.scope, "rollback");
  checkAccount(header.account, session.caller.id);
  const named = opts.scope.regions?.length ? new Set(opts.scope.regions) : undefined;
  const excluded = new Set(opts.scope.excludeRegions ?? []);
  const recorded = selectEntries(entries, {
    inScope: (r) => (!named || named.has(r)) && !excluded.has(r),
    ids: opts.instanceIds,
    accounts: opts.accounts,
  });
  const byAccount = groupBy(recorded, (e) => e.account ?? session.caller.id);
  const whole = {
    changes: [] as Change[],
    skipped: [] as Skip[],
    regions: [] as ChangePlan["regions"],
    accountErrors: [] as ({ account: string } & AccountError)[],
    notes: [] as string[],
  };
  const regionsInJournal = [...new Set(recorded.map((r) => r.region))];
  await perAccount(
    session.access,
    [...byAccount.keys()].sort().map((id) => ({ id })),
    { maxAccounts: access.maxAccounts, scope: { regions: regionsInJournal }, keepCredentials: true },
    (account) =>
      planRestore(account.clients, byAccount.get(account.ref.id) ?? [], {
        deleteCreated: opts.deleteCreated,
      }),
    (o) => {
      const account = o.ref.id;
      if (!o.ok) {
        whole.accountErrors.push({ account, ...o.error });
        return;
      }
      whole.changes.push(...o.value.changes.map((c) => ({ account, ...c })));
      whole.skipped.push(...o.value.skipped.map((s) => ({ account, ...s })));
      whole.regions.push(...o.value.regions.map((r) => ({ account, ...r })));
      whole.notes.push(...o.value.notes.map((n) => `${account}: ${n}`));
    },
  );
  return runChanges(
    {
      command: "rollback",
      account: session.caller,
      clients: accountClients({ access: session.access, caller: session.caller }),
      maxAccounts: access.maxAccounts,
      role: session.role,
      ...whole,
      args: opts.args,
      source: opts.journalToRestore,
    },
    opts,
    io,
  );
}
