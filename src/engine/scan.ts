// Reads every region in scope in parallel under one concurrency bound. Never prints: it reports
// through ScanEvents, and keeps no region after handing it over.
import type { Clients } from "../aws/clients.js";
import { PARTS, type RegionScan, type ScanPart } from "../core/types.js";
import type { ScanEvents } from "./events.js";
import { readEvidence } from "./evidence.js";
import { readAutoScalingPart, readTemplatesPart } from "./launch-scan.js";
import { perUnit } from "./per-unit.js";
import { WORK } from "./work.js";

export interface ScanOptions {
  regions: readonly string[];
  states: readonly string[];
  /** What to read; every part by default. */
  parts?: readonly ScanPart[];
  /** Also read CloudWatch's IMDSv1 evidence for this many days (instances that allow IMDSv1). */
  evidenceDays?: number | undefined;
  /**
   * Look up the AMIs launch templates name (default true). Enforce does not: once the default it
   * sets requires IMDSv2, no AMI decides a launch.
   */
  lookUpImages?: boolean;
}

type Reader = (clients: Clients, scan: RegionScan, opts: ScanOptions, events: ScanEvents) => Promise<void>;

const READERS = {
  instances: async (c, scan, opts, events) => {
    const { onInstances } = events;
    const ec2 = c.ec2(scan.region);
    // Evidence needs the whole list; otherwise pages stream to the caller and none are kept.
    if (onInstances && opts.evidenceDays === undefined) {
      await ec2.readInstances(opts.states, (page) => onInstances(scan.region, page));
      return;
    }
    scan.instances = await ec2.readInstances(opts.states);
    if (opts.evidenceDays === undefined) return;
    const { byInstance, error } = await readEvidence(
      c.metrics(scan.region),
      scan.region,
      scan.instances,
      opts.evidenceDays,
    );
    if (error) scan.errors.push(error);
    scan.evidence = byInstance;
  },
  defaults: async (c, scan) => {
    scan.defaults = await c.ec2(scan.region).readDefaults();
  },
  // The template list (owners, for launch paths) only when Auto Scaling is read too.
  "launch-templates": (c, scan, opts) =>
    readTemplatesPart(c, scan, {
      lookUpImages: opts.lookUpImages !== false,
      withList: !opts.parts || opts.parts.includes("auto-scaling"),
    }),
  "auto-scaling": (c, scan, opts) => readAutoScalingPart(c, scan, opts.lookUpImages !== false),
  images: async (c, scan) => {
    scan.images = await c.ec2(scan.region).readImages();
  },
} satisfies Record<ScanPart, Reader>;

/** Reads every part of every region; each region goes to `events.onRegionDone` once read. */
export async function scanEach(clients: Clients, opts: ScanOptions, events: ScanEvents = {}): Promise<void> {
  const parts = PARTS.filter((p) => !opts.parts || opts.parts.includes(p));
  const open = new Map(
    opts.regions.map((region): [string, { scan: RegionScan; left: number }] => [
      region,
      { scan: { region, errors: [] }, left: parts.length },
    ]),
  );
  let done = 0;
  // Units name their region only: once handed over, a region's scan is referenced nowhere here.
  const scanOf = (region: string) => open.get(region)?.scan ?? { region, errors: [] };
  const units = opts.regions.map((region) => ({ region }));
  // Instances first (PARTS order): the longest reads, sequential pages, start before the short ones.
  await Promise.all(
    parts.map((part) =>
      perUnit(
        clients,
        units,
        WORK[part],
        ({ region }) => READERS[part](clients, scanOf(region), opts, events),
        (outcome) => {
          const entry = open.get(outcome.unit.region);
          if (!entry) return;
          // Errors are data at the part boundary: one unreadable part never hides the others.
          if (!outcome.ok) entry.scan.errors.push(outcome.error);
          if (--entry.left > 0) return;
          open.delete(outcome.unit.region);
          entry.scan.errors.sort((a, b) => a.part.localeCompare(b.part));
          events.onRegionDone?.(entry.scan, ++done, opts.regions.length);
        },
      ),
    ),
  );
}

/** Every region's scan, in the order of `opts.regions`. */
export async function scanRegions(clients: Clients, opts: ScanOptions): Promise<RegionScan[]> {
  const scans = new Map<string, RegionScan>();
  await scanEach(clients, opts, { onRegionDone: (scan) => scans.set(scan.region, scan) });
  return opts.regions.flatMap((r) => scans.get(r) ?? []);
}
