// The scan's launch-path reads: the template list with tags (with the default and latest versions),
// and Auto Scaling: groups, launch configurations, and the versions groups pin by number.
import type { Clients } from "../aws/clients.js";
import { imagesToLookUp } from "../core/effective.js";
import { versionRecord } from "../core/launch-state.js";
import type { RegionScan, TemplateVersionRecord } from "../core/types.js";
import { attempt } from "./per-unit.js";
import { WORK } from "./work.js";

const LIST = { part: "launch-templates", action: "ec2:DescribeLaunchTemplates" } as const;
const VERSIONS = { part: "launch-templates", action: "ec2:DescribeLaunchTemplateVersions" } as const;
const GROUPS = { part: "auto-scaling", action: "autoscaling:DescribeAutoScalingGroups" } as const;
const CONFIGS = { part: "auto-scaling", action: "autoscaling:DescribeLaunchConfigurations" } as const;

/**
 * Both reads at once; when both fail, the first's error is the one reported, whichever failed first
 * (the same failure every run: report merge and snapshots compare runs byte for byte).
 */
async function inOrder<T extends readonly unknown[]>(reads: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(reads);
  for (const r of settled) if (r.status === "rejected") throw r.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/**
 * $Default and $Latest of every template (and, unless `lookUpImages` is false, the AMIs that could
 * decide their launches, looked up by id whoever owns them), and the template list with tags. With
 * the list, it is read first: a region it shows without templates has no versions to read, which
 * saves a call in most regions of most accounts, at the cost of one round trip in sequence where there
 * are templates. A list that cannot be read fails the part, reported with its own action.
 */
export async function readTemplatesPart(
  c: Clients,
  scan: RegionScan,
  opts: { lookUpImages: boolean; withList: boolean },
): Promise<void> {
  const ec2 = c.ec2(scan.region);
  const where = { region: scan.region, account: c.account };
  const list = opts.withList
    ? await attempt(LIST, where, () => ec2.readTemplateList()).then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      )
    : undefined;
  const none = list && "value" in list && list.value.length === 0;
  const versions = none ? [] : await attempt(VERSIONS, where, () => ec2.readTemplates());
  // A list that failed fails the part, as it always did (the versions read decides only which error
  // is reported when both fail: the versions', as before).
  if (list && "error" in list) throw list.error;
  scan.templates = versions;
  if (list) scan.launchTemplates = list.value;
  const ids = opts.lookUpImages ? imagesToLookUp(versions) : [];
  if (ids.length)
    scan.templateImages = await attempt(WORK["template-images"], where, () => ec2.readImagesById(ids));
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
    const data = await attempt(VERSIONS, { region: scan.region, account: c.account }, () =>
      c.ec2(scan.region).readVersionData(id, { versions: [...w.versions] }),
    );
    for (const d of data) out.push(versionRecord(d, w.name));
  }
  return out;
}

/** Groups, launch configurations, the versions groups pin, and (unless not asked) the AMIs those name. */
export async function readAutoScalingPart(c: Clients, scan: RegionScan, lookUpImages = true): Promise<void> {
  const as = c.autoscaling(scan.region);
  const [groups, configs] = await inOrder([
    attempt(GROUPS, { region: scan.region, account: c.account }, () => as.readGroups()),
    attempt(CONFIGS, { region: scan.region, account: c.account }, () => as.readLaunchConfigurations()),
  ]);
  scan.groups = groups;
  scan.launchConfigurations = configs;
  scan.pinnedVersions = await pinned(c, scan);
  const ids = lookUpImages ? imagesToLookUp([...scan.pinnedVersions, ...configs]) : [];
  if (ids.length) {
    scan.pathImages = await attempt(
      WORK["template-images"],
      { region: scan.region, account: c.account },
      () => c.ec2(scan.region).readImagesById(ids),
    );
  }
}
