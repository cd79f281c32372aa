// The rules across an organization scenario's fields: unique account ids, the management account's
// own rules, parents that exist, OUs that form a tree under one root. Pure: the first problem, as
// the keys to the bad value and a sentence.

import type { Key } from "../../schemas/problem.js";

const ROOT_ID = /^r-[0-9a-z]{4,32}$/;
const CONTENT_KEYS = ["optedInRegions", "regions", "denied"] as const;

interface Member {
  id: string;
  parent?: string;
  status?: string;
  scpDeniedRegions?: unknown;
  suspendAfterCalls?: number;
}

interface OrgInput {
  accountId: string;
  optedInRegions?: unknown;
  regions?: unknown;
  denied?: unknown;
  accounts?: readonly Member[];
  organization?: {
    managementAccount?: string;
    roots?: readonly { id: string }[];
    ous?: readonly { id: string; parent: string }[];
    delegatedAdministrators?: readonly string[];
  };
}

export interface OrgProblem {
  path: Key[];
  message: string;
}

function management(s: OrgInput): OrgProblem | undefined {
  const id = s.accountId;
  const given = s.organization?.managementAccount;
  if (given !== undefined && given !== id)
    return { path: ["organization", "managementAccount"], message: `must be the scenario's accountId ${id}` };
  const seen = new Set<string>();
  for (const [i, a] of (s.accounts ?? []).entries()) {
    if (seen.has(a.id)) return { path: ["accounts", i, "id"], message: `account ${a.id} is listed twice` };
    seen.add(a.id);
    if (a.id !== id) continue;
    const top = CONTENT_KEYS.find((k) => s[k] !== undefined);
    if (top)
      return {
        path: [top],
        message: `the management account ${id} is listed in scenario.accounts; describe it there`,
      };
    if (a.scpDeniedRegions !== undefined)
      return {
        path: ["accounts", i, "scpDeniedRegions"],
        message: "service control policies never apply to the management account",
      };
    if (a.suspendAfterCalls !== undefined || (a.status ?? "ACTIVE") !== "ACTIVE")
      return {
        path: ["accounts", i],
        message: "the management account stays ACTIVE (no status, no suspendAfterCalls)",
      };
  }
  for (const [i, d] of (s.organization?.delegatedAdministrators ?? []).entries()) {
    if (!seen.has(d) || d === id)
      return {
        path: ["organization", "delegatedAdministrators", i],
        message: `${d} is not a member account listed in scenario.accounts`,
      };
  }
  return undefined;
}

function tree(s: OrgInput): OrgProblem | undefined {
  const org = s.organization ?? {};
  const declared = new Set((org.roots ?? []).map((r) => r.id));
  const ous = new Map((org.ous ?? []).map((ou) => [ou.id, ou]));
  if (ous.size !== (org.ous ?? []).length)
    return { path: ["organization", "ous"], message: "OU ids must be unique" };
  const named = new Set<string>();
  const unknownParent = (parent: string | undefined): string | undefined => {
    if (parent === undefined || ous.has(parent) || declared.has(parent)) return undefined;
    if (declared.size > 0 || !ROOT_ID.test(parent)) return `no root or OU ${parent} in the organization`;
    named.add(parent);
    return named.size > 1 ? `a second root ${parent}; an organization has one root` : undefined;
  };
  for (const [i, ou] of (org.ous ?? []).entries()) {
    const path = ["organization", "ous", i, "parent"];
    const bad = unknownParent(ou.parent);
    if (bad) return { path, message: bad };
    const seen = new Set<string>();
    for (let at = ous.get(ou.parent); at; at = ous.get(at.parent)) {
      if (seen.has(at.id) || at.id === ou.id) return { path, message: `OUs form a cycle through ${at.id}` };
      seen.add(at.id);
    }
  }
  for (const [i, a] of (s.accounts ?? []).entries()) {
    const bad = unknownParent(a.parent);
    if (bad) return { path: ["accounts", i, "parent"], message: bad };
  }
  return undefined;
}

export function orgProblem(scenario: OrgInput): OrgProblem | undefined {
  return management(scenario) ?? tree(scenario);
}
