// What `imds enforce --launch-templates` changes in one region, and why it leaves the rest alone.
// For each template the account owns whose version in use lets launches allow IMDSv1: one new
// version from that version with HttpTokens=required (every other metadata field kept), the default
// moved to it where the old default was that version, and with --asgs the groups pinned to it moved
// too. A new version is always the new $Latest, so a source other than $Latest is used only where no
// group launches $Latest. The config file's rules apply as to instances (plan.ts applyRules): a
// template or group an active exception covers is left alone and listed with it, and hop-limit
// rules set the new version's hop limit under --hop-limit policy. Pure.
import type { Change } from "./changes.js";
import type { GroupRecord, LaunchTemplateRecord, TemplateRef } from "./launch-types.js";
import { isManaged, type Owner, ownerFix, ownerOf, ownerText } from "./owners.js";
import { applyRules, exceptedSkip, type HopLimitRequest, hopWanted, type Skip } from "./plan.js";
import { type ResourceRules, targetOf } from "./resource-rules.js";
import { INSTANCE_KEYS, type Settings } from "./rules.js";
import type { ExceptionRef, RegionScan, TemplateVersionRecord } from "./types.js";

/** The metadata fields a template version can set (an instance's): all of them go into the new version. */
const TEMPLATE_KEYS = INSTANCE_KEYS;

/** What a launch from a version gets: whether IMDSv1 is off, and in words where that comes from. */
export interface VersionJudgement {
  ok: boolean;
  /** What launches get cannot be told (an AMI not visible, no AMI named): never a guess. */
  unknown?: boolean;
  text: string;
}

export interface LaunchRegion {
  region: string;
  templates: readonly LaunchTemplateRecord[];
  /** Records of every version in use: $Default, $Latest and the ones groups pin. */
  versions: readonly TemplateVersionRecord[];
  groups: readonly GroupRecord[];
  judge: (v: TemplateVersionRecord) => VersionJudgement;
}

export interface LaunchRequest {
  /** --asgs: move groups pinned to the fixed version to the new one. */
  asgs: boolean;
  /** --include-managed: change what a service or a stack owns too. */
  includeManaged: boolean;
  hop: HopLimitRequest;
  /** --raise-hop-limit: a number for --hop-limit is exactly N, not a ceiling that keeps lower limits. */
  raiseHop?: boolean | undefined;
  /** The config's exceptions (left alone) and hop-limit rules (--hop-limit policy), for this account. */
  rules?: ResourceRules | undefined;
}

export interface RefreshAdvice {
  /** Organization runs: the member account. */
  account?: string;
  region: string;
  group: string;
  /** The instance refresh that replaces the group's running instances, with auto rollback. */
  command: string;
}

export interface LaunchPlan {
  changes: Change[];
  skipped: Skip[];
  refresh: RefreshAdvice[];
}

const SERVICES = new Set(["eks", "elastic-beanstalk", "ecs", "karpenter"]);

/** A template's owner: its own tags, else a service that launches from it (EKS, Beanstalk, ECS, Karpenter). */
export function templateOwner(t: LaunchTemplateRecord, groups: readonly GroupRecord[]): Owner {
  const own = ownerOf(t.tags);
  if (isManaged(own)) return own;
  for (const g of groups) {
    const o = ownerOf(g.tags);
    if (SERVICES.has(o.kind) && g.templates.some((r) => r.templateId === t.id)) return o;
  }
  return own;
}

/**
 * The new version's metadata options: the source's, with IMDSv2 required and the hop limit asked for
 * (its hop-limit rule's with "policy"), as the config leaves them: an exception for the template's
 * IMDSv1 finding leaves it alone (the exception returned), one for hop-limit-above-max keeps its hop limit.
 */
