// Reads back launch-path resources by what was asked of them (for verification) or recorded (for
// rollback): templates' default versions, the versions imds created with their sources, groups'
// versions. Each as settings keyed `${kind} ${id}`; a resource that is gone has no key.
import type { Clients } from "../aws/clients.js";
import { errorCode } from "../aws/errors.js";
import { createdVersionNow, groupNow, templateNow } from "../core/launch-state.js";
import type { Settings } from "../core/rules.js";
import type { ChangeKind } from "../schemas/change-kinds.js";
import { attempt, type UnitWork } from "./per-unit.js";

export interface LaunchItem {
  kind: ChangeKind;
  id: string;
  before: Settings;
  /** What was asked (a new version: with its description and number, when known). */
  sent: Settings;
}

const TEMPLATES: UnitWork = { part: "launch-templates", action: "ec2:DescribeLaunchTemplates" };
const VERSIONS: UnitWork = { part: "launch-templates", action: "ec2:DescribeLaunchTemplateVersions" };
const GROUPS: UnitWork = { part: "auto-scaling", action: "autoscaling:DescribeAutoScalingGroups" };

export const launchKey = (kind: ChangeKind, id: string) => `${kind} ${id}`;

const GONE = new Set(["InvalidLaunchTemplateId.NotFound", "InvalidLaunchTemplateName.NotFoundException"]);

/** A template's versions from `since` on; none when the template itself is gone. */
async function versionsSince(clients: Clients, region: string, id: string, since: number) {
  try {
    return await clients.ec2(region).readVersionData(id, { since });
  } catch (err) {
    if (GONE.has(errorCode(err))) return [];
    throw err;
  }
}

async function readVersions(
  clients: Clients,
  region: string,
  items: readonly LaunchItem[],
  out: Map<string, Settings>,
) {
  for (const i of items) {
    if (i.kind === "launch-template-version") {
      // From the source on: the source to compare with, and the new version by its description.
      const since = Math.min(Number(i.sent.fromVersion), Number(i.before.latestVersion) + 1);
      const versions = await attempt(VERSIONS, { region, account: clients.account }, () =>
        versionsSince(clients, region, i.id, since),
      );
      const now = createdVersionNow(versions, i.sent);
      if (now) out.set(launchKey(i.kind, i.id), now);
    } else if (i.kind === "launch-template-version-delete") {
      const v = Number(i.sent.deletedVersion);
      const versions = await attempt(VERSIONS, { region, account: clients.account }, () =>
        versionsSince(clients, region, i.id, v),
      );
      if (versions.some((x) => x.version === v)) out.set(launchKey(i.kind, i.id), { version: v });
    }
  }
}

/** Every launch-path item's state now, keyed `${kind} ${id}`. */
export async function readLaunch(
  clients: Clients,
  region: string,
  items: readonly LaunchItem[],
): Promise<Map<string, Settings>> {
  const out = new Map<string, Settings>();
  // Every template kind reads the templates' default versions (rollback needs the default too).
  if (items.some((i) => i.kind !== "auto-scaling-group")) {
    const templates = await attempt(TEMPLATES, { region, account: clients.account }, () =>
      clients.ec2(region).readTemplateList(),
    );
    for (const t of templates) out.set(launchKey("launch-template-default", t.id), templateNow(t));
  }
  await readVersions(clients, region, items, out);
  const groups = items.filter((i) => i.kind === "auto-scaling-group");
  if (groups.length) {
    const read = await attempt(GROUPS, { region, account: clients.account }, () =>
      clients.autoscaling(region).readGroupsByName(groups.map((g) => g.id)),
    );
    for (const i of groups) {
      const g = read.find((x) => x.name === i.id);
      const now = g && groupNow(g, String(i.sent.slot));
      if (now) out.set(launchKey(i.kind, i.id), now);
    }
  }
  return out;
}
