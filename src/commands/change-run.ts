// The part enforce and rollback share once they have a plan: show it, probe permissions on
// --dry-run, confirm, journal, apply with pacing, verify, report. Returns the exit code.
import { resolve } from "node:path";
import type { Clients } from "../aws/clients.js";
import { type BucketSize, Pacers, WRITE_BUCKETS } from "../aws/pacer.js";
import { BUCKETS } from "../core/buckets.js";
import {
  buildChangeReport,
  type ChangeReport,
  type ChangeReportInput,
  type Mode,
} from "../core/change-report.js";
import { type Change, placeOf } from "../core/changes.js";
import { changeExitCode, dryRunExitCode, EXIT } from "../core/exit-code.js";
import type { RefreshAdvice } from "../core/launch-plan.js";
import type { Skip } from "../core/plan.js";
import { plural } from "../core/text.js";
import type { ReadError } from "../core/types.js";
import { type Applied, applyChanges } from "../engine/apply.js";
import { type AccountClients, byAccount } from "../engine/by-account.js";
import type { ApplyEvents } from "../engine/events.js";
import { probePermissions } from "../engine/probe.js";
import { verifyChanges } from "../engine/verify.js";
import { UsageError } from "../errors.js";
import { confirm } from "../io/confirm.js";
import { emitReport, viewOf } from "../io/emit.js";
import { writeProblem } from "../io/output-file.js";
import { acquireRunLocks } from "../io/run-lock.js";
import { progressLine } from "../io/terminal.js";
import { defaultJournalName, JOURNAL_VERSION, JournalError, JournalWriter } from "../journal/journal.js";
import type { ReportFormat, View } from "../render/formats.js";
import { joined, renderChanges } from "../render/index.js";
import { VERSION } from "../version.js";
import type { CommandIO, GlobalOptions } from "./options.js";

export interface ChangeRunOptions extends GlobalOptions {
  dryRun: boolean;
  yes: boolean;
  journal?: string | undefined;
  waitSeconds: number;
  maxRows: number;
  /** Organization runs: a row per account and region in the tables, not one per account. */
  detail: boolean;
  /** ModifyInstanceMetadataOptions pacing per region; AWS's published bucket unless overridden. */
  writeRate?: number | undefined;
  writeBurst?: number | undefined;
}

export interface ChangePlan {
  command: "enforce" | "rollback";
  /** Who runs it: the account, or in an organization run the caller. */
  account: { id: string; arn?: string };
  /** The clients of each change's account (organization runs), or the one account's. */
  clients: AccountClients;
  /** Organization runs: accounts changed (and read back) at once. */
  maxAccounts?: number;
  /** Organization runs: the role assumed in member accounts, for the journal (rollback uses it again). */
  role?: string;
  regions: { account?: string; region: string; errors: ReadError[] }[];
  /** Organization runs: accounts that could not be entered or listed. */
  accountErrors?: ChangeReportInput["accountErrors"];
  changes: Change[];
  skipped: Skip[];
  /** enforce --launch-templates: the instance refresh each fixed group needs (imds does not start it). */
  refresh?: RefreshAdvice[];
  /** What the plan does in a particular order, and why. */
  notes?: string[];
  args: string[];
  /** rollback: the journal it restores. */
  source?: string;
}

/** Instance changes in flight per region. */
const IN_FLIGHT = 10;

/**
 * The pacer's bucket for instance changes. Calls in flight can reach AWS bunched together, a
 * little faster than they left; keeping that many tokens of headroom in the burst means the
 * account's bucket never runs dry because of it.
 */
function instanceBucket(opts: ChangeRunOptions): BucketSize {
  const base = WRITE_BUCKETS.ModifyInstanceMetadataOptions;
  const burst = opts.writeBurst ?? base.burst;
  return { burst: Math.max(1, burst - IN_FLIGHT), refillPerSecond: opts.writeRate ?? base.refillPerSecond };
}

/**
 * The pacing of the re-reads before each batch: AWS's Describe bucket, scaled as far as --write-rate
 * scales the writes (an endpoint with bigger buckets, such as the simulator's time-scaled ones).
 */
function rereadBucket(opts: ChangeRunOptions): BucketSize {
  const scale = Math.max(
    1,
    (opts.writeRate ?? 0) / WRITE_BUCKETS.ModifyInstanceMetadataOptions.refillPerSecond,
  );
  return { burst: BUCKETS.describe.burst * scale, refillPerSecond: BUCKETS.describe.refillPerSecond * scale };
}