function newMetadata(
  c: Pick<TemplateCase, "region" | "t">,
  source: TemplateVersionRecord,
  req: Pick<LaunchRequest, "hop" | "raiseHop" | "rules">,
): { requested: Settings } | { exception: ExceptionRef } {
  const m = versionBefore(source);
  const { hop, rules } = req;
  const change: Settings = { httpTokens: "required" };
  // A number is a ceiling, as for instances: a lower hop limit is kept unless --raise-hop-limit.
  const current = typeof m.hopLimit === "number" ? m.hopLimit : undefined;
  if (typeof hop === "number") {
    const wanted = hopWanted(current, hop, req.raiseHop === true);
    if (wanted.set !== undefined) change.hopLimit = wanted.set;
  }
  if (hop === "no-preference" && m.hopLimit !== undefined) change.hopLimit = -1;
  const target =
    rules &&
    targetOf(
      rules,
      { region: c.region, kind: "launch-template", id: `${c.t.id}:v${source.version}`, name: c.t.name },
      c.t.tags,
    );
  const exception = applyRules(change, current, hop, rules, target);
  if (exception && change.httpTokens === undefined) return { exception };
  const requested: Settings = { ...m, ...change };
  if (requested.hopLimit === -1) delete requested.hopLimit;
  return { requested };
}

/** The finding a group pinned to a version that allows IMDSv1 has: what moving it fixes. */
const GROUP_CODE = "group-allows-imdsv1";

/** The config exception that leaves a group where it is, if any. */
function groupException(region: string, g: GroupRecord, rules: ResourceRules | undefined) {
  if (!rules?.exceptions.size) return undefined;
  const target = targetOf(rules, { region, kind: "auto-scaling-group", id: g.name }, g.tags);
  return rules.exceptions.covering(target, GROUP_CODE);
}

function versionBefore(source: TemplateVersionRecord): Settings {
  const m: Settings = {};
  for (const k of TEMPLATE_KEYS) {
    const v = source.metadata?.[k];
    if (v !== undefined) m[k] = v;
  }
  return m;
}

const pinned = (r: TemplateRef) => /^\d+$/.test(r.version);

function refreshCommand(
  region: string,
  g: GroupRecord,
  ref: TemplateRef & { slot: string },
  version: string,
) {
  const spec = { LaunchTemplateId: ref.templateId, Version: version };
  const desired =
    ref.slot === "mixed-policy"
      ? { MixedInstancesPolicy: { LaunchTemplate: { LaunchTemplateSpecification: spec } } }
      : { LaunchTemplate: spec };
  return `aws autoscaling start-instance-refresh --region ${region} --auto-scaling-group-name '${g.name.replace(/'/g, "'\\''")}' --desired-configuration '${JSON.stringify(desired)}' --preferences '{"AutoRollback":true}'`;
}

interface TemplateCase {
  region: string;
  t: LaunchTemplateRecord;
  byNumber: ReadonlyMap<number, TemplateVersionRecord>;
  users: { g: GroupRecord; ref: TemplateRef & { slot: string } }[];
  judge: LaunchRegion["judge"];
}

/**
 * The version to fix: $Default if it allows IMDSv1, else $Latest, with why the template is left
 * alone if it is; undefined when both require IMDSv2. (A version only groups pin is never a source:
 * imds cannot tell which launch the groups meant, so it moves them only to a version made from theirs.)
 */
function sourceOf(c: TemplateCase): { source: TemplateVersionRecord; reason?: string } | undefined {
  const { t, byNumber, users, judge } = c;
  const d = byNumber.get(t.defaultVersion);
  const l = byNumber.get(t.latestVersion);
  const bad = (v: TemplateVersionRecord | undefined) => v !== undefined && !judge(v).ok;
  const source = bad(d) ? d : bad(l) ? l : undefined;
  if (!source) return undefined;
  if (source.version === t.latestVersion) return { source };
  const latestUsers = users.filter((u) => u.ref.version === "$Latest").map((u) => u.g.name);
  if (latestUsers.length) {
    return {
      source,
      reason: `a new version would become $Latest and change what ${latestUsers.join(", ")} launch (v${t.latestVersion} now): make v${t.defaultVersion} and v${t.latestVersion} agree first`,
    };
  }
  if (bad(l)) {
    return {
      source,
      reason: `$Default (v${t.defaultVersion}) and $Latest (v${t.latestVersion}) differ and both allow IMDSv1: make one of them the version in use first`,
    };
  }
  return { source };
}

