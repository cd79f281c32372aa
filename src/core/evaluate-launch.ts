// Judges the launch paths that will keep producing instances: each Auto Scaling group by the version
// of each template it actually launches (or its launch configuration), each launch configuration,
// and who owns each template and group. Pure.
import { type EvaluateOptions, resource } from "./evaluate.js";
import { templateOwner, type VersionJudgement } from "./launch-plan.js";
import {
  type GroupRecord,
  type LaunchConfigurationRecord,
  type LaunchTemplateRecord,
  refText,
  resolveRef,
} from "./launch-types.js";
import { isManaged, type Owner, ownerFix, ownerOf, ownerText } from "./owners.js";
import type { Finding, RegionCounts, RegionScan, Resource, TemplateVersionRecord } from "./types.js";

export interface LaunchContext {
  templates: ReadonlyMap<string, LaunchTemplateRecord>;
  /** Every version read ($Default, $Latest, pinned), keyed `${templateId} ${version}`. */
  versions: ReadonlyMap<string, TemplateVersionRecord>;
  configs: ReadonlyMap<string, LaunchConfigurationRecord>;
  judgeVersion: (v: TemplateVersionRecord) => VersionJudgement;
  judgeConfig: (c: LaunchConfigurationRecord) => VersionJudgement;
  /** HttpTokensEnforced is on: a launch that would allow IMDSv1 fails instead. */
  enforced: boolean;
  /** Per group, its instances (in the states read) that allow IMDSv1, from their aws:autoscaling:groupName tag. */
  v1ByGroup: ReadonlyMap<string, number>;
  /** The config file's exceptions (a group or launch configuration can be excepted like any resource). */
  evaluate: Pick<EvaluateOptions, "rules" | "intern">;
}

type ReportOwner = NonNullable<Resource["owner"]>;

/** How an owner goes into a report: absent for the account's own resources. */
function ownerField(o: Owner): { owner?: ReportOwner } {
  return isManaged(o) ? { owner: o as ReportOwner } : {};
}

function ownerNote(o: Owner): string {
  return isManaged(o) ? `; owned by ${ownerText(o)}: ${ownerFix(o)}` : "";
}

/** What one of the group's templates launches, as a finding when it allows IMDSv1 or cannot be told. */
function templateFinding(ref: GroupRecord["templates"][number], ctx: LaunchContext): Finding | undefined {
  const t = ctx.templates.get(ref.templateId);
  if (!t) {
    return {
      severity: "warn",
      code: "launch-template-missing",
      message: `names launch template ${ref.templateName || ref.templateId}, which does not exist: launches fail`,
    };
  }
  const n = resolveRef(ref, t);
  const v = ctx.versions.get(`${t.id} ${n}`);
  const what = `launches ${refText({ ...ref, templateName: t.name }, n)}`;
  if (!v)
    return { severity: "warn", code: "effective-unknown", message: `${what}: that version was not read` };
  return judgedFinding(what, ctx.judgeVersion(v), ctx.enforced);
}

/** A group's launches as a finding: fail when they allow IMDSv1, warn when they fail or cannot be told. */
function judgedFinding(what: string, j: VersionJudgement, enforced: boolean): Finding | undefined {
  if (j.ok) return undefined;
  if (j.unknown)
    return { severity: "warn", code: "effective-unknown", message: `${what}: HttpTokens ${j.text}` };
  if (enforced) {
    return {
      severity: "warn",
      code: "launch-fails-enforced",
      message: `${what}: HttpTokens ${j.text}: launches fail, HttpTokensEnforced is enabled`,
    };
  }
  return { severity: "fail", code: "group-allows-imdsv1", message: `${what}: HttpTokens ${j.text}` };
}

function configFinding(name: string, ctx: LaunchContext): Finding[] {
  const c = ctx.configs.get(name);
  const deprecated: Finding = {
    severity: "warn",
    code: "launch-configuration",
    message: `launches from launch configuration ${name}: AWS no longer adds features to them; move the group to a launch template`,
  };
  const f =
    c && judgedFinding(`launches from launch configuration ${name}`, ctx.judgeConfig(c), ctx.enforced);
  return f ? [f, deprecated] : [deprecated];
}

