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
import { summarize } from "./changes.js";
import { envelope } from "./envelope.js";
import type { RefreshAdvice } from "./launch-plan.js";
import type { Skip } from "./plan.js";
import { plural } from "./text.js";
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
  regions: readonly { region: string; errors: ReadError[] }[];
  changes: readonly Change[];
  results?: readonly ChangeResult[];
  skipped: readonly Skip[];
  probes?: readonly ProbeResult[];
  /** enforce --launch-templates: the instance refresh each fixed group needs. */
  refresh?: readonly RefreshAdvice[];
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
    ...(r?.error ? { error: { code: r.error.code, message: r.error.message } } : {}),
  };
}

function verdictLine(
  input: ChangeReportInput,
  s: ChangeSummary & { skipped: number },
  regions: ChangeRegionRow[],
) {
  const unread = regions.filter((r) => !r.complete).map((r) => r.region);
  const unreadNote = unread.length
    ? ` ${plural(unread.length, "region")} could not be read: ${unread.join(", ")}.`
    : "";
  if (input.mode !== "apply") {
    const probes = input.probes ?? [];
    const denied = probes.filter((p) => p.result !== "permitted" && p.result !== "unchecked");
    const unchecked = probes.filter((p) => p.result === "unchecked");
    const deniedNote =
      (denied.length
        ? ` Not permitted: ${denied.map((p) => `${p.region} ${iamActionOf(p.action)} (${p.code})`).join(", ")}.`
        : "") +
      (unchecked.length
        ? ` Not checked (no DryRun): ${unchecked.map((p) => `${p.region} ${iamActionOf(p.action)}`).join(", ")}.`
        : "");
    const what = input.mode === "dry-run" ? "DRY RUN" : "PLAN";
    if (s.planned === 0)
      return `${what}: nothing to change; ${plural(s.skipped, "resource")} left alone.${unreadNote}`;
    return `${what}: ${plural(s.planned, "change")} planned, ${s.skipped} left alone.${deniedNote}${unreadNote}`;
  }
  if (input.interrupted) {
    return `INTERRUPTED: ${s.applied + s.unverified} of ${s.planned} changes made before Ctrl-C; the rest were not started. The journal lists every change made.`;
  }
  if (s.planned === 0)
    return `NOTHING TO DO: no change needed; ${plural(s.skipped, "resource")} left alone.${unreadNote}`;
  const bad = s.failed + s.notStarted + s.unverified;
  if (bad === 0 && !unread.length)
    return `DONE: ${plural(s.applied, "change")} applied and verified; ${s.skipped} left alone.`;
  return `INCOMPLETE: ${s.applied} of ${s.planned} changes applied and verified, ${s.failed} failed, ${s.unverified} not yet seen applied.${unreadNote}`;
}

function verdictStatus(
  input: ChangeReportInput,
  s: ChangeSummary & { skipped: number },
  regions: ChangeRegionRow[],
): ChangeStatus {
  if (input.mode === "apply" && input.interrupted) return "interrupted";
  if (regions.some((r) => !r.complete)) return "incomplete";
  if (s.planned === 0) return "nothing-to-do";
  if (input.mode !== "apply") {
    const denied = (input.probes ?? []).some((p) => p.result !== "permitted" && p.result !== "unchecked");
    return denied ? "not-permitted" : "planned";
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
    ...(input.refresh?.length ? { refresh: [...input.refresh] } : {}),
    summary,
    verdict: {
      status: verdictStatus(input, summary, regions),
      line: verdictLine(input, summary, regions),
    },
  };
}
