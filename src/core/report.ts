// Builds the audit report from what was read in each region. Pure.
import {
  type EvaluateOptions,
  evaluateDefaults,
  evaluateImage,
  evaluateInstance,
  evaluateTemplate,
  interner,
  isLocked,
} from "./evaluate.js";
import { worstOf } from "./severity.js";
import type {
  AuditOptionsEcho,
  AuditReport,
  RegionCounts,
  RegionReport,
  RegionScan,
  Resource,
} from "./types.js";
import { verdictOf } from "./verdict.js";

export interface ReportMeta {
  version: string;
  account: { id: string; arn?: string };
  generatedAt: Date;
  durationMs: number;
  endpoint?: string;
  options: AuditOptionsEcho;
  /** True when the scope was every enabled region (no --regions or --exclude-regions). */
  everyEnabledRegion: boolean;
}

function emptyCounts(): RegionCounts {
  return {
    instances: 0,
    v2Required: 0,
    v1Allowed: 0,
    imdsOff: 0,
    hopAboveMax: 0,
    templates: 0,
    templatesFailing: 0,
    images: 0,
    imagesV2: 0,
  };
}

function hasCode(r: Resource, code: string): boolean {
  return r.findings.some((f) => f.code === code);
}

/** Evaluates one region's scan into its row and its resources. */
export function evaluateRegion(
  scan: RegionScan,
  opts: EvaluateOptions,
): { report: RegionReport; resources: Resource[] } {
  const { region } = scan;
  const resources: Resource[] = [];
  const counts = emptyCounts();
  const shared = { ...opts, intern: opts.intern ?? interner() };
  const usageCounts = scan.usage ? { ready: 0, inUse: 0, unknown: 0 } : undefined;

  if (scan.defaults) resources.push(evaluateDefaults(region, scan.defaults, opts));

  for (const i of scan.instances ?? []) {
    const usage = scan.usage?.get(i.id);
    const r = evaluateInstance(region, i, shared, usage);
    if (usage && usageCounts) {
      if (usage.readiness === "ready") usageCounts.ready++;
      else if (usage.readiness === "in-use") usageCounts.inUse++;
      else if (usage.readiness === "unknown") usageCounts.unknown++;
    }
    resources.push(r);
    counts.instances++;
    if (i.metadata.httpEndpoint === "disabled") counts.imdsOff++;
    else if (i.metadata.httpTokens === "required") counts.v2Required++;
    else counts.v1Allowed++;
    if (hasCode(r, "hop-limit-above-max")) counts.hopAboveMax++;
  }

  const v2Images = new Set((scan.images ?? []).filter((i) => i.imdsSupport === "v2.0").map((i) => i.id));
  const failingTemplates = new Set<string>();
  const templates = new Set<string>();
  for (const t of scan.templates ?? []) {
    const r = evaluateTemplate(region, t, { ...opts, defaults: scan.defaults, v2Images });
    resources.push(r);
    templates.add(t.templateId);
    if (r.severity === "fail") failingTemplates.add(t.templateId);
  }
  counts.templates = templates.size;
  counts.templatesFailing = failingTemplates.size;

  for (const img of scan.images ?? []) {
    resources.push(evaluateImage(region, img));
    counts.images++;
    if (img.imdsSupport === "v2.0") counts.imagesV2++;
  }

  const complete = scan.errors.length === 0;
  const report: RegionReport = {
    region,
    complete,
    status: complete ? worstOf(resources.map((r) => r.severity)) : "incomplete",
    defaults: scan.defaults ?? null,
    locked: isLocked(scan.defaults),
    counts,
    ...(usageCounts ? { usage: usageCounts } : {}),
    errors: scan.errors,
  };
  return { report, resources };
}

export type EvaluatedRegion = ReturnType<typeof evaluateRegion>;

export function buildAuditReport(scans: readonly RegionScan[], meta: ReportMeta): AuditReport {
  return assembleReport(
    scans.map((s) => evaluateRegion(s, { maxHopLimit: meta.options.maxHopLimit })),
    meta,
  );
}

/** The report from regions already evaluated (audit evaluates each as it arrives, then drops its raw records). */
export function assembleReport(evaluated: readonly EvaluatedRegion[], meta: ReportMeta): AuditReport {
  const regions: RegionReport[] = [];
  const resources: Resource[] = [];
  for (const { report, resources: rs } of evaluated) {
    regions.push(report);
    for (const r of rs) resources.push(r);
  }
  const complete = regions.every((r) => r.complete);
  const worst = worstOf(resources.map((r) => r.severity));
  return {
    schemaVersion: 1,
    tool: { name: "imds", version: meta.version },
    account: meta.account,
    generatedAt: meta.generatedAt.toISOString(),
    durationMs: meta.durationMs,
    ...(meta.endpoint === undefined ? {} : { endpoint: meta.endpoint }),
    options: meta.options,
    complete,
    worst,
    regions,
    resources,
    verdict: verdictOf(regions, resources, complete, worst, meta.everyEnabledRegion),
  };
}
