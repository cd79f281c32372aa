// Reads what each recorded resource has now, region by region (for rollback). Errors are data.
import type { Clients } from "../aws/clients.js";
import { currentKey, usersKey } from "../core/launch-rollback.js";
import type { RecordedChange } from "../core/rollback-plan.js";
import { isLocked, type Settings, settingsOf } from "../core/rules.js";
import type { ReadError } from "../core/types.js";
import type { ChangeKind } from "../schemas/change-kinds.js";
import { launchKey } from "./launch-read.js";
import { attempt, perUnit } from "./per-unit.js";
import { readBack, WORK } from "./work.js";

export interface CurrentState {
  /**
   * Settings of each resource that still exists, keyed `${region} ${id}`, and every region's account
   * default (`${region} account-default`: whether HttpTokensEnforced would refuse a rollback).
   */
  current: Map<string, Settings>;
  /** Launch paths, keyed as launch-rollback.ts says (currentKey, usersKey). */
  launch: Map<string, Settings>;
  /** Regions that could not be read, with why. */
  errors: Map<string, ReadError[]>;
  /** Regions whose defaults an organization policy now manages, with its message. */
  locked: Map<string, string>;
}

/** A recorded change of any kind, as read back. */
export type Recorded = Omit<RecordedChange, "kind"> & { kind: ChangeKind };

const GROUPS = { part: "auto-scaling", action: "autoscaling:DescribeAutoScalingGroups" } as const;

/** For --delete-created: which groups launch each template version by its number. */
async function readUsers(clients: Clients, region: string, into: CurrentState): Promise<void> {
  const users = new Map<string, string[]>();
  for (const g of await attempt(GROUPS, { region, account: clients.account }, () =>
    clients.autoscaling(region).readGroups(),
  )) {
    for (const ref of g.templates) {
      if (!/^\d+$/.test(ref.version)) continue;
      const key = usersKey(region, ref.templateId, Number(ref.version));
      users.set(key, [...(users.get(key) ?? []), g.name]);
    }
  }
  for (const [key, names] of users) into.launch.set(key, { groups: names.join(", ") });
}

/** Records what the region's recorded resources have now into `into`. */
async function readRegion(
  clients: Clients,
  region: string,
  recorded: readonly Recorded[],
  into: CurrentState,
  deleteCreated: boolean,
): Promise<void> {
  // The region's default is read even when the journal changed none: whether HttpTokensEnforced
  // would refuse setting an instance back to optional decides the plan.
  const defaultsToo = [
    { kind: "account-default" as const, id: "account-default", before: {}, requested: {} },
    ...recorded,
  ];
  const { defaults, instances, launch } = await readBack(clients, region, defaultsToo);
  if (defaults) {
    into.current.set(`${region} account-default`, settingsOf(defaults));
    if (isLocked(defaults)) into.locked.set(region, defaults.managedExceptionMessage ?? "");
  }
  for (const i of instances) {
    if (i.state !== "terminated" && i.state !== "shutting-down") {
      into.current.set(`${region} ${i.id}`, settingsOf(i.metadata));
    }
  }
  for (const r of recorded) {
    const now = launch.get(launchKey(r.kind, r.id));
    if (now) into.launch.set(currentKey(region, r.kind, r.id), now);
    const template = launch.get(launchKey("launch-template-default", r.id));
    if (template) into.launch.set(currentKey(region, "launch-template-default", r.id), template);
  }
  if (deleteCreated && recorded.some((r) => r.kind === "launch-template-version")) {
    await readUsers(clients, region, into);
  }
}

export async function readCurrent(
  clients: Clients,
  byRegion: ReadonlyMap<string, readonly Recorded[]>,
  opts: { deleteCreated?: boolean } = {},
): Promise<CurrentState> {
  const state: CurrentState = { current: new Map(), launch: new Map(), errors: new Map(), locked: new Map() };
  const units = [...byRegion].map(([region, recorded]) => ({ region, recorded }));
  for (const o of await perUnit(clients, units, WORK.instances, (u) =>
    readRegion(clients, u.region, u.recorded, state, opts.deleteCreated === true),
  )) {
    state.errors.set(o.unit.region, o.ok ? [] : [o.error]);
  }
  return state;
}
