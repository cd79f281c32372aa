// Reads what each recorded resource has now, region by region (for rollback). Errors are data.
import type { Clients } from "../aws/clients.js";
import type { RecordedChange } from "../core/rollback-plan.js";
import { isLocked, type Settings, settingsOf } from "../core/rules.js";
import type { ReadError } from "../core/types.js";
import { perUnit } from "./per-unit.js";
import { readBack, WORK } from "./work.js";

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

/** Records what the region's recorded resources have now into `into`. */
async function readRegion(
  clients: Clients,
  region: string,
  recorded: readonly RecordedChange[],
  into: CurrentState,
): Promise<void> {
  // The region's default is read even when the journal changed none: whether HttpTokensEnforced
  // would refuse setting an instance back to optional decides the plan.
  const defaultsToo = [{ kind: "account-default" as const, id: "account-default" }, ...recorded];
  const { defaults, instances } = await readBack(clients, region, defaultsToo);
  if (defaults) {
    into.current.set(`${region} account-default`, settingsOf(defaults));
    if (isLocked(defaults)) into.locked.set(region, defaults.managedExceptionMessage ?? "");
  }
  for (const i of instances) {
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
  for (const o of await perUnit(clients.limit, units, WORK.instances, (u) =>
    readRegion(clients, u.region, u.recorded, state),
  )) {
    state.errors.set(o.unit.region, o.ok ? [] : [o.error]);
  }
  return state;
}
