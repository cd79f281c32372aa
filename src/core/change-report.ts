// The report of an enforce or rollback run: the plan, what happened to each change, and why the
// rest was left alone. Pure.
import type { Change, ChangeResult, ChangeSummary, Outcome, SideEffect, Verification } from "./changes.js";
import { describeSideEffects, summarize } from "./changes.js";
import { envelope } from "./envelope.js";
import type { Settings, Skip } from "./plan.js";
import { plural } from "./text.js";
import type { ReadError } from "./types.js";

/**
 * AWS's DryRun answer for one region and action: permitted (DryRunOperation), denied
 * (UnauthorizedOperation), ignored (the endpoint answered success: it did not honour DryRun and may
 * have made the change), or another error.
 */
export interface ProbeResult {
  region: string;
  action: string;
  result: "permitted" | "denied" | "ignored" | "error";
  code: string;
}

export type Mode = "plan" | "dry-run" | "apply";

export interface ChangeRow {
  region: string;
  kind: Change["kind"];
  id: string;
  name?: string;
  before: Settings;
  requested: Settings;
  outcome: Outcome | "planned";
  verified?: Verification;
  /** With verified "changed-more": the fields that changed although imds did not ask. */
  sideEffects?: SideEffect[];
  error?: { code: string; message: string };
}

export interface ChangeRegionRow {
  region: string;
  complete: boolean;
  errors: ReadError[];
  probes: ProbeResult[];
  planned: number;
  applied: number;
  failed: number;
  unverified: number;
  notStarted: number;
  skipped: number;
}

export interface ChangeReport {
  schemaVersion: 1;
  command: "enforce" | "rollback";
  tool: { name: "imds"; version: string };
  account: { id: string; arn?: string };
  generatedAt: string;
  mode: Mode;
  journal?: string;
  interrupted: boolean;
  regions: ChangeRegionRow[];
  changes: ChangeRow[];
  skipped: Skip[];
  /** What the plan does in a particular order, and why (e.g. HttpTokensEnforced off before instances). */
  notes?: string[];
  /** blocked: left alone because AWS would refuse the change (HttpTokensEnforced); the run is incomplete. */
  summary: ChangeSummary & { skipped: number; blocked: number };
  verdict: { line: string };
}

export interface ChangeReportInput {
  command: "enforce" | "rollback";
  version: string;
  account: { id: string; arn?: string };
  generatedAt: Date;
  mode: Mode;
  journal?: string | undefined;
  interrupted: boolean;
  regions: readonly { region: string; errors: ReadError[] }[];
  changes: readonly Change[];
  results?: readonly ChangeResult[];
  skipped: readonly Skip[];
  notes?: readonly string[];
  probes?: readonly ProbeResult[];
}

function row(c: Change, r: ChangeResult | undefined): ChangeRow {
  return {
    region: c.region,
    kind: c.kind,
    id: c.id,
    ...(c.name ? { name: c.name } : {}),
    before: c.before,
    requested: c.requested,
    outcome: r ? r.outcome : "planned",
    ...(r?.verified ? { verified: r.verified } : {}),
    ...(r?.sideEffects?.length ? { sideEffects: r.sideEffects } : {}),
    ...(r?.error ? { error: { code: r.error.code, message: r.error.message } } : {}),
  };
}

type Summary = ChangeSummary & { skipped: number; blocked: number };

/** What the probes say, for the verdict: DryRun ignored first (a change may have been made), then refusals. */
function probeNotes(probes: readonly ProbeResult[], journal: string | undefined): string {
  const ignored = probes.filter((p) => p.result === "ignored");
  const refused = probes.filter((p) => p.result === "denied" || p.result === "error");
  const where = (ps: readonly ProbeResult[]) => ps.map((p) => `${p.region} ec2:${p.action}`).join(", ");
  const check = journal
    ? `: journaled as uncertain in ${journal}, check it with imds rollback ${journal}`
    : "";
  return [
    ignored.length
      ? ` The endpoint ignored DryRun for ${where(ignored)} and may have made the change${check}.`
      : "",
    refused.length
      ? ` Not permitted: ${refused.map((p) => `${p.region} ec2:${p.action} (${p.code})`).join(", ")}.`
      : "",
  ].join("");
}

