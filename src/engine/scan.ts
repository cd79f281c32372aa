// Reads every region in scope in parallel under one concurrency bound. Never prints: progress is a callback.
import type { Clients } from "../aws/clients.js";
import { classify } from "../aws/errors.js";
import { readDefaults, readImages, readInstances, readTemplates } from "../aws/reads.js";
import { type InstanceRecord, PARTS, type RegionScan, type ScanPart } from "../core/types.js";
import { readUsage } from "./usage.js";

export interface ScanOptions {
  regions: readonly string[];
  states: readonly string[];
  /** What to read; every part by default. */
  parts?: readonly ScanPart[];
  /** Also read CloudWatch's IMDSv1 usage evidence for this many days (instances that allow IMDSv1). */
  usageDays?: number | undefined;
  /**
   * Hands each page of instances over as it arrives instead of keeping them in `scan.instances`
   * (not with usageDays, which needs the whole list).
   */
  onInstances?: (scan: RegionScan, page: InstanceRecord[]) => void;
  onRegionDone?: (scan: RegionScan, done: number, total: number) => void;
}

const ACTIONS: Record<ScanPart, string> = {
  defaults: "ec2:GetInstanceMetadataDefaults",
  instances: "ec2:DescribeInstances",
  "launch-templates": "ec2:DescribeLaunchTemplateVersions",
  images: "ec2:DescribeImages",
};

type Reader = (clients: Clients, scan: RegionScan, opts: ScanOptions) => Promise<void>;

const READERS = {
  instances: async (c, scan, opts) => {
    const { onInstances } = opts;
    if (onInstances && opts.usageDays === undefined) {
      await readInstances(c.ec2(scan.region), opts.states, (page) => onInstances(scan, page));
      return;
    }
    const instances = await readInstances(c.ec2(scan.region), opts.states);
    scan.instances = instances;
    if (opts.usageDays === undefined) return;
    const { usage, error } = await readUsage(c, scan.region, instances, opts.usageDays);
    if (error) scan.errors.push(error);
    scan.usage = usage;
  },
  defaults: async (c, scan) => {
    scan.defaults = await readDefaults(c.ec2(scan.region));
  },
  "launch-templates": async (c, scan) => {
    scan.templates = await readTemplates(c.ec2(scan.region));
  },
  images: async (c, scan) => {
    scan.images = await readImages(c.ec2(scan.region));
  },
} satisfies Record<ScanPart, Reader>;

export async function scanRegions(clients: Clients, opts: ScanOptions): Promise<RegionScan[]> {
  const { limit } = clients;
  const scans = opts.regions.map((region): RegionScan => ({ region, errors: [] }));
  const parts = PARTS.filter((p) => !opts.parts || opts.parts.includes(p));
  const left = new Map<RegionScan, number>(scans.map((s) => [s, parts.length]));
  let done = 0;

  // Instances first (PARTS order): the longest reads, sequential pages, start before the short ones.
  const tasks = parts.flatMap((part) =>
    scans.map((scan) =>
      limit(() => READERS[part](clients, scan, opts))
        // Errors are data at the part boundary: one unreadable part never hides the others.
        .catch((err: unknown) => {
          scan.errors.push(classify(err, part, ACTIONS[part], scan.region));
        })
        .finally(() => {
          const n = (left.get(scan) ?? 1) - 1;
          left.set(scan, n);
          if (n === 0) {
            scan.errors.sort((a, b) => a.part.localeCompare(b.part));
            opts.onRegionDone?.(scan, ++done, scans.length);
          }
        }),
    ),
  );
  await Promise.all(tasks);
  return scans;
}
