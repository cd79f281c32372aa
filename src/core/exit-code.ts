import { type ChangeResult, summarize } from "./changes.js";
import { atLeast } from "./severity.js";
import type { FailOn, Severity } from "./types.js";

export const EXIT = {
  ok: 0,
  findings: 1,
  usage: 2,
  incomplete: 3,
  /** Ctrl-C (SIGINT, 128 + 2). */
  interrupted: 130,
  /** SIGHUP (128 + 1): the terminal went away. */
  hangup: 129,
  /** SIGTERM (128 + 15): what cron and CI timeouts send. */
  terminated: 143,
} as const;

/** 128 + the signal's number, as a shell reports a process it ended: 130, 129 or 143. */
export function signalExitCode(signal: "SIGINT" | "SIGTERM" | "SIGHUP"): number {
  return signal === "SIGTERM" ? EXIT.terminated : signal === "SIGHUP" ? EXIT.hangup : EXIT.interrupted;
}

/**
 * The exit code of an audit, one pure function of its result.
 * Incomplete (a region, resource or change that could not be read or made) outranks findings,
 * so a cron job never mistakes an unreadable region for a compliant one.
 */
export function auditExitCode(result: { complete: boolean; worst: Severity }, failOn: FailOn): number {
  if (!result.complete) return EXIT.incomplete;
  if (failOn !== "never" && atLeast(result.worst, failOn)) return EXIT.findings;
  return EXIT.ok;
}

/**
 * --dry-run: 3 when a region could not be read, AWS would not permit a planned change (or a change
 * is blocked), or the endpoint ignored DryRun (it may have made the change); else 0. An action
 * without DryRun (Auto Scaling) cannot be asked: "unchecked", said in the report, not a failure.
 */
export function dryRunExitCode(
  readErrors: number,
  probes: readonly { result: string }[],
  blocked = 0,
): number {
  const refused = probes.some((p) => p.result !== "permitted" && p.result !== "unchecked");
  return readErrors > 0 || blocked > 0 || refused ? EXIT.incomplete : EXIT.ok;
}

/**
 * The exit code of a change run, one pure function of its result: 130, 143 or 129 when a signal
 * stopped it, 3 when a region could not be read, any change failed, was not seen applied as asked
 * (changed more included) or was blocked (AWS would refuse it: HttpTokensEnforced), 0 otherwise.
 */
export function changeExitCode(r: {
  /** The signal that stopped the run, if one did. */
  stoppedBy?: "SIGINT" | "SIGTERM" | "SIGHUP" | undefined;
  readErrors: number;
  results: readonly ChangeResult[];
  blocked?: number;
}): number {
  if (r.stoppedBy) return signalExitCode(r.stoppedBy);
  const s = summarize(r.results);
  const bad = s.failed + s.notStarted + s.unverified + (r.blocked ?? 0);
  if (r.readErrors > 0 || bad > 0) return EXIT.incomplete;
  return EXIT.ok;
}

/**
 * `imds watch`: 3 when metrics could not be read or a changed instance has no data since its change
 * (nothing is known of it: not OK), 1 when a changed instance rejected IMDSv1 calls, else 0.
 */
export function watchExitCode(report: {
  complete: boolean;
  broken: readonly unknown[];
  unknown?: readonly unknown[] | undefined;
}): number {
  if (!report.complete || (report.unknown?.length ?? 0) > 0) return EXIT.incomplete;
  return report.broken.length ? EXIT.findings : EXIT.ok;
}

/**
 * `imds report diff`: 3 when a region read before, or an account, could not be read (completely)
 * this time (it may hide new failures), 1 when any resource newly fails, 0 otherwise. A trend (a
 * directory) is 0.
 */
export function diffExitCode(d: {
  verdict: { status: "regressed" | "improved" | "unchanged" | "incomplete" };
}): number {
  if (d.verdict.status === "incomplete") return EXIT.incomplete;
  return d.verdict.status === "regressed" ? EXIT.findings : EXIT.ok;
}