export function evaluateGroup(region: string, g: GroupRecord, ctx: LaunchContext): Resource {
  const owner = ownerOf(g.tags);
  const findings: Finding[] = [];
  for (const ref of g.templates) {
    const f = templateFinding(ref, ctx);
    if (f) findings.push(f);
  }
  if (g.launchConfigurationName) findings.push(...configFinding(g.launchConfigurationName, ctx));
  const v1 = ctx.v1ByGroup.get(g.name) ?? 0;
  const lead = findings.find((f) => f.severity === "fail");
  if (lead) {
    const running = v1
      ? `; ${v1} of its instances allow IMDSv1 (an instance refresh replaces them once fixed)`
      : "";
    lead.message += running + ownerNote(owner);
  }
  const first = g.templates[0];
  return resource(
    {
      region,
      kind: "auto-scaling-group",
      id: g.name,
      findings,
      ...ownerField(owner),
      settings: {
        ...(first ? { launchTemplateId: first.templateId, launchTemplateVersion: first.version } : {}),
        ...(g.launchConfigurationName ? { launchConfiguration: g.launchConfigurationName } : {}),
        ...(g.arn ? { arn: g.arn } : {}),
        instances: g.instanceIds.length,
        instancesAllowingV1: v1,
      },
    },
    ctx.evaluate,
    g.tags,
  );
}

function evaluateLaunchConfiguration(
  region: string,
  c: LaunchConfigurationRecord,
  ctx: LaunchContext,
): Resource {
  const judged = judgedFinding("launches", ctx.judgeConfig(c), ctx.enforced);
  const findings: Finding[] = [
    ...(judged
      ? [{ ...judged, code: judged.code === "group-allows-imdsv1" ? "imdsv1-allowed" : judged.code }]
      : []),
    {
      severity: "warn",
      code: "launch-configuration",
      message: "a launch configuration: AWS no longer adds features to them; copy it to a launch template",
    },
  ];
  return resource(
    {
      region,
      kind: "launch-configuration",
      id: c.name,
      findings,
      settings: {
        ...(c.metadata?.httpTokens ? { httpTokens: c.metadata.httpTokens } : {}),
        ...(c.metadata?.hopLimit !== undefined ? { hopLimit: c.metadata.hopLimit } : {}),
        ...(c.metadata?.httpEndpoint ? { httpEndpoint: c.metadata.httpEndpoint } : {}),
        ...(c.imageId ? { imageId: c.imageId } : {}),
        ...(c.arn ? { arn: c.arn } : {}),
      },
    },
    ctx.evaluate,
  );
}

/** A template version's resource with its template's owner. */
function withTemplateOwner(r: Resource, ctx: LaunchContext, groups: readonly GroupRecord[]): Resource {
  const id = typeof r.settings.templateId === "string" ? r.settings.templateId : undefined;
  const t = id === undefined ? undefined : ctx.templates.get(id);
  return t ? { ...r, ...ownerField(templateOwner(t, groups)) } : r;
}

/**
 * A region's launch paths: its groups and launch configurations as resources (counted into
 * `counts`), and its template versions' resources given their owners. Nothing when Auto Scaling
 * and the template list were not read.
 */
export function evaluateLaunchPaths(
  scan: Pick<
    RegionScan,
    "region" | "launchTemplates" | "templates" | "pinnedVersions" | "groups" | "launchConfigurations"
  >,
  judges: Pick<LaunchContext, "judgeVersion" | "judgeConfig" | "enforced" | "evaluate">,
  v1ByGroup: ReadonlyMap<string, number>,
  counts: Pick<RegionCounts, "groups" | "groupsFailing" | "launchConfigurations">,
  resources: Resource[],
): void {
  const ctx: LaunchContext = {
    ...judges,
    templates: new Map((scan.launchTemplates ?? []).map((t) => [t.id, t])),
    versions: new Map(
      [...(scan.templates ?? []), ...(scan.pinnedVersions ?? [])].map((v) => [
        `${v.templateId} ${v.version}`,
        v,
      ]),
    ),
    configs: new Map((scan.launchConfigurations ?? []).map((c) => [c.name, c])),
    v1ByGroup,
  };
  const groups = scan.groups ?? [];
  if (scan.launchTemplates) {
    for (const [i, r] of resources.entries()) {
      if (r.kind === "launch-template") resources[i] = withTemplateOwner(r, ctx, groups);
    }
  }
  for (const g of groups) {
    const r = evaluateGroup(scan.region, g, ctx);
    resources.push(r);
    counts.groups++;
    if (r.severity === "fail") counts.groupsFailing++;
  }
  for (const c of scan.launchConfigurations ?? []) {
    resources.push(evaluateLaunchConfiguration(scan.region, c, ctx));
    counts.launchConfigurations++;
  }
}
