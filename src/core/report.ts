// Builds the audit report from what was read in each region. Pure.

import { envelope } from "./envelope.js";
import {
  type EvaluateOptions,
  evaluateDefaults,
  evaluateImage,
  evaluateInstance,
  evaluateTemplate,
  interner,
} from "./evaluate.js";
import { evaluateLaunchPaths } from "./evaluate-launch.js";
import { judgeLaunch } from "./launch-judge.js";
import { type LaunchConfigurationRecord, TAG_GROUP } from "./launch-types.js";
import type { Invocation } from "./next-command.js";
import type { ResourceRules } from "./resource-rules.js";
import { isEnforced, isLocked } from "./rules.js";
import { worstOf } from "./severity.js";
import type {
  AuditOptionsEcho,
  AuditReport,
  ExceptionVerdict,
  InstanceRecord,
  RegionCounts,
  RegionReport,
  RegionScan,
  Resource,
  TemplateVersionRecord,
  V1Evidence,
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
  /** The run's identity options (--profile, --region, --endpoint-url), for the command it suggests. */
  invocation?: Invocation | undefined;
  /** The config file's exceptions and their verdicts, when it has any. */
  exceptions?: ExceptionVerdict[] | undefined;
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
    groups: 0,
    groupsFailing: 0,
    launchConfigurations: 0,
    images: 0,
    imagesV2: 0,
  };
}

function hasCode(r: Resource, code: string): boolean {
  return r.findings.some((f) => f.code === code);
}

/** A region's instances, evaluated as they arrive (page by page), so their raw records need not be kept. */
export class InstanceTally {
  readonly resources: Resource[] = [];
  readonly counts = emptyCounts();
  usage: { ready: number; inUse: number; unknown: number } | undefined;
  /** Per Auto Scaling group (its tag on the instance), the instances that allow IMDSv1. */
  readonly v1ByGroup = new Map<string, number>();
  private readonly opts: EvaluateOptions;

  constructor(
    readonly region: string,
    opts: EvaluateOptions,
  ) {
    this.opts = { ...opts, intern: opts.intern ?? interner() };
  }

  add(instances: Iterable<InstanceRecord>, evidenceById?: ReadonlyMap<string, V1Evidence>): void {
    if (evidenceById) this.usage ??= { ready: 0, inUse: 0, unknown: 0 };
    const { counts } = this;
    for (const i of instances) {
      const v1 = evidenceById?.get(i.id);
      const r = evaluateInstance(this.region, i, this.opts, v1);
      if (v1 && this.usage) {
        if (v1.readiness === "ready") this.usage.ready++;
        else if (v1.readiness === "in-use") this.usage.inUse++;
        else if (v1.readiness === "unknown") this.usage.unknown++;
      }
      this.resources.push(r);
      counts.instances++;
      if (i.metadata.httpEndpoint === "disabled") counts.imdsOff++;
      else if (i.metadata.httpTokens === "required") counts.v2Required++;
      else {
        counts.v1Allowed++;
        const group = i.tags[TAG_GROUP];
        if (group !== undefined) this.v1ByGroup.set(group, (this.v1ByGroup.get(group) ?? 0) + 1);
      }
      if (hasCode(r, "hop-limit-above-max")) counts.hopAboveMax++;
    }
  }
}

/**
 * Evaluates one region's scan into its row and its resources. `tally` holds instances already
 * evaluated page by page; otherwise the scan's own instance list is evaluated here.
 */
export function evaluateRegion(
  scan: RegionScan,
  opts: EvaluateOptions,
  tally = new InstanceTally(scan.region, opts),
): { report: RegionReport; resources: Resource[] } {
  const { region } = scan;
  if (scan.instances) tally.add(scan.instances, scan.evidence);
  const counts = tally.counts;
  const resources: Resource[] = [];
  if (scan.defaults) resources.push(evaluateDefaults(region, scan.defaults, opts));
  for (const r of tally.resources) resources.push(r);

  const images = scan.templateImages ?? new Map();
  const templateTags = new Map((scan.launchTemplates ?? []).map((l) => [l.id, l.tags]));
  const failingTemplates = new Set<string>();
  const templates = new Set<string>();
  for (const t of scan.templates ?? []) {
    const r = evaluateTemplate(region, t, { ...opts, defaults: scan.defaults, images, templateTags });
    resources.push(r);
    templates.add(t.templateId);
    if (r.severity === "fail") failingTemplates.add(t.templateId);
  }
  counts.templates = templates.size;
  counts.templatesFailing = failingTemplates.size;
  const launchImages = new Map([...images, ...(scan.pathImages ?? [])]);
  const judgeVersion = (v: TemplateVersionRecord) => judgeLaunch(v, scan.defaults, launchImages);
  const judgeConfig = (c: LaunchConfigurationRecord) => judgeLaunch(c, scan.defaults, launchImages);
  const enforced = isEnforced(scan.defaults);
  evaluateLaunchPaths(
    scan,
    { judgeVersion, judgeConfig, enforced, evaluate: opts },
    tally.v1ByGroup,
    counts,
    resources,
  );

  for (const img of scan.images ?? []) {
    resources.push(evaluateImage(region, img));
    counts.images++;
    if (img.imdsSupport === "v2.0") counts.imagesV2++;
  }

  if (opts.rules?.exceptions.size)
    counts.excepted = resources.reduce((n, r) => n + (r.excepted?.length ?? 0), 0);

  const complete = scan.errors.length === 0;
  const report: RegionReport = {
    region,
    complete,
    status: complete ? worstOf(resources.map((r) => r.severity)) : "incomplete",
    defaults: scan.defaults ?? null,
    locked: isLocked(scan.defaults),
    httpTokensEnforced: scan.defaults ? (isEnforced(scan.defaults) ? "enabled" : "disabled") : null,
    counts,
    ...(tally.usage ? { usage: tally.usage } : {}),
    errors: scan.errors,
  };
  return { report, resources };
}

export type EvaluatedRegion = ReturnType<typeof evaluateRegion>;

/** The report from what was read, judged by the config's rules when given (their verdicts included). */
export function buildAuditReport(
  scans: readonly RegionScan[],
  meta: ReportMeta,
  rules?: ResourceRules,
): AuditReport {
  const evaluated = scans.map((s) => evaluateRegion(s, { maxHopLimit: meta.options.maxHopLimit, rules }));
  const regions = scans.map((s) => s.region);
  const exceptions = rules ? rules.exceptions.verdicts(meta.account.id, regions) : meta.exceptions;
  return assembleReport(evaluated, { ...meta, exceptions });
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
  const exceptions = meta.exceptions;
  const worst = worstOf([...resources.map((r) => r.severity), ...(exceptions ?? []).map((e) => e.severity)]);
  return {
    ...envelope(meta),
    durationMs: meta.durationMs,
    ...(meta.endpoint === undefined ? {} : { endpoint: meta.endpoint }),
    options: meta.options,
    complete,
    worst,
    regions,
    resources,
    ...(exceptions?.length ? { exceptions } : {}),
    verdict: verdictOf(
      { regions, resources, exceptions, complete, worst },
      meta.everyEnabledRegion,
      meta.invocation,
    ),
  };
}
