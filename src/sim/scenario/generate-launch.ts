// A region's launch paths from its scenario: launch templates with their versions, launch
// configurations, and Auto Scaling groups with the instances they launched (tagged as AWS tags
// them, with the metadata options a launch from that path gets).
import type {
  GroupTag,
  LaunchTemplateRef,
  SimGroup,
  SimLaunchConfiguration,
  SimTemplate,
  Tag,
  TemplateData,
  TemplateMetadata,
} from "../launch-state.js";
import { launchedVersion, setsLaunchData } from "../launch-state.js";
import type { AccountDefaults, MetadataOptions, SimInstance } from "../state.js";
import { BASE_TIME, type Context, DAY, LAUNCH_DEFAULTS } from "./context.js";
import type { GroupSpec, LaunchTemplateVersionSpec, RegionSpec, TemplateRefSpec } from "./types.js";
import { ScenarioError } from "./validate.js";

const toTags = (record: Record<string, string> | undefined): Tag[] =>
  Object.entries(record ?? {}).map(([key, value]) => ({ key, value }));

function dataOf(v: LaunchTemplateVersionSpec): TemplateData {
  const { createTime: _t, description: _d, tagSpecifications, ...rest } = v;
  return {
    ...structuredClone(rest),
    ...(tagSpecifications
      ? { tagSpecifications: tagSpecifications.map((s) => ({ ...s, tags: toTags(s.tags) })) }
      : {}),
  };
}

export function buildTemplates(spec: RegionSpec, ctx: Context): SimTemplate[] {
  const list = spec.launchTemplates ?? [];
  for (const t of list) if (t.id) ctx.ids.reserve(t.id);
  return list.map((t) => {
    const created = BASE_TIME - Math.floor(ctx.rng() * 300) * DAY;
    return {
      id: t.id ?? ctx.ids.next("lt"),
      name: t.name,
      createTime: created,
      tags: toTags(t.tags),
      defaultVersion: t.defaultVersion ?? 1,
      nextVersion: t.versions.length + 1,
      clientTokens: new Map(),
      versions: t.versions.map((v, i) => {
        const data = dataOf(v);
        return {
          versionNumber: i + 1,
          createTime: v.createTime ? Date.parse(v.createTime) : created + i * DAY,
          ...(v.description ? { description: v.description } : {}),
          data,
          typical: !setsLaunchData(data),
        };
      }),
    };
  });
}

/** A deterministic UUID-shaped id for an ARN. */
function uuid(ctx: Context): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(ctx.rng() * 16).toString(16)).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const arn = (ctx: Context, kind: string, name: string) =>
  `arn:aws:autoscaling:${ctx.region}:${ctx.accountId}:${kind}:${uuid(ctx)}:${kind}Name/${name}`;

export function buildLaunchConfigurations(spec: RegionSpec, ctx: Context): SimLaunchConfiguration[] {
  return (spec.launchConfigurations ?? []).map((c) => ({
    name: c.name,
    arn: arn(ctx, "launchConfiguration", c.name),
    createdTime: c.createdTime ? Date.parse(c.createdTime) : BASE_TIME - Math.floor(ctx.rng() * 900) * DAY,
    imageId: c.imageId,
    instanceType: c.instanceType ?? "t3.micro",
    ...(c.keyName ? { keyName: c.keyName } : {}),
    securityGroups: c.securityGroups ?? [],
    ...(c.metadataOptions ? { metadataOptions: { ...c.metadataOptions } } : {}),
  }));
}

/**
 * What a launch gets: the path's own metadata options, then the account default, then the AMI's
 * ImdsSupport (v2.0: required, hop limit 2), then AWS's launch defaults (aws-facts.md).
 */
function launchOptions(
  own: TemplateMetadata | undefined,
  defaults: AccountDefaults,
  imageV2: boolean,
): MetadataOptions {
  return {
    httpTokens: own?.httpTokens ?? defaults.httpTokens ?? (imageV2 ? "required" : LAUNCH_DEFAULTS.httpTokens),
    httpPutResponseHopLimit:
      own?.httpPutResponseHopLimit ??
      defaults.httpPutResponseHopLimit ??
      (imageV2 ? 2 : LAUNCH_DEFAULTS.httpPutResponseHopLimit),
    httpEndpoint: own?.httpEndpoint ?? defaults.httpEndpoint ?? LAUNCH_DEFAULTS.httpEndpoint,
    httpProtocolIpv6: own?.httpProtocolIpv6 ?? LAUNCH_DEFAULTS.httpProtocolIpv6,
    instanceMetadataTags:
      own?.instanceMetadataTags ?? defaults.instanceMetadataTags ?? LAUNCH_DEFAULTS.instanceMetadataTags,
  };
}

interface Launch {
  imageId: string;
  instanceType: string;
  metadata: TemplateMetadata | undefined;
  tags: Tag[];
  version?: string;
}

interface Sources {
  templates: readonly SimTemplate[];
  configs: readonly SimLaunchConfiguration[];
  defaults: AccountDefaults;
}

