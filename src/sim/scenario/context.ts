// What generating one region needs: its name, a seeded id maker and PRNG, and what the region's AMIs
// say. Shared by the instance, template and Auto Scaling generators.

/** mulberry32: small, fast, good enough for picking a mix. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a, to derive a per-region seed from the scenario seed and a label. */
export function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const HEX_DIGITS = "0123456789abcdef";
const HEX_BYTES = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** `n` (0..2^32-1) as 8 hex digits: what `n.toString(16).padStart(8, "0")` gives, several times faster. */
function hex8(n: number): string {
  const b = HEX_BYTES;
  return `${b[n >>> 24]}${b[(n >>> 16) & 255]}${b[(n >>> 8) & 255]}${b[n & 255]}`;
}

/** Issues unique AWS-style ids (`i-` + 17 hex digits) from a seeded PRNG. */
export class IdMaker {
  private readonly used = new Set<string>();

  constructor(private readonly rng: () => number) {}

  reserve(id: string): void {
    this.used.add(id);
  }

  next(prefix: string): string {
    for (;;) {
      const hi = hex8(Math.floor(this.rng() * 0x100000000));
      const lo = hex8(Math.floor(this.rng() * 0x100000000));
      const id = `${prefix}-${hi}${lo}${HEX_DIGITS[Math.floor(this.rng() * 16)]}`;
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
  }
}

import type { MetadataOptions } from "../state.js";

/** AWS's launch defaults for metadata options, used for anything a scenario leaves out. */
export const LAUNCH_DEFAULTS: MetadataOptions = {
  httpTokens: "optional",
  httpPutResponseHopLimit: 1,
  httpEndpoint: "enabled",
  httpProtocolIpv6: "disabled",
  instanceMetadataTags: "disabled",
};

export const BASE_TIME = Date.UTC(2025, 0, 1);
export const DAY = 86_400_000;

export interface Context {
  region: string;
  accountId: string;
  ids: IdMaker;
  rng: () => number;
  defaultImage: string;
  /** The region's AMIs with ImdsSupport v2.0. */
  v2Images: ReadonlySet<string>;
}
