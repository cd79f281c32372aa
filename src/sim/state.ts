// The simulated account: per-region defaults, instances, launch templates, AMIs and Auto Scaling groups.
// Instances are plain objects whose tag lists are shared between instances that have the same
// tags, so 150,000 generated instances stay a few tens of megabytes.

import type { SimGroup, SimLaunchConfiguration, SimTemplate, Tag } from "./launch-state.js";
import { ALL_REGIONS, isOptInRegion, type OptInStatus } from "./regions.js";
import type { HttpTokens, ImageState, InstanceStateName, Toggle, UsageSpec } from "./scenario/types.js";

export type { Tag };

export interface MetadataOptions {
  httpTokens: HttpTokens;
  httpPutResponseHopLimit: number;
  httpEndpoint: Toggle;
  httpProtocolIpv6: Toggle;
  instanceMetadataTags: Toggle;
}

export interface SimInstance extends MetadataOptions {
  readonly id: string;
  readonly reservationId: string;
  state: InstanceStateName;
  readonly tags: readonly Tag[];
  readonly instanceType: string;
  readonly imageId: string;
  readonly availabilityZone: string;
  /** Epoch ms. */
  readonly launchTime: number;
  /** Epoch ms of the last ModifyInstanceMetadataOptions; drives pending -> applied lazily. */
  modifiedAt?: number;
  /** IMDS usage behind the CloudWatch metrics; absent = no IMDSv1 calls. Shared, never mutated. */
  readonly usage?: Readonly<UsageSpec>;
  /** false: the instance publishes no IMDS metrics at all. */
  readonly metrics?: false;
  /**
   * HttpTokens over time, oldest first, once a ModifyInstanceMetadataOptions set it: the first
   * entry (at -Infinity) is the value before the first change. Drives MetadataNoTokenRejected.
   */
  tokensHistory?: TokensChange[];
}

export interface TokensChange {
  /** Epoch ms the value took effect (-Infinity for the scenario's own value). */
  readonly at: number;
  readonly httpTokens: HttpTokens;
}

export interface AccountDefaults {
  httpTokens?: HttpTokens;
  httpPutResponseHopLimit?: number;
  httpEndpoint?: Toggle;
  instanceMetadataTags?: Toggle;
  httpTokensEnforced?: Toggle;
}

export interface SimImage {
  readonly id: string;
  readonly name: string;
  readonly state: ImageState;
  readonly creationDate: string;
  readonly imdsSupport?: "v2.0";
  /** Absent: the scenario's own account owns it. */
  readonly ownerId?: string;
  readonly public?: true;
}

export interface RegionState {
  readonly name: string;
  readonly optInStatus: OptInStatus;
  defaults: AccountDefaults;
  /** Set when an Organizations declarative policy owns the defaults. */
  readonly lock?: { readonly message?: string };
  readonly instances: SimInstance[];
  readonly templates: SimTemplate[];
  readonly images: SimImage[];
  readonly groups: SimGroup[];
  readonly launchConfigurations: SimLaunchConfiguration[];
}

export function isEnabled(region: RegionState): boolean {
  return region.optInStatus !== "not-opted-in";
}

export function metadataState(
  instance: SimInstance,
  now: number,
  appliedAfterMs: number,
): "pending" | "applied" {
  return instance.modifiedAt !== undefined && now - instance.modifiedAt < appliedAfterMs
    ? "pending"
    : "applied";
}

export function emptyRegion(name: string, optedIn: boolean): RegionState {
  const optInStatus: OptInStatus = !isOptInRegion(name)
    ? "opt-in-not-required"
    : optedIn
      ? "opted-in"
      : "not-opted-in";
  return {
    name,
    optInStatus,
    defaults: {},
    instances: [],
    templates: [],
    images: [],
    groups: [],
    launchConfigurations: [],
  };
}

export class SimState {
  private readonly index = new Map<string, Map<string, SimInstance>>();

  constructor(
    readonly accountId: string,
    readonly regions: ReadonlyMap<string, RegionState>,
    private readonly denied: Readonly<Record<string, readonly string[]>> = {},
    /** Epoch ms the simulator started (on its clock): scenario usage days ("lastCallDaysAgo") count back from it. */
    readonly startedAt: number,
  ) {}

  region(name: string): RegionState | undefined {
    return this.regions.get(name);
  }

  enabledRegions(): RegionState[] {
    return ALL_REGIONS.flatMap((name) => {
      const r = this.regions.get(name);
      return r && isEnabled(r) ? [r] : [];
    });
  }

  instanceCount(): number {
    let n = 0;
    for (const r of this.regions.values()) n += r.instances.length;
    return n;
  }

  isDenied(action: string, region: string): boolean {
    const regions = this.denied[action];
    return regions !== undefined && (regions.includes("*") || regions.includes(region));
  }

  /** Looks an instance up by id; the per-region index is built on first use. */
  findInstance(region: RegionState, id: string): SimInstance | undefined {
    let byId = this.index.get(region.name);
    if (!byId) {
      byId = new Map(region.instances.map((i) => [i.id, i]));
      this.index.set(region.name, byId);
    }
    return byId.get(id);
  }

  /** Plain JSON view of a region, for tests comparing state (`GET /_sim/state?region=`). */
  snapshot(name: string, now: number, appliedAfterMs: number): unknown {
    const r = this.regions.get(name);
    if (!r) return undefined;
    return {
      region: r.name,
      optInStatus: r.optInStatus,
      defaults: r.defaults,
      ...(r.lock ? { managedBy: "declarative-policy", managedExceptionMessage: r.lock.message } : {}),
      instances: r.instances.map((i) => ({
        instanceId: i.id,
        reservationId: i.reservationId,
        state: i.state,
        tags: Object.fromEntries(i.tags.map((t) => [t.key, t.value])),
        metadataOptions: {
          state: metadataState(i, now, appliedAfterMs),
          httpTokens: i.httpTokens,
          httpPutResponseHopLimit: i.httpPutResponseHopLimit,
          httpEndpoint: i.httpEndpoint,
          httpProtocolIpv6: i.httpProtocolIpv6,
          instanceMetadataTags: i.instanceMetadataTags,
        },
      })),
      launchTemplates: r.templates.map(({ clientTokens: _, ...t }) => t),
      images: r.images,
      autoScalingGroups: r.groups,
      launchConfigurations: r.launchConfigurations,
    };
  }

  /** Counts per region, for `GET /_sim/state` without a region. */
  summary(): unknown {
    return {
      accountId: this.accountId,
      regions: [...this.regions.values()].map((r) => ({
        region: r.name,
        optInStatus: r.optInStatus,
        instances: r.instances.length,
        launchTemplates: r.templates.length,
        images: r.images.length,
        autoScalingGroups: r.groups.length,
        locked: r.lock !== undefined,
      })),
    };
  }
}
