// The facts a real instance carries beyond what imds reads (network, disks, profile), derived
// deterministically from the instance id and region at write time: no memory per instance, and the
// same reply every time.

import type { SimInstance } from "../state.js";

/** FNV-1a over a label: stable ids for a region's VPC, subnets and security groups. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** 17 hex digits derived from a label, the length of current EC2 resource ids. */
function hexId(label: string): string {
  const a = hash(label).toString(16).padStart(8, "0");
  const b = hash(`${label}#`).toString(16).padStart(8, "0");
  return `${a}${b}${(hash(`${label}##`) & 15).toString(16)}`;
}

export interface RegionFacts {
  vpcId: string;
  /** Subnet id per availability zone. */
  subnet(az: string): string;
  groups: readonly { id: string; name: string }[];
  profileArn: string;
  profileId: string;
  /** Internal DNS suffix: `ec2.internal` in us-east-1, `<region>.compute.internal` elsewhere. */
  internalDns: string;
  /** Public DNS suffix: `compute-1.amazonaws.com` in us-east-1, `<region>.compute.amazonaws.com` elsewhere. */
  publicDns: string;
}

const regionFacts = new Map<string, RegionFacts>();

export function factsOf(region: string, accountId: string): RegionFacts {
  const key = `${accountId}/${region}`;
  let facts = regionFacts.get(key);
  if (!facts) {
    const subnets = new Map<string, string>();
    const east = region === "us-east-1";
    facts = {
      vpcId: `vpc-${hexId(`${key}/vpc`)}`,
      subnet(az) {
        let id = subnets.get(az);
        if (!id) {
          id = `subnet-${hexId(`${key}/${az}`)}`;
          subnets.set(az, id);
        }
        return id;
      },
      groups: [
        { id: `sg-${hexId(`${key}/default`)}`, name: "default" },
        { id: `sg-${hexId(`${key}/app`)}`, name: "app-servers" },
      ],
      profileArn: `arn:aws:iam::${accountId}:instance-profile/app-server-role`,
      profileId: `AIPA${hexId(`${accountId}/profile`).toUpperCase()}`,
      internalDns: east ? "ec2.internal" : `${region}.compute.internal`,
      publicDns: east ? "compute-1.amazonaws.com" : `${region}.compute.amazonaws.com`,
    };
    regionFacts.set(key, facts);
  }
  return facts;
}

export interface InstanceFacts {
  /** 17 hex digits of the instance id (repeated when the id is the short, 8-digit kind). */
  hex: string;
  privateIp: string;
  publicIp?: string;
  macAddress: string;
  /** Odd instances carry a second, data volume and a second security group. */
  odd: boolean;
  arm: boolean;
}

/** Reads two hex digits of `hex` at `at` as a number 0..255. */
const byte = (hex: string, at: number) => Number.parseInt(hex.slice(at, at + 2), 16);

export function instanceFacts(i: SimInstance): InstanceFacts {
  const raw = i.id.slice(2);
  const hex = raw.length >= 17 ? raw : `${raw}${raw}${raw}`.slice(0, 17);
  const odd = (byte(hex, 15) & 1) === 1;
  const live = i.state === "running" || i.state === "pending" || i.state === "stopping";
  return {
    hex,
    privateIp: `10.${16 + (byte(hex, 0) & 15)}.${byte(hex, 2)}.${byte(hex, 4) || 1}`,
    ...(live && (byte(hex, 6) & 1) === 0
      ? { publicIp: `54.${byte(hex, 8) & 127}.${byte(hex, 10)}.${byte(hex, 12) || 1}` }
      : {}),
    macAddress: `0e:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}:${hex.slice(6, 8)}:${hex.slice(8, 10)}`,
    odd,
    // Graviton types (t4g, m7g, c6gn, ...) are arm64.
    arm: /^[a-z]+\d+g/.test(i.instanceType),
  };
}

/** `ip-10-16-2-3` for 10.16.2.3, the host part of EC2's DNS names. */
export const dnsHost = (prefix: string, ip: string) => `${prefix}-${ip.replaceAll(".", "-")}`;

/** A hex id string rotated by `n`: distinct, stable ids for an instance's ENI, volumes, attachment. */
export const rotate = (hex: string, n: number) => `${hex.slice(n)}${hex.slice(0, n)}`;
