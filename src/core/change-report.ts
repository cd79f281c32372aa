// The report of an enforce or rollback run: the plan, what happened to each change, and why the
// rest was left alone. Pure.
import type * as v from "valibot";
import { iamActionOf } from "../schemas/change-kinds.js";
import type {
  changeRegionSchema,
  changeReportSchema,
  changeSchema,
  probeSchema,
} from "../schemas/change-report.js";
import type { Change, ChangeResult, ChangeSummary } from "./changes.js";
import { describeSideEffects, placeOf, summarize } from "./changes.js";
import { envelope } from "./envelope.js";
import type { RefreshAdvice } from "./launch-plan.js";
import type { AccountError } from "./org-types.js";
import type { Skip } from "./plan.js";
import { groupBy, plural } from "./text.js";
import type { ReadError } from "./types.js";

// The report's types come from its schema (src/schemas/change-report.ts): type-only, nothing loads.
export type ChangeReport = v.InferOutput<typeof changeReportSchema>;
export type ChangeRow = v.InferOutput<typeof changeSchema>;
export type ChangeRegionRow = v.InferOutput<typeof changeRegionSchema>;
export type ProbeResult = v.InferOutput<typeof probeSchema>;
export type Mode = ChangeReport["mode"];
/**
 * What a change run came to, as data (the verdict line says it for people):
 * - applied: every planned change was made and seen applied, and every region was read;
 * - nothing-to-do: nothing needed changing in any region (every one read);
 * - planned: a plan or a dry run, every region read and (dry run) every planned call permitted;
 * - not-permitted: a dry run in which AWS would refuse some planned call;
 * - incomplete: a region could not be read, or a change failed, was not started, or was not seen applied;
 * - interrupted: Ctrl-C stopped the run.
 */
export type ChangeStatus = ChangeReport["verdict"]["status"];

export interface ChangeReportInput {
  command: "enforce" | "rollback";
  version: string;
  account: { id: string; arn?: string };
  generatedAt: Date;
  mode: Mode;
  journal?: string | undefined;
  interrupted: boolean;
  /** What interrupted it: "Ctrl-C" (the default), "SIGTERM" or "SIGHUP". */
  stoppedBy?: string | undefined;
  regions: readonly { account?: string; region: string; errors: ReadError[] }[];
  /** Organization runs: accounts that could not be entered or listed. */
  accountErrors?: readonly ({ account: string } & AccountError)[];
  changes: readonly Change[];
  results?: readonly ChangeResult[];
  skipped: readonly Skip[];
  notes?: readonly string[];
  probes?: readonly ProbeResult[];
  /** enforce --launch-templates: the instance refresh each fixed group needs. */
  refresh?: readonly RefreshAdvice[];
}

