// `imds watch JOURNAL`: names the instances a journal changed that have since rejected IMDSv1 calls
// (CloudWatch MetadataNoTokenRejected), and prints the rollback command for just those. An
// organization run's journal is watched account by account (--accounts narrows it).
import { envelope } from "../core/envelope.js";
import { watchExitCode } from "../core/exit-code.js";
import { accessOf, invocationOf } from "../core/next-command.js";
import { groupBy } from "../core/text.js";
import { type WatchedChange, type WatchReport, watchVerdict } from "../core/watch.js";
import { perAccount } from "../engine/per-account.js";
import { type Rejections, readRejections } from "../engine/rejections.js";
import { UsageError } from "../errors.js";
import { emitReport } from "../io/emit.js";
import type { JournalHeader } from "../journal/journal.js";
import { renderWatch } from "../render/index.js";
import { VERSION } from "../version.js";
import { checkAccount, journalRegions, loadJournal } from "./journal-input.js";
import type { CommandIO, GlobalOptions } from "./options.js";
import { type AccessOptions, openAccess } from "./org-session.js";
import { selectEntries } from "./restore.js";
import { openSession } from "./session.js";

export interface WatchOptions extends GlobalOptions {
  journal: string;
  /** Organization journals: only these accounts. */
  accounts?: string[] | undefined;
  access: AccessOptions;
}

type Watched = { caller: { id: string; arn?: string }; watched: WatchedChange[] } & Rejections;

async function watchOne(
  opts: WatchOptions,
  header: JournalHeader,
  changed: WatchedChange[],
): Promise<Watched> {
  const session = await openSession(opts.aws, {
    regions: opts.scope.regions?.length ? opts.scope.regions : journalRegions(changed),
  });
  checkAccount(header.account, session.account.id);
  const watched = changed.filter((c) => session.regions.includes(c.region));
  return {
    caller: session.account,
    watched,
    ...(await readRejections(session.clients, watched, new Date())),
  };
}

async function watchOrg(
  opts: WatchOptions,
  header: JournalHeader,
  changed: WatchedChange[],
): Promise<Watched> {
  const access =
    opts.access.roleArn === undefined && header.role ? { ...opts.access, roleArn: header.role } : opts.access;
  const session = await openAccess(opts.aws, access, opts.scope, "watch");
  checkAccount(header.account, session.caller.id);
  const named = opts.scope.regions?.length ? new Set(opts.scope.regions) : undefined;
  const watched = changed.filter((c) => !named || named.has(c.region));
  const byAccount = groupBy(watched, (c) => c.account ?? session.caller.id);
  const out: Rejections = { broken: [], reverted: [], unknown: [], enforced: [], unchecked: [], errors: [] };
  const now = new Date();
  await perAccount(
    session.access,
    [...byAccount.keys()].sort().map((id) => ({ id })),
    { maxAccounts: access.maxAccounts, scope: { regions: journalRegions(watched) } },
    (account) => readRejections(account.clients, byAccount.get(account.ref.id) ?? [], now),
    (o) => {
      const account = o.ref.id;
      if (!o.ok) {
        const { stage: _stage, ...e } = o.error;
        out.errors.push({ account, region: "*", part: "usage", ...e });
        return;
      }
      out.broken.push(...o.value.broken);
      out.reverted.push(...o.value.reverted);
      out.unknown.push(...o.value.unknown);
      out.enforced.push(...o.value.enforced);
      out.unchecked.push(...o.value.unchecked);
      out.errors.push(...o.value.errors.map((e) => ({ account, ...e })));
    },
  );
  const order = (a: WatchedChange, b: WatchedChange) =>
    `${a.account}/${a.region}/${a.id}`.localeCompare(`${b.account}/${b.region}/${b.id}`);
  out.broken.sort(order);
  out.reverted.sort(order);
  out.unknown.sort(order);
  out.enforced.sort();
  return { caller: session.caller, watched, ...out };
}

export async function watch(opts: WatchOptions, io: CommandIO): Promise<number> {
  const { header, entries } = loadJournal(opts.journal, (line) => io.stderr.write(`imds: ${line}\n`));
  const org = entries.some((e) => e.account !== undefined);
  if (opts.accounts && !org) throw new UsageError("--accounts: only for a journal of an organization run");
  // Only changes that required IMDSv2 on an instance can make it reject IMDSv1 calls.
  const changed: WatchedChange[] = selectEntries(entries, { inScope: () => true, accounts: opts.accounts })
    .filter((e) => e.kind === "instance" && e.outcome !== "failed" && e.requested.httpTokens === "required")
    .map((e) => ({ ...(e.account ? { account: e.account } : {}), region: e.region, id: e.id, at: e.at }));
  const { caller, watched, broken, reverted, unknown, enforced, unchecked, errors } = org
    ? await watchOrg(opts, header, changed)
    : await watchOne(opts, header, changed);
  const complete = errors.length === 0;
  const { rollbackCommand, status, line } = watchVerdict(
    opts.journal,
    {
      watched: watched.length,
      broken,
      reverted,
      unknown,
      enforced,
      unchecked,
      complete,
    },
    invocationOf(opts.aws, org ? accessOf(opts.access) : undefined, opts.configFlag),
  );
  const report: WatchReport = {
    ...envelope({ command: "watch", version: VERSION, account: caller, generatedAt: new Date() }),
    journal: opts.journal,
    watched: watched.length,
    complete,
    errors,
    broken,
    ...(reverted.length ? { reverted } : {}),
    unknown,
    enforced,
    ...(rollbackCommand ? { rollbackCommand } : {}),
    verdict: { status, line },
  };
  const lines = rollbackCommand ? `${line}\n${rollbackCommand}` : line;
  emitReport(io, opts, (view) => renderWatch(opts.format, report, view), lines);
  return watchExitCode(report);
}
