// `imds rollback JOURNAL`: restores exactly what a journal recorded, where nothing changed since.

import { classify } from "../aws/errors.js";
import { readDefaults } from "../aws/reads.js";
import { readInstancesById } from "../aws/writes.js";
import { currentSettings } from "../core/changes.js";
import { isLocked } from "../core/evaluate.js";
import type { Settings } from "../core/plan.js";
import { planRollback, type RecordedChange } from "../core/rollback-plan.js";
import { groupBy } from "../core/text.js";
import type { ReadError } from "../core/types.js";
import { UsageError } from "../errors.js";
import { type ChangeRunOptions, runChanges } from "./change-run.js";
import { checkAccount, journalRegions, loadJournal } from "./journal-input.js";
import type { CommandIO } from "./options.js";
import { openSession } from "./session.js";

export interface RollbackOptions extends ChangeRunOptions {
  journalToRestore: string;
  instanceIds?: string[] | undefined;
  args: string[];
}

/** Reads what every recorded resource has now; per-region errors are data. */
async function readCurrent(
  session: Awaited<ReturnType<typeof openSession>>,
  byRegion: Map<string, RecordedChange[]>,
): Promise<{
  current: Map<string, Settings>;
  errors: Map<string, ReadError[]>;
  locked: Map<string, string>;
}> {
  const current = new Map<string, Settings>();
  const locked = new Map<string, string>();
  const errors = new Map<string, ReadError[]>();
  await Promise.all(
    [...byRegion].map(([region, recorded]) =>
      session.clients.limit(async () => {
        const ec2 = session.clients.ec2(region);
        const errs: ReadError[] = [];
        if (recorded.some((r) => r.kind === "account-default")) {
          try {
            const defaults = await readDefaults(ec2);
            current.set(`${region} account-default`, currentSettings(defaults));
            if (isLocked(defaults)) locked.set(region, defaults.managedExceptionMessage ?? "");
          } catch (err) {
            errs.push(classify(err, "defaults", "ec2:GetInstanceMetadataDefaults", region));
          }
        }
        const ids = recorded.filter((r) => r.kind === "instance").map((r) => r.id);
        if (ids.length) {
          try {
            for (const i of await readInstancesById(ec2, ids)) {
              if (i.state !== "terminated" && i.state !== "shutting-down") {
                current.set(`${region} ${i.id}`, currentSettings(i.metadata));
              }
            }
          } catch (err) {
            errs.push(classify(err, "instances", "ec2:DescribeInstances", region));
          }
        }
        errors.set(region, errs);
      }),
    ),
  );
  return { current, errors, locked };
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
  const recorded: RecordedChange[] = entries.filter(
    (e) => inScope.has(e.region) && (!ids || (e.kind === "instance" && ids.has(e.id))),
  );
  if (ids) {
    const known = new Set(recorded.map((r) => r.id));
    const missing = [...ids].filter((id) => !known.has(id));
    if (missing.length) throw new UsageError(`--instance-ids: not in the journal: ${missing.join(", ")}`);
  }
  const byRegion = groupBy(recorded, (r) => r.region);
  const { current, errors, locked } = await readCurrent(session, byRegion);
  const readable = recorded.filter((r) => (errors.get(r.region) ?? []).length === 0);
  const { changes, skipped } = planRollback(readable, current, locked);
  return runChanges(
    {
      command: "rollback",
      account: session.account,
      clients: session.clients,
      regions: [...byRegion.keys()].sort().map((region) => ({ region, errors: errors.get(region) ?? [] })),
      changes,
      skipped,
      args: opts.args,
      source: opts.journalToRestore,
    },
    opts,
    io,
  );
}
