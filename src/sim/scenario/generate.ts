// Turns a validated scenario into live state: explicit resources as given, generated instances
// from a seeded PRNG, so the same scenario always yields the same ids and the same mix.

import { ALL_REGIONS } from "../regions.js";
import {
  emptyRegion,
  type MetadataOptions,
  type RegionState,
  type SimImage,
  type SimInstance,
  SimState,
  type Tag,
} from "../state.js";
import { BASE_TIME, type Context, DAY, hash, IdMaker, LAUNCH_DEFAULTS, prng } from "./context.js";

export { hash, prng };

import { buildGroups, buildLaunchConfigurations, buildTemplates } from "./generate-launch.js";
import type {
  GenerateSpec,
  InstanceSpec,
  MetadataOptionsSpec,
  MetricsSpec,
  MixEntry,
  RegionSpec,
  Scenario,
} from "./types.js";

/**
 * An instance's metadata options: what the scenario says, else AWS's launch defaults. An instance
 * launched from an AMI with ImdsSupport v2.0 (named by the scenario) requires IMDSv2 with hop
 * limit 2 unless the scenario says otherwise (aws-facts.md).
 */
function metadata(spec: MetadataOptionsSpec & { imageId?: string }, ctx: Context): MetadataOptions {
  const v2 = spec.imageId !== undefined && ctx.v2Images.has(spec.imageId);
  return {
    httpTokens: spec.httpTokens ?? (v2 ? "required" : LAUNCH_DEFAULTS.httpTokens),
    httpPutResponseHopLimit:
      spec.httpPutResponseHopLimit ?? (v2 ? 2 : LAUNCH_DEFAULTS.httpPutResponseHopLimit),
    httpEndpoint: spec.httpEndpoint ?? LAUNCH_DEFAULTS.httpEndpoint,
    httpProtocolIpv6: spec.httpProtocolIpv6 ?? LAUNCH_DEFAULTS.httpProtocolIpv6,
    instanceMetadataTags: spec.instanceMetadataTags ?? LAUNCH_DEFAULTS.instanceMetadataTags,
  };
}

/** The CloudWatch side of an instance; nothing at all for the default (no usage, metrics on). */
function metricsOf(spec: MetricsSpec): Pick<SimInstance, "usage" | "metrics"> {
  const usage = spec.usage && (spec.usage.noTokenPerDay || spec.usage.rejectedPerDayAfterChange);
  return {
    ...(usage ? { usage: Object.freeze({ ...spec.usage }) } : {}),
    ...(spec.metrics === false ? { metrics: false as const } : {}),
  };
}

function toTags(record: Record<string, string> | undefined): Tag[] {
  return Object.entries(record ?? {}).map(([key, value]) => ({ key, value }));
}

function explicitInstances(specs: readonly InstanceSpec[], ctx: Context): SimInstance[] {
  for (const s of specs) if (s.id) ctx.ids.reserve(s.id);
  // Instances of one reservation must sit together, since a page groups neighbours.
  const order = new Map<string, number>();
  specs.forEach((s, i) => {
    if (s.reservationId && !order.has(s.reservationId)) order.set(s.reservationId, i);
  });
  const sorted = specs
    .map((s, i) => ({ s, key: s.reservationId ? (order.get(s.reservationId) ?? i) : i, i }))
    .sort((a, b) => a.key - b.key || a.i - b.i);
  return sorted.map(({ s }) => ({
    id: s.id ?? ctx.ids.next("i"),
    reservationId: s.reservationId ?? ctx.ids.next("r"),
    state: s.state ?? "running",
    tags: toTags(s.tags),
    instanceType: s.instanceType ?? "t3.micro",
    imageId: s.imageId ?? ctx.defaultImage,
    availabilityZone: s.availabilityZone ?? `${ctx.region}a`,
    launchTime: s.launchTime ? Date.parse(s.launchTime) : BASE_TIME - Math.floor(ctx.rng() * 400) * DAY,
    ...metadata(s, ctx),
    ...metricsOf(s),
  }));
}

function pickWeighted(mix: readonly MixEntry[], total: number, r: number): MixEntry {
  let x = r * total;
  for (const m of mix) {
    x -= m.weight ?? 1;
    if (x < 0) return m;
  }
  return mix[mix.length - 1] as MixEntry;
}

