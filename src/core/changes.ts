// Changes to make and what became of them, for enforce and rollback alike. Pure.
import type { Settings } from "./plan.js";
import type { AccountDefaults, ErrorKind, MetadataOptions } from "./types.js";

export interface Change {
  region: string;
  kind: "account-default" | "instance";
  id: string;
  name?: string;
  before: Settings;
  requested: Settings;
}

export type Outcome = "applied" | "failed" | "not-started";

/** After the call: applied (read back as requested), pending (still applying when the wait ended),
 * differs (read back with other values), unread (could not be read back). */
export type Verification = "applied" | "pending" | "differs" | "unread";

export interface ChangeResult {
  change: Change;
  outcome: Outcome;
  error?: { code: string; kind: ErrorKind; message: string };
  verified?: Verification;
}

/** The settings as imds names them, from what AWS returns for a default or an instance. */
export function currentSettings(m: AccountDefaults | MetadataOptions): Settings {
  const out: Settings = {};
  for (const key of [
    "httpTokens",
    "hopLimit",
    "httpEndpoint",
    "instanceMetadataTags",
    "httpTokensEnforced",
  ]) {
    const v = (m as Record<string, unknown>)[key];
    if (typeof v === "string" || typeof v === "number") out[key] = v;
  }
  return out;
}

/** Whether `current` shows every requested field; "no-preference" and -1 mean the field is unset. */
export function showsRequested(current: Settings, requested: Settings): boolean {
  return Object.entries(requested).every(([k, v]) =>
    v === "no-preference" || v === -1 ? current[k] === undefined : current[k] === v,
  );
}

export function verify(
  kind: Change["kind"],
  requested: Settings,
  read: AccountDefaults | MetadataOptions | undefined,
): Verification {
  if (read === undefined) return "unread";
  if (!showsRequested(currentSettings(read), requested)) return "differs";
  if (kind === "instance" && (read as MetadataOptions).state === "pending") return "pending";
  return "applied";
}

export interface ChangeSummary {
  planned: number;
  applied: number;
  failed: number;
  notStarted: number;
  unverified: number;
}

export function summarize(results: readonly ChangeResult[]): ChangeSummary {
  return {
    planned: results.length,
    applied: results.filter((r) => r.outcome === "applied" && r.verified === "applied").length,
    failed: results.filter((r) => r.outcome === "failed").length,
    notStarted: results.filter((r) => r.outcome === "not-started").length,
    unverified: results.filter((r) => r.outcome === "applied" && r.verified !== "applied").length,
  };
}

/**
 * The exit code of a change run, one pure function of its result: 130 when interrupted, 3 when a
 * region could not be read or any change failed or was not seen applied, 0 otherwise.
 */
export function changeExitCode(r: {
  interrupted: boolean;
  readErrors: number;
  results: readonly ChangeResult[];
}): number {
  if (r.interrupted) return 130;
  const s = summarize(r.results);
  if (r.readErrors > 0 || s.failed > 0 || s.notStarted > 0 || s.unverified > 0) return 3;
  return 0;
}
