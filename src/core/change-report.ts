// The report of an enforce or rollback run: the plan, what happened to each change, and why the
// rest was left alone. Pure.
import type * as v from "valibot";
import type {
  changeRegionSchema,
  changeReportSchema,
  changeSchema,
  probeSchema,
} from "../schemas/change-report.js";
import type { Change, ChangeResult, ChangeSummary } from "./changes.js";
import { placeOf, summarize } from "./changes.js";
import { envelope } from "./envelope.js";
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
  probes?: readonly ProbeResult[];
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
    ...(r?.error ? { error: { code: r.error.code, message: r.error.message } } : {}),
  };
}

function verdictLine(
  input: ChangeReportInput,
  s: ChangeSummary & { skipped: number },
  regions: ChangeRegionRow[],
) {
  const unread = regions.filter((r) => !r.complete).map(placeOf);
  const shown = unread.length > 10 ? [...unread.slice(0, 10), `and ${unread.length - 10} more`] : unread;
  const entered = (input.accountErrors ?? []).map((e) => `${e.account} (${e.kind})`);
  const unreadNote =
    (unread.length ? ` ${plural(unread.length, "region")} could not be read: ${shown.join(", ")}.` : "") +
    (entered.length
      ? ` ${plural(entered.length, "account")} could not be entered: ${entered.join(", ")}.`
      : "");
  if (input.mode !== "apply") {
    const denied = (input.probes ?? []).filter((p) => p.result !== "permitted");
    const deniedNote = denied.length
      ? ` Not permitted: ${denied.map((p) => `${placeOf(p)} ec2:${p.action} (${p.code})`).join(", ")}.`
      : "";
    const what = input.mode === "dry-run" ? "DRY RUN" : "PLAN";
    if (s.planned === 0)
      return `${what}: nothing to change; ${plural(s.skipped, "resource")} left alone.${unreadNote}`;
    return `${what}: ${plural(s.planned, "change")} planned, ${s.skipped} left alone.${deniedNote}${unreadNote}`;
  }
  if (input.interrupted) {
    return `INTERRUPTED: ${s.applied + s.unverified} of ${s.planned} changes made before ${input.stoppedBy ?? "Ctrl-C"}; the rest were not started. The journal lists every change made.`;
  }
  if (s.planned === 0)
    return `NOTHING TO DO: no change needed; ${plural(s.skipped, "resource")} left alone.${unreadNote}`;
  const bad = s.failed + s.notStarted + s.unverified;
  if (bad === 0 && !unread.length && !entered.length)
    return `DONE: ${plural(s.applied, "change")} applied and verified; ${s.skipped} left alone.`;
  return `INCOMPLETE: ${s.applied} of ${s.planned} changes applied and verified, ${s.failed} failed, ${s.unverified} not yet seen applied.${unreadNote}`;
}

function verdictStatus(
  input: ChangeReportInput,
  s: ChangeSummary & { skipped: number },
  regions: ChangeRegionRow[],
): ChangeStatus {
  if (input.mode === "apply" && input.interrupted) return "interrupted";
  if (regions.some((r) => !r.complete) || input.accountErrors?.length) return "incomplete";
  if (s.planned === 0) return "nothing-to-do";
  if (input.mode !== "apply") {
    const denied = (input.probes ?? []).some((p) => p.result !== "permitted");
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
    summary,
    verdict: {
      status: verdictStatus(input, summary, regions),
      line: verdictLine(input, summary, regions),
    },
  };
}
