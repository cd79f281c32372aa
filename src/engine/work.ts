// What each engine read is, for the classification and hint of its failure; and the one read-back
// of named resources that rollback (what is there now) and verification (what a change did) share.
import type { Clients } from "../aws/clients.js";
import type { Settings } from "../core/rules.js";
import type { AccountDefaults, InstanceRecord } from "../core/types.js";
import type { ChangeKind } from "../schemas/change-kinds.js";
import { type LaunchItem, readLaunch } from "./launch-read.js";
import { attempt, type UnitWork } from "./per-unit.js";

export const WORK = {
  defaults: { part: "defaults", action: "ec2:GetInstanceMetadataDefaults" },
  instances: { part: "instances", action: "ec2:DescribeInstances" },
  "launch-templates": { part: "launch-templates", action: "ec2:DescribeLaunchTemplateVersions" },
  images: { part: "images", action: "ec2:DescribeImages" },
  "auto-scaling": { part: "auto-scaling", action: "autoscaling:DescribeAutoScalingGroups" },
  /** Looking up the AMIs templates name is part of reading the templates, with its own action. */
  "template-images": { part: "launch-templates", action: "ec2:DescribeImages" },
  evidence: { part: "usage", action: "cloudwatch:GetMetricData" },
} as const satisfies Record<string, UnitWork>;

export interface ReadBack {
  /** Present when an account default was asked for. */
  defaults?: AccountDefaults;
  instances: InstanceRecord[];
  /** Launch-path resources as they are now, keyed `${kind} ${id}` (launch-read.ts). */
  launch: Map<string, Settings>;
}

/** A resource to read back: what kind, which, and (launch paths) what was asked of it. */
export interface ReadItem {
  kind: ChangeKind;
  id: string;
  before: Settings;
  requested: Settings;
  sent?: Settings;
}

/** The region's account default (when `items` name one) and the named instances, as they are now. */
export async function readBack(
  clients: Clients,
  region: string,
  items: readonly ReadItem[],
): Promise<ReadBack> {
  const ec2 = clients.ec2(region);
  const out: ReadBack = { instances: [], launch: new Map() };
  if (items.some((r) => r.kind === "account-default")) {
    out.defaults = await attempt(WORK.defaults, { region, account: clients.account }, () =>
      ec2.readDefaults(),
    );
  }
  const ids = items.filter((r) => r.kind === "instance").map((r) => r.id);
  if (ids.length)
    out.instances = await attempt(WORK.instances, { region, account: clients.account }, () =>
      ec2.readInstancesById(ids),
    );
  const launch: LaunchItem[] = items
    .filter((i) => i.kind !== "account-default" && i.kind !== "instance")
    .map((i) => ({ kind: i.kind, id: i.id, before: i.before, sent: i.sent ?? i.requested }));
  if (launch.length) out.launch = await readLaunch(clients, region, launch);
  return out;
}
