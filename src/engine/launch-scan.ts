// The scan's launch-path reads: the template list with tags (with the default and latest versions),
// and Auto Scaling: groups, launch configurations, and the versions groups pin by number.
import type { Clients } from "../aws/clients.js";
import { versionRecord } from "../core/launch-state.js";
import type { RegionScan, TemplateVersionRecord } from "../core/types.js";
import { attempt } from "./per-unit.js";

const LIST = { part: "launch-templates", action: "ec2:DescribeLaunchTemplates" } as const;
const VERSIONS = { part: "launch-templates", action: "ec2:DescribeLaunchTemplateVersions" } as const;
const GROUPS = { part: "auto-scaling", action: "autoscaling:DescribeAutoScalingGroups" } as const;
const CONFIGS = { part: "auto-scaling", action: "autoscaling:DescribeLaunchConfigurations" } as const;

export async function readTemplatesPart(c: Clients, scan: RegionScan): Promise<void> {
  const ec2 = c.ec2(scan.region);
  const [versions, list] = await Promise.all([
    attempt(VERSIONS, scan.region, () => ec2.readTemplates()),
    attempt(LIST, scan.region, () => ec2.readTemplateList()),
  ]);
  scan.templates = versions;
  scan.launchTemplates = list;
}

/** The versions groups pin by number, one call per template; a template that is gone has none. */
async function pinned(c: Clients, scan: RegionScan): Promise<TemplateVersionRecord[]> {
  const wanted = new Map<string, { name: string; versions: Set<string> }>();
  for (const g of scan.groups ?? []) {
    for (const ref of g.templates) {
      if (!/^\d+$/.test(ref.version)) continue;
      const w = wanted.get(ref.templateId) ?? { name: ref.templateName, versions: new Set<string>() };
      w.versions.add(ref.version);
      wanted.set(ref.templateId, w);
    }
  }
  const out: TemplateVersionRecord[] = [];
  for (const [id, w] of wanted) {
    const data = await attempt(VERSIONS, scan.region, () =>
      c.ec2(scan.region).readVersionData(id, { versions: [...w.versions] }),
    );
    for (const d of data) out.push(versionRecord(d, w.name));
  }
  return out;
}

export async function readAutoScalingPart(c: Clients, scan: RegionScan): Promise<void> {
  const as = c.autoscaling(scan.region);
  const [groups, configs] = await Promise.all([
    attempt(GROUPS, scan.region, () => as.readGroups()),
    attempt(CONFIGS, scan.region, () => as.readLaunchConfigurations()),
  ]);
  scan.groups = groups;
  scan.launchConfigurations = configs;
  scan.pinnedVersions = await pinned(c, scan);
}