function row(c: Change, r: ChangeResult | undefined): ChangeRow {
  return {
    ...(c.account ? { account: c.account } : {}),
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
  const unchecked = probes.filter((p) => p.result === "unchecked");
  const where = (ps: readonly ProbeResult[]) =>
    ps.map((p) => `${placeOf(p)} ${iamActionOf(p.action)}`).join(", ");
  const check = journal
    ? `: journaled as uncertain in ${journal}, check it with imds rollback ${journal}`
    : "";
  return [
    ignored.length
      ? ` The endpoint ignored DryRun for ${where(ignored)} and may have made the change${check}.`
      : "",
    refused.length
      ? ` Not permitted: ${refused.map((p) => `${placeOf(p)} ${iamActionOf(p.action)} (${p.code})`).join(", ")}.`
      : "",
    unchecked.length ? ` Not checked (no DryRun): ${where(unchecked)}.` : "",
  ].join("");
}

function changedMoreNote(results: readonly ChangeResult[]): string {
  const more = results.filter((r) => r.verified === "changed-more");
  if (more.length === 0) return "";
  const list = more.map((r) => `${r.change.id} ${describeSideEffects(r.sideEffects ?? [])}`).join("; ");
  return ` The endpoint changed more than asked on ${more.length}: ${list} (imds rollback restores every field it recorded).`;
}

function verdictLine(input: ChangeReportInput, s: Summary, regions: ChangeRegionRow[]) {
  const unread = regions.filter((r) => !r.complete).map(placeOf);
  const shown = unread.length > 10 ? [...unread.slice(0, 10), `and ${unread.length - 10} more`] : unread;
  const entered = (input.accountErrors ?? []).map((e) => `${e.account} (${e.kind})`);
  const unreadNote =
    (unread.length ? ` ${plural(unread.length, "region")} could not be read: ${shown.join(", ")}.` : "") +
    (entered.length
      ? ` ${plural(entered.length, "account")} could not be entered: ${entered.join(", ")}.`
      : "");
  const blockedNote = s.blocked ? ` ${s.blocked} blocked by HttpTokensEnforced (see left alone).` : "";
  if (input.mode !== "apply") {
    const what = input.mode === "dry-run" ? "DRY RUN" : "PLAN";
    const notes = `${blockedNote}${probeNotes(input.probes ?? [], input.journal)}${unreadNote}`;
    if (s.planned === 0)
      return `${what}: nothing to change; ${plural(s.skipped, "resource")} left alone.${notes}`;
    return `${what}: ${plural(s.planned, "change")} planned, ${s.skipped} left alone.${notes}`;
  }
  if (input.interrupted) {
    return `INTERRUPTED: ${s.applied + s.unverified} of ${s.planned} changes made before ${input.stoppedBy ?? "Ctrl-C"}; the rest were not started. The journal lists every change made.`;
  }
  if (s.planned === 0) {
    const head = s.blocked ? "INCOMPLETE: no change made" : "NOTHING TO DO: no change needed";
    return `${head}; ${plural(s.skipped, "resource")} left alone.${blockedNote}${unreadNote}`;
  }
  const bad = s.failed + s.notStarted + s.unverified + s.blocked;
  if (bad === 0 && !unread.length && !entered.length)
    return `DONE: ${plural(s.applied, "change")} applied and verified; ${s.skipped} left alone.`;
  const notStarted = s.notStarted ? `, ${s.notStarted} not started` : "";
  // A change that went further than asked is not "not yet applied": its own note says what it did.
  const more = (input.results ?? []).filter((r) => r.verified === "changed-more").length;
  return `INCOMPLETE: ${s.applied} of ${s.planned} changes applied and verified, ${s.failed} failed, ${s.unverified - more} not yet seen applied${notStarted}.${blockedNote}${changedMoreNote(input.results ?? [])}${unreadNote}`;
}

/**
 * A DryRun the endpoint ignored may have made a change: incomplete, never "planned" or "not
 * permitted". A change AWS would refuse (blocked) is not permitted in a plan, incomplete in a run.
 */
function verdictStatus(input: ChangeReportInput, s: Summary, regions: ChangeRegionRow[]): ChangeStatus {
  if (input.mode === "apply" && input.interrupted) return "interrupted";
  if (regions.some((r) => !r.complete) || input.accountErrors?.length) return "incomplete";
  const probes = input.probes ?? [];
  if (input.mode !== "apply" && probes.some((p) => p.result === "ignored")) return "incomplete";
  if (input.mode !== "apply" && s.blocked) return "not-permitted";
  if (input.mode === "apply" && s.blocked) return "incomplete";
  if (s.planned === 0) return "nothing-to-do";
  if (input.mode !== "apply") {
    return probes.some((p) => p.result !== "permitted" && p.result !== "unchecked")
      ? "not-permitted"
      : "planned";
  }
  return s.failed + s.notStarted + s.unverified === 0 ? "applied" : "incomplete";
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
  // Grouped once by place: an organization run has thousands of regions and many more changes.
  const resultsAt = groupBy(input.results ?? [], (r) => placeOf(r.change));
  const plannedAt = groupBy(input.changes, placeOf);
  const skippedAt = groupBy(input.skipped, placeOf);
  const probesAt = groupBy(input.probes ?? [], placeOf);
  const regions: ChangeRegionRow[] = input.regions.map(({ account, region, errors }) => {
    const place = placeOf({ account, region });
    const s = summarize(resultsAt.get(place) ?? []);
    return {
      ...(account ? { account } : {}),
      region,
      complete: errors.length === 0,
      errors,
      probes: probesAt.get(place) ?? [],
      planned: plannedAt.get(place)?.length ?? 0,
      applied: s.applied,
      failed: s.failed,
      unverified: s.unverified,
      notStarted: s.notStarted,
      skipped: skippedAt.get(place)?.length ?? 0,
    };
  });
  return {
    ...envelope(input),
    mode: input.mode,
    ...(input.journal ? { journal: input.journal } : {}),
    interrupted: input.interrupted,
    ...(input.accountErrors?.length ? { accountErrors: [...input.accountErrors] } : {}),
    regions,
    changes,
    skipped: [...input.skipped],
    ...(input.refresh?.length ? { refresh: [...input.refresh] } : {}),
    ...(input.notes?.length ? { notes: [...input.notes] } : {}),
    summary,
    verdict: {
      status: verdictStatus(input, summary, regions),
      line: verdictLine(input, summary, regions),
    },
  };
}