/** A description imds gives the versions it creates: which version each was made from. */
const MADE_FROM = /^imds: IMDSv2 required, from v(\d+)\b/;

/** Versions imds made earlier, in use and requiring IMDSv2, by the version each was made from. */
function earlierFixes(c: TemplateCase): Map<number, number> {
  const fixes = new Map<number, number>();
  for (const v of c.byNumber.values()) {
    const from = MADE_FROM.exec(v.description ?? "")?.[1];
    if (from !== undefined && c.judge(v).ok) fixes.set(Number(from), v.version);
  }
  return fixes;
}

function moveGroup(
  c: TemplateCase,
  use: TemplateCase["users"][number],
  from: number,
  to: number,
  req: LaunchRequest,
  plan: LaunchPlan,
): void {
  const { region, t } = c;
  const { g, ref } = use;
  const owner = ownerOf(g.tags);
  const why =
    isManaged(owner) && !req.includeManaged
      ? `owned by ${ownerText(owner)}: ${ownerFix(owner)}`
      : ref.slot.startsWith("override-")
        ? `an override of its mixed instances policy pins ${t.name} v${from}: point it at v${to} in the policy`
        : !req.asgs
          ? `pinned to ${t.name} v${from}: pass --asgs to move it to v${to}, made from it with IMDSv2 required`
          : undefined;
  if (why !== undefined) {
    plan.skipped.push({ region, kind: "auto-scaling-group", id: g.name, reason: why });
    return;
  }
  const base = { launchTemplateId: t.id, slot: ref.slot };
  plan.changes.push({
    region,
    kind: "auto-scaling-group",
    id: g.name,
    name: t.name,
    before: { ...base, launchTemplateVersion: ref.version },
    requested: { ...base, launchTemplateVersion: String(to) },
  });
  if (g.instanceIds.length)
    plan.refresh.push({ region, group: g.name, command: refreshCommand(region, g, ref, String(to)) });
}

/**
 * The template's groups: those on $Latest (or $Default, when the default moves) launch the new
 * version and need only an instance refresh; those pinned to a version that allows IMDSv1 move to the
 * version made from it, with --asgs.
 */
function groupSteps(
  c: TemplateCase,
  created: { from: number; to: number } | undefined,
  req: LaunchRequest,
  plan: LaunchPlan,
) {
  const { region, t } = c;
  const fixes = earlierFixes(c);
  if (created) fixes.set(created.from, created.to);
  for (const use of c.users) {
    const { g, ref } = use;
    const follows =
      ref.version === "$Latest" || (ref.version === "$Default" && created?.from === t.defaultVersion);
    if (!pinned(ref)) {
      if (created && follows && g.instanceIds.length) {
        plan.refresh.push({ region, group: g.name, command: refreshCommand(region, g, ref, ref.version) });
      }
      continue;
    }
    const from = Number(ref.version);
    const version = c.byNumber.get(from);
    if (!version || c.judge(version).ok) continue;
    const to = fixes.get(from);
    const exception = groupException(region, g, req.rules);
    if (exception) {
      plan.skipped.push(exceptedSkip({ region, kind: "auto-scaling-group", id: g.name }, exception));
    } else if (to === undefined) {
      plan.skipped.push({
        region,
        kind: "auto-scaling-group",
        id: g.name,
        reason: `pinned to ${t.name} v${from}, which allows IMDSv1: pin it to a version that requires IMDSv2 (imds made none from v${from})`,
      });
    } else moveGroup(c, use, from, to, req, plan);
  }
}