function emit(report: ChangeReport, opts: ChangeRunOptions, io: CommandIO, final: boolean): void {
  const render = (format: ReportFormat) => (view: View) =>
    renderChanges(format, report, { ...view, maxRows: opts.maxRows, detail: opts.detail });
  if (final) {
    emitReport(io, opts, render(opts.format), report.verdict.line);
  } else if (!opts.quiet) {
    // The plan is for the person deciding, on stderr as a table whatever --format says: the report
    // on stdout is the final one only.
    io.stderr.write(joined(render("table")(viewOf(io.stderr, opts.color))));
  }
}

/** A journal that cannot be created is bad input (a path, a folder's permissions): exit 2, nothing changed. */
function createJournal(...args: Parameters<typeof JournalWriter.create>): JournalWriter {
  try {
    return JournalWriter.create(...args);
  } catch (err) {
    if (err instanceof JournalError) throw new UsageError(`${err.message} (choose a writable --journal)`);
    throw err;
  }
}

function report(plan: ChangePlan, mode: Mode, extra: Partial<Parameters<typeof buildChangeReport>[0]> = {}) {
  return buildChangeReport({
    command: plan.command,
    version: VERSION,
    account: plan.account,
    generatedAt: new Date(),
    mode,
    interrupted: false,
    regions: plan.regions,
    ...(plan.accountErrors?.length ? { accountErrors: plan.accountErrors } : {}),
    changes: plan.changes,
    skipped: plan.skipped,
    ...(plan.refresh?.length ? { refresh: plan.refresh } : {}),
    ...(plan.notes ? { notes: plan.notes } : {}),
    ...extra,
  });
}

const interactive = (io: CommandIO) => Boolean(io.stdin.isTTY && io.stderr.isTTY);

/**
 * What makes a run impossible, refused before its plan is printed (exit 2, nothing changed): a
 * journal that cannot be created, or instance changes with no terminal to confirm them and no --yes.
 */
function refuseEarly(plan: ChangePlan, opts: ChangeRunOptions, io: CommandIO, journal: string): void {
  const problem = writeProblem(journal);
  if (problem) throw new UsageError(`journal ${journal}: ${problem} (choose a writable --journal)`);
  const instances = plan.changes.filter((c) => c.kind === "instance").length;
  const launch = plan.changes.filter((c) => c.kind !== "instance" && c.kind !== "account-default").length;
  if (!opts.yes && !interactive(io) && instances + launch > 0) {
    const what = [
      instances ? `${instances} instances` : "",
      launch ? plural(launch, "launch path change") : "",
    ]
      .filter(Boolean)
      .join(" and ");
    throw new UsageError(
      `the plan changes ${what} and there is no terminal to confirm it: review it with --dry-run, then pass --yes`,
    );
  }
}

/** The accounts a plan changes (the caller's own in a one-account run), each once, in order. */
function changedAccounts(plan: ChangePlan): string[] {
  return [...new Set(plan.changes.map((c) => c.account ?? plan.account.id))].sort();
}

async function mayProceed(plan: ChangePlan, opts: ChangeRunOptions, io: CommandIO): Promise<boolean> {
  if (opts.yes || !interactive(io)) return true;
  const accounts = changedAccounts(plan);
  const where =
    accounts.length > 1
      ? `across ${accounts.length} accounts`
      : `in account ${accounts[0] ?? plan.account.id}`;
  return confirm(`Apply ${plan.changes.length} changes ${where}?`, io.stdin, io.stderr);
}

/**
 * An endpoint that answered a DryRun probe with success may have made the change: each such change
 * goes into a journal as an intent with no outcome (uncertain), so rollback checks it like a change
 * cut short by a crash. Returns the journal's path.
 */
function journalIgnoredDryRun(plan: ChangePlan, opts: ChangeRunOptions, io: CommandIO, ignored: Change[]) {
  const started = new Date();
  const path = opts.journal ?? defaultJournalName(plan.account.id, started, plan.command);
  const journal = openJournal(plan, opts, path, started);
  try {
    for (const c of ignored) {
      journal.intent({
        ...(c.account ? { account: c.account } : {}),
        region: c.region,
        kind: c.kind,
        id: c.id,
        before: c.before,
        requested: c.requested,
      });
    }
  } finally {
    journal.close();
  }
  io.stderr.write(
    `imds: the endpoint ignored DryRun and may have made ${plural(ignored.length, "change")}: journaled as uncertain in ${path} (check with: imds rollback ${path})\n`,
  );
  return path;
}

