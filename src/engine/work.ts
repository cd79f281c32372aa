// What each engine read is, for the classification and hint of its failure; and the one read-back
// of named resources that rollback (what is there now) and verification (what a change did) share.
import type { Clients } from "../aws/clients.js";
import type { AccountDefaults, InstanceRecord } from "../core/types.js";
import { attempt, type UnitWork } from "./per-unit.js";

export const WORK = {
  defaults: { part: "defaults", action: "ec2:GetInstanceMetadataDefaults" },
  instances: { part: "instances", action: "ec2:DescribeInstances" },
  "launch-templates": { part: "launch-templates", action: "ec2:DescribeLaunchTemplateVersions" },
  images: { part: "images", action: "ec2:DescribeImages" },
  /** Looking up the AMIs templates name is part of reading the templates, with its own action. */
  "template-images": { part: "launch-templates", action: "ec2:DescribeImages" },
  evidence: { part: "usage", action: "cloudwatch:GetMetricData" },
} as const satisfies Record<string, UnitWork>;

export interface ReadBack {
  /** Present when an account default was asked for. */
  defaults?: AccountDefaults;
  instances: InstanceRecord[];
}

/** The region's account default (when `items` name one) and the named instances, as they are now. */
export async function readBack(
  clients: Clients,
  region: string,
  items: readonly { kind: "account-default" | "instance"; id: string }[],
): Promise<ReadBack> {
  const ec2 = clients.ec2(region);
  const out: ReadBack = { instances: [] };
  if (items.some((r) => r.kind === "account-default")) {
    out.defaults = await attempt(WORK.defaults, region, () => ec2.readDefaults());
  }
  const ids = items.filter((r) => r.kind === "instance").map((r) => r.id);
  if (ids.length) out.instances = await attempt(WORK.instances, region, () => ec2.readInstancesById(ids));
  return out;
}