function planTemplate(c: TemplateCase, owner: Owner, req: LaunchRequest, plan: LaunchPlan): void {
  const { region, t } = c;
  const skip = (reason: string) => {
    plan.skipped.push({ region, kind: "launch-template", id: t.id, name: t.name, reason });
  };
  const chosen = sourceOf(c);
  const pinnedBad = c.users.some((u) => {
    const v = pinned(u.ref) ? c.byNumber.get(Number(u.ref.version)) : undefined;
    return v !== undefined && !c.judge(v).ok;
  });
  // An exception leaves the template alone whoever owns it: it is listed with the exception.
  const made = chosen && newMetadata(c, chosen.source, req);
  if (made && "exception" in made) {
    plan.skipped.push(
      exceptedSkip({ region, kind: "launch-template", id: t.id, name: t.name }, made.exception),
    );
    return;
  }
  if ((chosen || pinnedBad) && isManaged(owner) && !req.includeManaged) {
    skip(`owned by ${ownerText(owner)}: ${ownerFix(owner)}`);
    return;
  }
  if (chosen === undefined || made === undefined) {
    skip("$Default and $Latest require IMDSv2");
    groupSteps(c, undefined, req, plan);
    return;
  }
  if (chosen.reason !== undefined) {
    skip(chosen.reason);
    return;
  }
  const source = chosen.source;
  const next = t.latestVersion + 1;
  plan.changes.push({
    region,
    kind: "launch-template-version",
    id: t.id,
    name: t.name,
    before: { defaultVersion: t.defaultVersion, latestVersion: t.latestVersion, ...versionBefore(source) },
    requested: { fromVersion: source.version, version: next, ...made.requested },
  });
  if (source.version === t.defaultVersion) {
    plan.changes.push({
      region,
      kind: "launch-template-default",
      id: t.id,
      name: t.name,
      before: { defaultVersion: t.defaultVersion },
      requested: { defaultVersion: next },
    });
  }
  groupSteps(c, { from: source.version, to: next }, req, plan);
}

/** A region as enforce read it, ready for planLaunchPaths; undefined when a part it needs was not read. */
export function launchRegionOf(
  scan: Pick<RegionScan, "region" | "launchTemplates" | "templates" | "pinnedVersions" | "groups" | "errors">,
  judge: LaunchRegion["judge"],
): LaunchRegion | undefined {
  const unread = scan.errors.some((e) => e.part === "launch-templates" || e.part === "auto-scaling");
  if (unread || !scan.launchTemplates || !scan.templates || !scan.groups) return undefined;
  return {
    region: scan.region,
    templates: scan.launchTemplates,
    versions: [...scan.templates, ...(scan.pinnedVersions ?? [])],
    groups: scan.groups,
    judge,
  };
}

/** The changes of one region's launch paths, in the order they must be made: per template, version, default, groups. */
export function planLaunchPaths(r: LaunchRegion, req: LaunchRequest): LaunchPlan {
  const plan: LaunchPlan = { changes: [], skipped: [], refresh: [] };
  for (const t of r.templates) {
    const byNumber = new Map(r.versions.filter((v) => v.templateId === t.id).map((v) => [v.version, v]));
    const users = r.groups.flatMap((g) =>
      g.templates.filter((ref) => ref.templateId === t.id).map((ref) => ({ g, ref })),
    );
    planTemplate(
      { region: r.region, t, byNumber, users, judge: r.judge },
      templateOwner(t, r.groups),
      req,
      plan,
    );
  }
  for (const g of r.groups) {
    if (!g.launchConfigurationName) continue;
    plan.skipped.push({
      region: r.region,
      kind: "auto-scaling-group",
      id: g.name,
      reason: `launches from launch configuration ${g.launchConfigurationName}, which AWS no longer develops: copy it to a launch template with HttpTokens=required and point the group at it`,
    });
  }
  return plan;
}
