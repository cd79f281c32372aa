// Turns a validated scenario into the accounts the simulator serves: the management account (the
// scenario's accountId), listed members, generated members, and the organization around them.

import type { SimClock } from "../clock.js";
import { hash } from "../scenario/generate.js";
import type { AccountContentSpec, AccountSpec, Scenario } from "../scenario/types.js";
import { type AccountProfile, SimAccount } from "./account.js";
import { type OrgTree, SimAccounts } from "./accounts.js";
import { generatedContent, generateMembers, slug } from "./generate.js";

const DAY = 86_400_000;
const JOINED_BASE = Date.UTC(2020, 0, 1);

function profileOf(spec: AccountSpec, root: string, management: boolean): AccountProfile {
  return {
    id: spec.id,
    name: spec.name,
    email: spec.email,
    parent: spec.parent ?? root,
    joinedMethod: spec.joinedMethod ?? (management ? "INVITED" : "CREATED"),
    joinedAt: management ? JOINED_BASE - 200 * DAY : JOINED_BASE + (hash(spec.id) % 1500) * DAY,
    assumeRole: spec.assumeRole ?? "ok",
    ...(spec.roles ? { roles: spec.roles } : {}),
    ...(spec.externalId !== undefined ? { externalId: spec.externalId } : {}),
    scpDeniedRegions: new Set(spec.scpDeniedRegions ?? []),
    ...(spec.suspendAfterCalls !== undefined ? { suspendAfterCalls: spec.suspendAfterCalls } : {}),
  };
}

function isOrganization(scenario: Scenario): boolean {
  return (
    scenario.accounts !== undefined || scenario.organization !== undefined || scenario.generate !== undefined
  );
}

function orgTree(scenario: Scenario): OrgTree {
  const org = scenario.organization ?? {};
  const id = org.id ?? `o-${slug(`org/${scenario.accountId}`, 10)}`;
  const named = [...(org.ous ?? []).map((o) => o.parent), ...(scenario.accounts ?? []).map((a) => a.parent)];
  const rootId = org.roots?.[0]?.id ?? named.find((p) => p?.startsWith("r-")) ?? `r-${slug(id, 4)}`;
  return {
    id,
    root: { id: rootId, name: org.roots?.[0]?.name ?? "Root" },
    ous: org.ous ?? [],
    delegatedAdministrators: new Set(org.delegatedAdministrators ?? []),
  };
}

export function buildAccounts(scenario: Scenario, clock: SimClock, startedAt = Date.now()): SimAccounts {
  const tree = isOrganization(scenario) ? orgTree(scenario) : undefined;
  const root = tree?.root.id ?? "";
  const make = (spec: AccountSpec, content: () => AccountContentSpec) =>
    new SimAccount(
      profileOf(spec, root, spec.id === scenario.accountId),
      spec.status ?? "ACTIVE",
      () => ({ accountId: spec.id, ...content() }),
      startedAt,
    );
  const listed = scenario.accounts ?? [];
  const own = listed.find((a) => a.id === scenario.accountId);
  const top: AccountContentSpec = {
    ...(scenario.optedInRegions ? { optedInRegions: scenario.optedInRegions } : {}),
    ...(scenario.regions ? { regions: scenario.regions } : {}),
    ...(scenario.denied ? { denied: scenario.denied } : {}),
  };
  const management = own
    ? make(own, () => own)
    : make(
        { id: scenario.accountId, name: "management", email: `management+${scenario.accountId}@example.com` },
        () => top,
      );
  const members = listed.filter((a) => a !== own).map((a) => make(a, () => a));
  const spec = scenario.generate;
  const generated = spec
    ? generateMembers(spec, root, new Set([scenario.accountId, ...listed.map((a) => a.id)]))
    : { accounts: [], ous: [] };
  const made = generated.accounts.map((a) => make(a, () => generatedContent(spec ?? { accounts: 0 }, a.id)));
  const organization = tree && { ...tree, ous: [...tree.ous, ...generated.ous] };
  return new SimAccounts(management, [management, ...members, ...made], organization, clock);
}