/** --dry-run: the plan, and AWS's own DryRun answer for each region and action. */
async function dryRun(plan: ChangePlan, opts: ChangeRunOptions, io: CommandIO): Promise<number> {
  const shares = await perAccountOf(plan, plan.changes, (c) => c.account, probePermissions);
  const probes = shares.flatMap((s) => s.probes);
  const ignored = shares.flatMap((s) => s.ignored);
  const journal = ignored.length ? journalIgnoredDryRun(plan, opts, io, ignored) : undefined;
  emit(report(plan, "dry-run", { probes, journal }), opts, io, true);
  return dryRunExitCode(readErrorCount(plan), probes, blockedCount(plan));
}

function blockedCount(plan: ChangePlan): number {
  return plan.skipped.filter((s) => s.blocked).length;
}

/** `fn` on each account's share, with its clients (one call in a one-account run). */
function perAccountOf<T, R>(
  plan: ChangePlan,
  items: readonly T[],
  accountOf: (item: T) => string | undefined,
  fn: (clients: Clients, items: T[]) => Promise<R>,
): Promise<R[]> {
  return byAccount(items, accountOf, plan.clients, plan.maxAccounts ?? 1, fn);
}

/** Regions not read, and accounts not entered: either makes the run incomplete. */
function readErrorCount(plan: Pick<ChangePlan, "regions" | "accountErrors">): number {
  return plan.regions.reduce((n, r) => n + r.errors.length, 0) + (plan.accountErrors?.length ?? 0);
}

function openJournal(plan: ChangePlan, opts: ChangeRunOptions, path: string, started: Date): JournalWriter {
  return createJournal(path, {
    type: "header",
    journalVersion: JOURNAL_VERSION,
    tool: "imds",
    toolVersion: VERSION,
    command: plan.command,
    account: plan.account.id,
    args: plan.args,
    startedAt: started.toISOString(),
    ...(opts.aws.recordedEndpoint ? { endpoint: opts.aws.recordedEndpoint } : {}),
    ...(plan.source ? { source: plan.source } : {}),
    ...(plan.role ? { role: plan.role } : {}),
  });
}

/** Makes every change, paced and journaled, with a progress line that says how long is left. */
async function apply(
  plan: ChangePlan,
  opts: ChangeRunOptions,
  io: CommandIO,
  journal: JournalWriter,
): Promise<Applied> {
  const pacers = new Pacers({
    ...WRITE_BUCKETS,
    ModifyInstanceMetadataOptions: instanceBucket(opts),
    // The re-read of each batch just before it is written (issue 11, point 4).
    DescribeInstances: rereadBucket(opts),
    GetInstanceMetadataDefaults: rereadBucket(opts),
  });
  const progress = progressLine(io.stderr, !opts.quiet);
  let done = 0;
  let journalFailed = false;
  // Instance changes left per place: only their bucket is slow enough to say how long is left (an
  // account default's bucket lets its one change through at once). A place leaves when it is done,
  // so a run over thousands of account-regions does not walk them all after every change.
  const left = new Map<string, number>();
  for (const c of plan.changes)
    if (c.kind === "instance") left.set(placeOf(c), (left.get(placeOf(c)) ?? 0) + 1);
  const events: ApplyEvents = {
    onChange({ change }) {
      done++;
      if (change.kind === "instance") {
        const place = placeOf(change);
        const n = (left.get(place) ?? 0) - 1;
        if (n > 0) left.set(place, n);
        else left.delete(place);
      }
      // Pacing sets the pace: the slowest region's bucket says how long the rest will take.
      let eta = 0;
      for (const [r, k] of left)
        eta = Math.max(eta, pacers.for(r, "ModifyInstanceMetadataOptions").etaSeconds(k));
      progress.update(`imds: ${done}/${plan.changes.length} changes made, about ${Math.ceil(eta)} s left`);
    },
    onJournalFailure(message) {
      // Each account's share stops on its own; say it once.
      if (journalFailed) return;
      journalFailed = true;
      progress.done();
      io.stderr.write(
        `imds: the journal could not be written (${message}): no further change was started; it holds every change made before\n`,
      );
    },
  };
  try {
    const shares = await perAccountOf(
      plan,
      plan.changes,
      (c) => c.account,
      (clients, changes) =>
        applyChanges(changes, {
          clients,
          journal,
          pacers,
          interrupt: io.interrupt,
          perRegion: IN_FLIGHT,
          // About a second of writes per re-read (10 at AWS's 5 a second, at most 100).
          batchSize: Math.min(100, Math.max(IN_FLIGHT, Math.round(instanceBucket(opts).refillPerSecond))),
          events,
        }),
    );
    const journalFailure = shares.find((a) => a.journalFailure !== undefined)?.journalFailure;
    const results = shares.flatMap((a) => a.results);
    return journalFailure === undefined ? { results } : { results, journalFailure };
  } finally {
    journal.close();
    progress.done();
  }
}