function generatedInstances(spec: GenerateSpec, label: string, ctx: Context): SimInstance[] {
  const rng = prng(hash(`${spec.seed ?? 1}/${ctx.region}/${label}`));
  const ids = ctx.ids;
  const total = spec.mix.reduce((sum, m) => sum + (m.weight ?? 1), 0);
  const maxSize = spec.maxReservationSize ?? 3;
  const tagCache = new Map<string, Tag[]>();
  // One shared (frozen) usage object per mix entry: no per-instance allocation.
  const metricsByEntry = new Map(spec.mix.map((m) => [m, metricsOf(m)]));
  const out: SimInstance[] = [];
  while (out.length < spec.count) {
    const entry = pickWeighted(spec.mix, total, rng());
    const size = Math.min(spec.count - out.length, 1 + Math.floor(rng() * maxSize));
    const picks = Object.entries(entry.tags ?? {}).map(([k, v]) => [
      k,
      typeof v === "string" ? v : (v[Math.floor(rng() * v.length)] as string),
    ]);
    const cacheKey = JSON.stringify([spec.mix.indexOf(entry), picks]);
    let tags = tagCache.get(cacheKey);
    if (!tags) {
      tags = picks.map(([key, value]) => ({ key: key as string, value: value as string }));
      tagCache.set(cacheKey, tags);
    }
    const reservationId = ids.next("r");
    const launchTime = BASE_TIME - Math.floor(rng() * 400 * DAY);
    const az = `${ctx.region}${"abc"[Math.floor(rng() * 3)]}`;
    const options = metadata(entry, ctx);
    const metrics = metricsByEntry.get(entry) ?? {};
    const withMetrics = metrics.usage !== undefined || metrics.metrics !== undefined;
    for (let i = 0; i < size; i++) {
      // A literal with every field (no spreads): 170,000 instances are built in a fraction of the time.
      const instance: SimInstance = {
        id: ids.next("i"),
        reservationId,
        state: entry.state ?? "running",
        tags,
        instanceType: entry.instanceType ?? "t3.micro",
        imageId: entry.imageId ?? ctx.defaultImage,
        availabilityZone: az,
        launchTime,
        httpTokens: options.httpTokens,
        httpPutResponseHopLimit: options.httpPutResponseHopLimit,
        httpEndpoint: options.httpEndpoint,
        httpProtocolIpv6: options.httpProtocolIpv6,
        instanceMetadataTags: options.instanceMetadataTags,
      };
      out.push(withMetrics ? { ...instance, ...metrics } : instance);
    }
  }
  return out;
}

function images(spec: RegionSpec, ctx: Context): SimImage[] {
  const list = spec.images ?? [];
  for (const i of list) if (i.id) ctx.ids.reserve(i.id);
  return list.map((i) => ({
    id: i.id ?? ctx.ids.next("ami"),
    name: i.name,
    state: i.state ?? "available",
    creationDate: new Date(i.creationDate ?? BASE_TIME - Math.floor(ctx.rng() * 700) * DAY).toISOString(),
    ...(i.imdsSupport ? { imdsSupport: i.imdsSupport } : {}),
    ...(i.ownerId ? { ownerId: i.ownerId } : {}),
    ...(i.public ? { public: true as const } : {}),
  }));
}

function buildRegion(name: string, spec: RegionSpec, optedIn: boolean, accountId: string): RegionState {
  const region = emptyRegion(name, optedIn);
  const rng = prng(hash(`${hash(accountId)}/${name}`));
  const ctx: Context = {
    region: name,
    accountId,
    ids: new IdMaker(rng),
    rng,
    defaultImage: "",
    v2Images: new Set(),
  };
  const amis = images(spec, ctx);
  ctx.v2Images = new Set(amis.filter((a) => a.imdsSupport === "v2.0").map((a) => a.id));
  // Instances that name no AMI come from one without ImdsSupport v2.0, so their launch defaults
  // (IMDSv1 allowed) agree with the image they show.
  ctx.defaultImage =
    amis.find((a) => a.imdsSupport !== "v2.0")?.id ??
    `ami-${hash(name).toString(16).padStart(8, "0")}${"0".repeat(9)}`;
  const instances = explicitInstances(spec.instances ?? [], ctx);
  (spec.generate ?? []).forEach((g, i) => {
    for (const inst of generatedInstances(g, String(i), ctx)) instances.push(inst);
  });
  // Launch paths come last, so the ids of everything before them do not depend on them.
  const defaults = { ...spec.defaults };
  const templates = buildTemplates(spec, ctx);
  const configs = buildLaunchConfigurations(spec, ctx);
  const { groups, instances: launched } = buildGroups(spec, { templates, configs, defaults }, ctx);
  for (const inst of launched) instances.push(inst);
  return {
    ...region,
    defaults,
    ...(spec.lock ? { lock: spec.lock } : {}),
    instances,
    templates,
    images: amis,
    groups,
    launchConfigurations: configs,
  };
}

/**
 * Builds the live state of every known region; regions absent from the scenario start empty.
 * `startedAt`: the simulator's start (usage days count back from it).
 */
export function buildState(scenario: Scenario, startedAt = Date.now()): SimState {
  const base = scenario.regions?.["*"] ?? {};
  const optedIn = new Set<string>(scenario.optedInRegions ?? []);
  const regions = new Map<string, RegionState>();
  for (const name of ALL_REGIONS) {
    const enabled = emptyRegion(name, optedIn.has(name)).optInStatus !== "not-opted-in";
    const spec = enabled ? { ...base, ...scenario.regions?.[name] } : {};
    regions.set(name, buildRegion(name, spec, optedIn.has(name), scenario.accountId));
  }
  return new SimState(scenario.accountId, regions, scenario.denied, startedAt);
}
