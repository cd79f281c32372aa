// `"generate": { "accounts": 500, "regions": 17, "instancesPerRegion": 20 }`: member accounts made
// from a seed. Their profiles are made at start (cheap); each one's regions and instances only
// when the account is first used. The same spec always gives the same ids, names and instances.

import { DEFAULT_REGIONS, OPT_IN_REGIONS } from "../regions.js";
import { hash } from "../scenario/generate.js";
import type {
  AccountContentSpec,
  AccountSpec,
  MixEntry,
  OrgGenerateSpec,
  RegionSpec,
} from "../scenario/types.js";
import type { OrgUnit } from "./accounts.js";

const DEFAULT_MIX: MixEntry[] = [
  { weight: 5, httpTokens: "optional", tags: { env: ["prod", "dev"] } },
  { weight: 4, httpTokens: "required", httpPutResponseHopLimit: 2, tags: { env: "prod" } },
  { weight: 1, state: "stopped", httpTokens: "optional", tags: { env: "dev" } },
];

/** `n` lowercase letters and digits derived from `text`. */
export function slug(text: string, n: number): string {
  let out = "";
  for (let i = 0; out.length < n; i++) out += hash(`${text}#${i}`).toString(36);
  return out.slice(0, n);
}

export interface GeneratedOrg {
  accounts: AccountSpec[];
  ous: OrgUnit[];
}

/** The generated accounts' profiles and the OUs they are spread over; ids avoid `taken`. */
export function generateMembers(
  spec: OrgGenerateSpec,
  root: string,
  taken: ReadonlySet<string>,
): GeneratedOrg {
  const seed = spec.seed ?? 1;
  const rootSlug = root.slice(2);
  const ous: OrgUnit[] = Array.from({ length: spec.ous ?? 0 }, (_, i) => ({
    id: `ou-${rootSlug}-${slug(`${seed}/ou/${i}`, 8)}`,
    name: `OU-${String(i + 1).padStart(2, "0")}`,
    parent: root,
  }));
  const used = new Set(taken);
  const accounts: AccountSpec[] = [];
  for (let i = 0; i < spec.accounts; i++) {
    let id = "";
    for (let attempt = 0; id === "" || used.has(id); attempt++) {
      const hi = 100_000 + (hash(`${seed}/account/${i}/${attempt}/hi`) % 900_000);
      const lo = hash(`${seed}/account/${i}/${attempt}/lo`) % 1_000_000;
      id = `${hi}${String(lo).padStart(6, "0")}`;
    }
    used.add(id);
    const name = `gen-${String(i + 1).padStart(4, "0")}`;
    const parent = ous.length > 0 ? (ous[i % ous.length] as OrgUnit).id : root;
    accounts.push({ id, name, email: `${name}@example.com`, parent });
  }
  return { accounts, ous };
}

/**
 * A generated account's regions: the first `regions` of the 17 default regions, then opt-in
 * ones; about a third of them with the account default at IMDSv2; `instancesPerRegion` each.
 */
export function generatedContent(spec: OrgGenerateSpec, accountId: string): AccountContentSpec {
  const count = spec.regions ?? DEFAULT_REGIONS.length;
  const names = [...DEFAULT_REGIONS, ...OPT_IN_REGIONS].slice(0, count);
  const base: RegionSpec = {
    generate: [
      {
        count: spec.instancesPerRegion ?? 20,
        seed: hash(`${spec.seed ?? 1}/${accountId}`),
        mix: spec.mix ?? DEFAULT_MIX,
      },
    ],
  };
  const regions: Record<string, RegionSpec> = { "*": base };
  for (const name of names) {
    if (hash(`${accountId}/${name}/defaults`) % 3 === 0)
      regions[name] = { defaults: { httpTokens: "required", httpPutResponseHopLimit: 2 } };
  }
  return { optedInRegions: OPT_IN_REGIONS.slice(0, Math.max(0, count - DEFAULT_REGIONS.length)), regions };
}