/** Reads the changes back; why a region could not be verified goes next to it in the report. */
async function verifyStage(plan: ChangePlan, applied: Applied, opts: ChangeRunOptions, io: CommandIO) {
  if (io.interrupt.requested) return { results: applied.results, regions: plan.regions };
  const progress = progressLine(io.stderr, !opts.quiet);
  progress.update("imds: verifying the changes…");
  const options = {
    waitMs: opts.waitSeconds * 1000,
    pollMs: Math.min(1000, Math.max(100, opts.waitSeconds * 100)),
    interrupt: io.interrupt,
    events: {
      onVerifyRound: (open: number) => {
        if (open > 0) progress.update(`imds: verifying the changes… ${open} not yet seen applied`);
      },
    },
  };
  const shares = await perAccountOf(
    plan,
    applied.results,
    (r) => r.change.account,
    (clients, mine) => verifyChanges(clients, mine, options),
  );
  progress.done();
  const results = shares.flatMap((v) => v.results);
  const errors = new Map(shares.flatMap((v) => [...v.errors]));
  const regions = plan.regions.map((r) => {
    const error = errors.get(placeOf(r));
    return error ? { ...r, errors: [...r.errors, error] } : r;
  });
  return { results, regions };
}

export async function runChanges(plan: ChangePlan, opts: ChangeRunOptions, io: CommandIO): Promise<number> {
  const readErrors = readErrorCount(plan);
  const blocked = blockedCount(plan);
  if (opts.dryRun) return dryRun(plan, opts, io);
  if (plan.changes.length === 0) {
    emit(report(plan, "apply"), opts, io, true);
    return changeExitCode({ readErrors, results: [], blocked });
  }
  const path = opts.journal ?? defaultJournalName(plan.account.id, new Date(), plan.command);
  refuseEarly(plan, opts, io, path);
  // One lock per account changed: an organization run holds every account it changes, so a second
  // run touching any of them (one account or a whole organization) is refused.
  const lock = acquireRunLocks(changedAccounts(plan), opts.aws.recordedEndpoint, {
    pid: process.pid,
    command: plan.command,
    journal: resolve(path),
    startedAt: new Date().toISOString(),
  });
  try {
    return await confirmAndApply(plan, opts, io, path);
  } finally {
    lock.release();
  }
}

async function confirmAndApply(plan: ChangePlan, opts: ChangeRunOptions, io: CommandIO, path: string) {
  const readErrors = readErrorCount(plan);
  const blocked = blockedCount(plan);
  emit(report(plan, "plan"), opts, io, false);
  if (!(await mayProceed(plan, opts, io))) {
    // Declined: nothing was changed and the plan is not applied, so not 0 (product.md: 2, nothing
    // was changed), as a plan refused for want of --yes without a terminal.
    io.stderr.write("imds: nothing changed: the plan was not confirmed (answer y, or pass --yes)\n");
    return EXIT.usage;
  }
  const started = new Date();
  const journal = openJournal(plan, opts, path, started);
  io.stderr.write(`imds: journal ${path} (undo with: imds rollback ${path})\n`);
  // From the first change to the report, a signal stops the run gracefully: the report is printed.
  return io.interrupt.during(async () => {
    const applied = await apply(plan, opts, io, journal);
    const { results, regions } = await verifyStage(plan, applied, opts, io);
    const stoppedBy = io.interrupt.signal;
    const final = report({ ...plan, regions }, "apply", {
      results,
      journal: path,
      interrupted: stoppedBy !== undefined,
      stoppedBy: stoppedBy === "SIGINT" ? "Ctrl-C" : stoppedBy,
      generatedAt: started,
    });
    emit(final, opts, io, true);
    return changeExitCode({ stoppedBy, readErrors, results, blocked });
  });
}
