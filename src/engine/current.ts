// Reads what each recorded resource has now, region by region (for rollback). Errors are data.
import type { Clients } from "../aws/clients.js";
import type { RecordedChange } from "../core/rollback-plan.js";
import { isLocked, type Settings, settingsOf } from "../core/rules.js";
import type { ReadError } from "../core/types.js";
import { attempt, perUnit } from "./per-unit.js";

export interface CurrentState {
  /**
   * Settings of each resource that still exists, keyed `${region} ${id}`, and every region's account
   * default (`${region} account-default`: whether HttpTokensEnforced would refuse a rollback).
   */
  current: Map<string, Settings>;
  /** Regions that could not be read, with why. */
  errors: Map<string, ReadError[]>;
  /** Regions whose defaults an organization policy now manages, with its message. */
  locked: Map<string, string>;
}

const DEFAULTS = { part: "defaults", action: "ec2:GetInstanceMetadataDefaults" } as const;
const INSTANCES = { part: "instances", action: "ec2:DescribeInstances" } as const;

async function readRegion(
  clients: Clients,
  region: string,
  recorded: readonly RecordedChange[],
  into: CurrentState,
) {
  const ec2 = clients.ec2(region);
  const defaults = await attempt(DEFAULTS, region, () => ec2.readDefaults());
  into.current.set(`${region} account-default`, settingsOf(defaults));
  if (isLocked(defaults)) into.locked.set(region, defaults.managedExceptionMessage ?? "");
  const ids = recorded.filter((r) => r.kind === "instance").map((r) => r.id);
  if (ids.length === 0) return;
  for (const i of await attempt(INSTANCES, region, () => ec2.readInstancesById(ids))) {
    if (i.state !== "terminated" && i.state !== "shutting-down") {
      into.current.set(`${region} ${i.id}`, settingsOf(i.metadata));
    }
  }
}

export async function readCurrent(
  clients: Clients,
  byRegion: ReadonlyMap<string, readonly RecordedChange[]>,
): Promise<CurrentState> {
  const state: CurrentState = { current: new Map(), errors: new Map(), locked: new Map() };
  const units = [...byRegion].map(([region, recorded]) => ({ region, recorded }));
  for (const o of await perUnit(clients.limit, units, INSTANCES, (u) =>
    readRegion(clients, u.region, u.recorded, state),
  )) {
    state.errors.set(o.unit.region, o.ok ? [] : [o.error]);
  }
  return state;
}