function changedMoreNote(results: readonly ChangeResult[]): string {
  const more = results.filter((r) => r.verified === "changed-more");
  if (more.length === 0) return "";
  const list = more.map((r) => `${r.change.id} ${describeSideEffects(r.sideEffects ?? [])}`).join("; ");
  return ` The endpoint changed more than asked on ${more.length}: ${list} (imds rollback restores every field it recorded).`;
}

function verdictLine(input: ChangeReportInput, s: Summary, regions: ChangeRegionRow[]) {
  const unread = regions.filter((r) => !r.complete).map((r) => r.region);
  const unreadNote = unread.length
    ? ` ${plural(unread.length, "region")} could not be read: ${unread.join(", ")}.`
    : "";
  const blockedNote = s.blocked ? ` ${s.blocked} blocked by HttpTokensEnforced (see left alone).` : "";
  if (input.mode !== "apply") {
    const what = input.mode === "dry-run" ? "DRY RUN" : "PLAN";
    const notes = `${blockedNote}${probeNotes(input.probes ?? [], input.journal)}${unreadNote}`;
    if (s.planned === 0)
      return `${what}: nothing to change; ${plural(s.skipped, "resource")} left alone.${notes}`;
    return `${what}: ${plural(s.planned, "change")} planned, ${s.skipped} left alone.${notes}`;
  }
  if (input.interrupted) {
    return `INTERRUPTED: ${s.applied + s.unverified} of ${s.planned} changes made before Ctrl-C; the rest were not started. The journal lists every change made.`;
  }
  if (s.planned === 0) {
    const head = s.blocked ? "INCOMPLETE" : "NOTHING TO DO";
    return `${head}: no change made; ${plural(s.skipped, "resource")} left alone.${blockedNote}${unreadNote}`;
  }
  const bad = s.failed + s.notStarted + s.unverified + s.blocked;
  if (bad === 0 && !unread.length)
    return `DONE: ${plural(s.applied, "change")} applied and verified; ${s.skipped} left alone.`;
  const notStarted = s.notStarted ? `, ${s.notStarted} not started` : "";
  return `INCOMPLETE: ${s.applied} of ${s.planned} changes applied and verified, ${s.failed} failed, ${s.unverified} not yet seen applied${notStarted}.${blockedNote}${changedMoreNote(input.results ?? [])}${unreadNote}`;
}

export function buildChangeReport(input: ChangeReportInput): ChangeReport {
  const results = new Map<Change, ChangeResult>();
  for (const r of input.results ?? []) results.set(r.change, r);
  const changes = input.changes.map((c) => row(c, results.get(c)));
  const summary = {
    ...summarize(input.results ?? []),
    planned: input.changes.length,
    skipped: input.skipped.length,
    blocked: input.skipped.filter((k) => k.blocked).length,
  };
  const regions: ChangeRegionRow[] = input.regions.map(({ region, errors }) => {
    const mine = (input.results ?? []).filter((r) => r.change.region === region);
    const s = summarize(mine);
    return {
      region,
      complete: errors.length === 0,
      errors,
      probes: (input.probes ?? []).filter((p) => p.region === region),
      planned: input.changes.filter((c) => c.region === region).length,
      applied: s.applied,
      failed: s.failed,
      unverified: s.unverified,
      notStarted: s.notStarted,
      skipped: input.skipped.filter((k) => k.region === region).length,
    };
  });
  return {
    ...envelope(input),
    mode: input.mode,
    ...(input.journal ? { journal: input.journal } : {}),
    interrupted: input.interrupted,
    regions,
    changes,
    skipped: [...input.skipped],
    ...(input.notes?.length ? { notes: [...input.notes] } : {}),
    summary,
    verdict: { line: verdictLine(input, summary, regions) },
  };
}
