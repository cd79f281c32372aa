// `imds enforce --org` (and --ou, --accounts, --accounts-file): every account in scope planned in
// its own enabled regions (accounts read at once bounded by --max-accounts, calls by --concurrency),
// then one plan, one confirmation, one journal (each record carries its account), and the changes
// made account by account, paced per account and region as AWS's buckets are.
import type { Change } from "../core/changes.js";
import type { RefreshAdvice } from "../core/launch-plan.js";
import { reclassifyForAccount } from "../core/org-account.js";
import type { AccountError } from "../core/org-types.js";
import { type Skip, unmatchedTags } from "../core/plan.js";
import type { ReadError, RegionScan } from "../core/types.js";
import { perAccount } from "../engine/per-account.js";
import type { ChangePlan } from "./change-run.js";
import { runChanges } from "./change-run.js";
import { checkPlan, type EnforceOptions, planAccount, rulesFor, warnUnmatchedTags } from "./enforce.js";
import type { CommandIO } from "./options.js";
import { accountClients, type OrgRunOptions, openOrgSession } from "./org-session.js";

export interface OrgEnforceOptions extends EnforceOptions {
  org: OrgRunOptions;
}

const SCP_SKIP = "denied by a service control policy (--scp-denied-as-excluded)";

/** An SCP denies reading the region's defaults (and its instances, when read): nothing to change there. */
function scpDenied(scan: RegionScan): boolean {
  return scan.errors.length > 0 && scan.errors.every((e) => e.kind === "scp-denied");
}

/** One account's share of the organization plan, with the account on every change, skip and region. */
function share(
  account: string,
  scans: readonly RegionScan[],
  evidenceErrors: ReadonlyMap<string, ReadError>,
  plan: { changes: Change[]; skipped: Skip[] },
  scpDeniedAsExcluded: boolean,
) {
  const skipped: Skip[] = plan.skipped.map((s) => ({ account, ...s }));
  const regions: ChangePlan["regions"] = [];
  for (const scan of scans) {
    if (scpDeniedAsExcluded && scpDenied(scan)) {
      skipped.push({
        account,
        region: scan.region,
        kind: "account-default",
        id: "account-default",
        reason: SCP_SKIP,
      });
      continue;
    }
    const evidence = evidenceErrors.get(scan.region);
    const errors = [...scan.errors, ...(evidence ? [evidence] : [])];
    regions.push({
      account,
      region: scan.region,
      errors: errors.map((e) => reclassifyForAccount(e, account)),
    });
  }
  return { changes: plan.changes.map((c) => ({ account, ...c })), skipped, regions };
}

export async function orgEnforce(opts: OrgEnforceOptions, io: CommandIO): Promise<number> {
  const session = await openOrgSession(opts.aws, opts.org, opts.scope, "enforce");
  rulesFor(session.caller, opts, io); // says once which of the config's exceptions have expired
  const whole = {
    changes: [] as Change[],
    skipped: [] as Skip[],
    regions: [] as ChangePlan["regions"],
    accountErrors: [] as ({ account: string } & AccountError)[],
    notes: [] as string[],
    refresh: [] as RefreshAdvice[],
  };
  const seen = new Set<string>();
  let instancesUnread = false;
  // --tag pairs no account's instances have (so far).
  let unmatched = unmatchedTags([], opts.tags);
  await perAccount(
    session.access,
    session.accounts,
    { maxAccounts: opts.org.maxAccounts, scope: opts.scope, keepCredentials: true },
    (account) => planAccount(account.clients, account.regions, opts, rulesFor({ id: account.ref.id }, opts)),
    (o) => {
      if (!o.ok) {
        whole.accountErrors.push({ account: o.ref.id, ...o.error });
        return;
      }
      const { scans, evidence, plan } = o.value;
      // Evidence an account's metrics could not give is that account's gap: its instances are left
      // alone (no evidence they are safe) and the run is incomplete, the other accounts go on.
      const evidenceErrors = new Map(
        [...evidence].flatMap(([region, e]) => (e.error ? [[region, e.error]] : [])),
      );
      const mine = share(o.ref.id, scans, evidenceErrors, plan, opts.org.scpDeniedAsExcluded);
      whole.changes.push(...mine.changes);
      whole.skipped.push(...mine.skipped);
      whole.regions.push(...mine.regions);
      whole.notes.push(...plan.notes.map((n) => `${o.ref.id}: ${n}`));
      whole.refresh.push(...plan.refresh.map((r) => ({ account: o.ref.id, ...r })));
      for (const scan of scans) for (const i of scan.instances ?? []) seen.add(i.id);
      const here = unmatchedTags(scans, opts.tags);
      unmatched = unmatched.filter((t) => here.includes(t));
      instancesUnread ||= plan.instancesUnread;
    },
  );
  const missingIds = (opts.instanceIds ?? []).filter((id) => !seen.has(id));
  checkPlan(
    {
      changes: whole.changes,
      missingIds,
      instancesUnread: instancesUnread || whole.accountErrors.length > 0,
    },
    opts,
  );
  warnUnmatchedTags(unmatched, instancesUnread || whole.accountErrors.length > 0, io);
  return runChanges(
    {
      command: "enforce",
      account: session.caller,
      clients: accountClients(session),
      maxAccounts: opts.org.maxAccounts,
      role: session.selection.role,
      ...whole,
      args: opts.args,
    },
    opts,
    io,
  );
}
