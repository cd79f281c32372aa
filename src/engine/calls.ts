// The one API call each kind of change makes, for apply (for real) and probe (DryRun): the action
// it paces and journals under, and how it is sent.
import type { Clients } from "../aws/clients.js";
import type { Change } from "../core/changes.js";
import type { RefSlot } from "../core/launch-types.js";
import { CHANGE_ACTIONS, type ChangeKind } from "../schemas/change-kinds.js";

/** The API action of each kind of change. */
export const ACTION = CHANGE_ACTIONS;

/** Kinds whose API has no DryRun (Auto Scaling): a dry run cannot ask AWS about them. */
export function hasDryRun(kind: ChangeKind): boolean {
  return kind !== "auto-scaling-group";
}

/** The number in a setting imds wrote itself (a version number or its string). */
const num = (v: string | number | undefined) => Number(v);

/**
 * Makes the change's call (with DryRun, only asks). A new template version answers its number; the
 * others nothing. A new version's description (the request's, else `opts.description`) marks it as
 * imds's, so rollback can find it.
 */
export async function send(
  c: Change,
  clients: Clients,
  opts: { dryRun?: boolean; description?: string } = {},
): Promise<number | undefined> {
  const ec2 = clients.ec2(c.region);
  const r = c.requested;
  const dryRun = opts.dryRun ?? false;
  switch (c.kind) {
    case "account-default":
      return void (await ec2.modifyDefaults(r, dryRun));
    case "instance":
      return void (await ec2.modifyInstance(c.id, r, dryRun));
    case "launch-template-version": {
      const { fromVersion, version: _predicted, description, ...metadata } = r;
      const v = {
        templateId: c.id,
        sourceVersion: num(fromVersion),
        metadata,
        description: String(description ?? opts.description ?? "imds: IMDSv2 required"),
      };
      return ec2.createVersion(v, dryRun);
    }
    case "launch-template-default":
      // A DryRun asks about the version that is the default now: the new one does not exist yet.
      return void (await ec2.setDefaultVersion(
        c.id,
        num(dryRun ? c.before.defaultVersion : r.defaultVersion),
        dryRun,
      ));
    case "auto-scaling-group":
      if (dryRun) throw new Error("Auto Scaling has no DryRun");
      return void (await clients
        .autoscaling(c.region)
        .setGroupVersion(
          c.id,
          r.slot as RefSlot,
          String(r.launchTemplateId),
          String(r.launchTemplateVersion),
        ));
    case "launch-template-version-delete":
      return void (await ec2.deleteVersion(c.id, num(r.deletedVersion), dryRun));
  }
}
