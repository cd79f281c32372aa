import { atLeast } from "./severity.js";
import type { FailOn, Severity } from "./types.js";

export const EXIT = {
  ok: 0,
  findings: 1,
  usage: 2,
  incomplete: 3,
  interrupted: 130,
} as const;

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