function refOf(ref: TemplateRefSpec, templates: readonly SimTemplate[], path: string): LaunchTemplateRef {
  const t = templates.find((x) => x.name === ref.name);
  if (!t) throw new ScenarioError(`${path}.name: no launch template named "${ref.name}" in this region`);
  const version = ref.version ?? "$Default";
  if (!launchedVersion(t, version)) {
    throw new ScenarioError(`${path}.version: launch template "${ref.name}" has no version ${version}`);
  }
  return { id: t.id, name: t.name, version };
}

/** What the group's next launch gets from its launch template or launch configuration. */
function launchOf(g: SimGroup, src: Sources, ctx: Context): Launch {
  const ref = g.launchTemplate ?? g.mixed?.launchTemplate;
  if (ref) {
    const t = src.templates.find((x) => x.id === ref.id) as SimTemplate;
    const v = launchedVersion(t, ref.version);
    const d = v?.data ?? {};
    return {
      imageId: d.imageId ?? ctx.defaultImage,
      instanceType: d.instanceType ?? g.mixed?.overrides[0]?.instanceType ?? "t3.micro",
      metadata: d.metadataOptions,
      tags: [
        { key: "aws:ec2launchtemplate:id", value: t.id },
        { key: "aws:ec2launchtemplate:version", value: String(v?.versionNumber ?? "") },
        ...(d.tagSpecifications ?? []).filter((s) => s.resourceType === "instance").flatMap((s) => s.tags),
      ],
      version: String(v?.versionNumber ?? ""),
    };
  }
  const c = src.configs.find((x) => x.name === g.launchConfigurationName) as SimLaunchConfiguration;
  return { imageId: c.imageId, instanceType: c.instanceType, metadata: c.metadataOptions, tags: [] };
}

function groupOf(spec: GroupSpec, src: Sources, ctx: Context, path: string): SimGroup {
  const ref = (r: TemplateRefSpec, p: string) => refOf(r, src.templates, `${path}.${p}`);
  const m = spec.mixedInstancesPolicy;
  if (spec.launchConfigurationName && !src.configs.some((c) => c.name === spec.launchConfigurationName)) {
    throw new ScenarioError(
      `${path}.launchConfigurationName: no launch configuration named "${spec.launchConfigurationName}" in this region`,
    );
  }
  const desired = spec.desiredCapacity ?? 0;
  const tags: GroupTag[] = toTags(spec.tags).map((t) => ({ ...t, propagateAtLaunch: true }));
  return {
    name: spec.name,
    arn: arn(ctx, "autoScalingGroup", spec.name),
    createdTime: BASE_TIME - Math.floor(ctx.rng() * 300) * DAY,
    minSize: spec.minSize ?? Math.min(desired, 1),
    maxSize: spec.maxSize ?? Math.max(desired, 1) * 2,
    desiredCapacity: desired,
    availabilityZones: [`${ctx.region}a`, `${ctx.region}b`],
    ...(spec.launchTemplate ? { launchTemplate: ref(spec.launchTemplate, "launchTemplate") } : {}),
    ...(m
      ? {
          mixed: {
            launchTemplate: ref(m.launchTemplate, "mixedInstancesPolicy.launchTemplate"),
            overrides: (m.overrides ?? []).map((o, i) => ({
              ...(o.instanceType ? { instanceType: o.instanceType } : {}),
              ...(o.launchTemplate
                ? {
                    launchTemplate: ref(
                      o.launchTemplate,
                      `mixedInstancesPolicy.overrides[${i}].launchTemplate`,
                    ),
                  }
                : {}),
            })),
          },
        }
      : {}),
    ...(spec.launchConfigurationName ? { launchConfigurationName: spec.launchConfigurationName } : {}),
    tags,
    instances: [],
  };
}

/** The region's groups, and the instances each launched (desiredCapacity of them, one reservation). */
export function buildGroups(
  spec: RegionSpec,
  src: Sources,
  ctx: Context,
): { groups: SimGroup[]; instances: SimInstance[] } {
  const instances: SimInstance[] = [];
  const path = `scenario.regions.${ctx.region}.autoScalingGroups`;
  if (
    new Set((spec.autoScalingGroups ?? []).map((g) => g.name)).size !== (spec.autoScalingGroups ?? []).length
  ) {
    throw new ScenarioError(`${path}: two groups have the same name`);
  }
  const groups = (spec.autoScalingGroups ?? []).map((s, i) => {
    const group = groupOf(s, src, ctx, `${path}[${i}]`);
    const launch = launchOf(group, src, ctx);
    const reservationId = ctx.ids.next("r");
    const options = launchOptions(launch.metadata, src.defaults, ctx.v2Images.has(launch.imageId));
    const tags: Tag[] = [
      { key: "aws:autoscaling:groupName", value: group.name },
      ...launch.tags,
      ...group.tags.map(({ key, value }) => ({ key, value })),
    ];
    for (let n = 0; n < group.desiredCapacity; n++) {
      const id = ctx.ids.next("i");
      instances.push({
        id,
        reservationId,
        state: "running",
        tags,
        instanceType: launch.instanceType,
        imageId: launch.imageId,
        availabilityZone: group.availabilityZones[n % group.availabilityZones.length] as string,
        launchTime: BASE_TIME - Math.floor(ctx.rng() * 30) * DAY,
        ...options,
      });
      group.instances.push({ id, ...(launch.version ? { launchedVersion: launch.version } : {}) });
    }
    return group;
  });
  return { groups, instances };
}
