// `imds watch JOURNAL`: names the instances a journal changed that have since rejected IMDSv1 calls
// (CloudWatch MetadataNoTokenRejected), and prints the rollback command for just those.
import { envelope } from "../core/envelope.js";
import { watchExitCode } from "../core/exit-code.js";
import { type WatchedChange, type WatchReport, watchVerdict } from "../core/watch.js";
import { readRejections } from "../engine/rejections.js";
import { emitReport } from "../io/emit.js";
import { renderWatch } from "../render/index.js";
import { VERSION } from "../version.js";
import { checkAccount, journalRegions, loadJournal } from "./journal-input.js";
import type { CommandIO, GlobalOptions } from "./options.js";
import { openSession } from "./session.js";

export interface WatchOptions extends GlobalOptions {
  journal: string;
}

export async function watch(opts: WatchOptions, io: CommandIO): Promise<number> {
  const { header, entries } = loadJournal(opts.journal);
  // Only changes that required IMDSv2 on an instance can make it reject IMDSv1 calls.
  const changed: WatchedChange[] = entries
    .filter((e) => e.kind === "instance" && e.outcome !== "failed" && e.requested.httpTokens === "required")
    .map((e) => ({ region: e.region, id: e.id, at: e.at }));
  const session = await openSession(opts.aws, {
    regions: opts.scope.regions?.length
      ? opts.scope.regions
      : (journalRegions(changed) ?? journalRegions(entries)),
  });
  checkAccount(header.account, session.account.id);

  const now = new Date();
  const inScope = changed.filter((c) => session.regions.includes(c.region));
  const { broken, unknown, enforced, unchecked, errors } = await readRejections(
    session.clients,
    inScope,
    now,
  );
  const complete = errors.length === 0;
  const watched = inScope.length;
  const { rollbackCommand, status, line } = watchVerdict(opts.journal, {
    watched,
    broken,
    unknown,
    enforced,
    unchecked,
    complete,
  });
  const report: WatchReport = {
    ...envelope({ command: "watch", version: VERSION, account: session.account, generatedAt: now }),
    journal: opts.journal,
    watched,
    complete,
    errors,
    broken,
    unknown,
    enforced,
    ...(rollbackCommand ? { rollbackCommand } : {}),
    verdict: { status, line },
  };
  const lines = rollbackCommand ? `${line}\n${rollbackCommand}` : line;
  emitReport(io, opts, (view) => renderWatch(opts.format, report, view), lines);
  return watchExitCode(report);
}
