// `imds watch JOURNAL`: names the instances a journal changed that have since rejected IMDSv1 calls
// (CloudWatch MetadataNoTokenRejected), and prints the rollback command for just those.
import { classify } from "../aws/errors.js";
import { readMetric } from "../aws/metrics.js";
import { groupBy } from "../core/text.js";
import {
  periodFor,
  type Rejection,
  rejectionsSince,
  type WatchedChange,
  type WatchReport,
  watchExitCode,
  watchVerdict,
} from "../core/watch.js";
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
  const byRegion = groupBy(inScope, (c) => c.region);
  const broken: Rejection[] = [];
  const errors: WatchReport["errors"] = [];
  await Promise.all(
    [...byRegion].map(([region, changes]) =>
      session.clients.limit(async () => {
        const start = new Date(changes.reduce((min, c) => Math.min(min, Date.parse(c.at)), Date.now()));
        const period = periodFor(now.getTime() - start.getTime());
        const from = new Date(Math.floor(start.getTime() / (period * 1000)) * period * 1000);
        try {
          const series = await readMetric(
            session.clients.cloudwatch(region),
            changes.map((c) => c.id),
            "MetadataNoTokenRejected",
            {
              start: from,
              end: now,
              periodSeconds: period,
            },
          );
          for (const c of changes) {
            const r = rejectionsSince(c, series.get(c.id), period);
            if (r) broken.push(r);
          }
        } catch (err) {
          errors.push({ ...classify(err, "usage", "cloudwatch:GetMetricData", region), region });
        }
      }),
    ),
  );
  broken.sort((a, b) => a.region.localeCompare(b.region) || a.id.localeCompare(b.id));
  const complete = errors.length === 0;
  const { rollbackCommand, status, line } = watchVerdict(opts.journal, inScope.length, broken, complete);
  const report: WatchReport = {
    schemaVersion: 1,
    command: "watch",
    tool: { name: "imds", version: VERSION },
    account: session.account,
    generatedAt: now.toISOString(),
    journal: opts.journal,
    watched: inScope.length,
    complete,
    errors,
    broken,
    ...(rollbackCommand ? { rollbackCommand } : {}),
    verdict: { status, line },
  };
  const lines = rollbackCommand ? `${line}\n${rollbackCommand}` : line;
  emitReport(io, opts, (view) => renderWatch(opts.format, report, view), lines);
  return watchExitCode(report);
}
