// Checks the organization part of a scenario: `accounts`, `organization` and `generate`, and how
// they fit together (unique ids, parents that exist, the management account's own rules).

import { array, fail, integer, type Json, object, oneOf, optional, ScenarioError, string } from "./check.js";
import {
  ACCOUNT_STATUSES,
  type AccountSpec,
  ASSUME_ROLE_OUTCOMES,
  JOINED_METHODS,
  type OrganizationSpec,
  type OrgGenerateSpec,
  type Scenario,
} from "./types.js";
import {
  ACCOUNT_CONTENT_KEYS,
  accountContent,
  assign,
  list,
  mixEntry,
  regionName,
} from "./validate-account.js";

export const ORG_KEYS = ["accounts", "organization", "generate"] as const;

const ACCOUNT_ID = /^\d{12}$/;
const ROOT_ID = /^r-[0-9a-z]{4,32}$/;
const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
const ORG_ID = /^o-[a-z0-9]{10,32}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

const accountId = (v: unknown, p: string) => string(v, p, ACCOUNT_ID, "a 12-digit account id");
const parentId = (v: unknown, p: string) =>
  string(
    v,
    p,
    /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/,
    "a root id (r-...) or an OU id (ou-...)",
  );
const strings =
  <T>(check: (v: unknown, p: string) => T) =>
  (v: unknown, p: string) =>
    array(v, p).map((item, i) => check(item, `${p}[${i}]`));

function account(value: unknown, path: string): AccountSpec {
  const json = object(value, path, [
    "id",
    "name",
    "email",
    "status",
    "parent",
    "joinedMethod",
    "assumeRole",
    "roles",
    "externalId",
    "scpDeniedRegions",
    "suspendAfterCalls",
    ...ACCOUNT_CONTENT_KEYS,
  ]);
  const out: AccountSpec = {
    id: accountId(json.id, `${path}.id`),
    name: string(json.name, `${path}.name`, /^.{1,128}$/s, "a name of 1 to 128 characters"),
    email: string(json.email, `${path}.email`, EMAIL, "an email address"),
    ...accountContent(json, path),
  };
  assign(
    out,
    "status",
    optional(json, "status", path, (v, p) => oneOf(v, p, ACCOUNT_STATUSES)),
  );
  assign(out, "parent", optional(json, "parent", path, parentId));
  assign(
    out,
    "joinedMethod",
    optional(json, "joinedMethod", path, (v, p) => oneOf(v, p, JOINED_METHODS)),
  );
  assign(
    out,
    "assumeRole",
    optional(json, "assumeRole", path, (v, p) => oneOf(v, p, ASSUME_ROLE_OUTCOMES)),
  );
  const roleName = (v: unknown, p: string) => string(v, p, ROLE_NAME, "an IAM role name");
  assign(out, "roles", optional(json, "roles", path, strings(roleName)));
  assign(
    out,
    "externalId",
    optional(json, "externalId", path, (v, p) => string(v, p, EXTERNAL_ID)),
  );
  assign(out, "scpDeniedRegions", optional(json, "scpDeniedRegions", path, strings(regionName)));
  const calls = (v: unknown, p: string) => integer(v, p, 0, 1_000_000_000);
  assign(out, "suspendAfterCalls", optional(json, "suspendAfterCalls", path, calls));
  return out;
}

function organization(value: unknown, path: string): OrganizationSpec {
  const json = object(value, path, ["id", "managementAccount", "roots", "ous", "delegatedAdministrators"]);
  const out: OrganizationSpec = {};
  assign(
    out,
    "id",
    optional(json, "id", path, (v, p) => string(v, p, ORG_ID, "an organization id like o-a1b2c3d4e5")),
  );
  assign(out, "managementAccount", optional(json, "managementAccount", path, accountId));
  const roots = list(json, "roots", path, (v, p) => {
    const root = object(v, p, ["id", "name"]);
    const r: { id: string; name?: string } = {
      id: string(root.id, `${p}.id`, ROOT_ID, "a root id like r-a1b2"),
    };
    assign(r, "name", optional(root, "name", p, string));
    return r;
  });
  if (roots && roots.length !== 1)
    fail(`${path}.roots`, "a list of exactly one root (AWS allows one)", json.roots);
  assign(out, "roots", roots);
  const ous = list(json, "ous", path, (v, p) => {
    const ou = object(v, p, ["id", "name", "parent"]);
    return {
      id: string(ou.id, `${p}.id`, OU_ID, "an OU id like ou-a1b2-c3d4e5f6"),
      name: string(ou.name, `${p}.name`, /^.{1,128}$/s, "a name of 1 to 128 characters"),
      parent: parentId(ou.parent, `${p}.parent`),
    };
  });
  assign(out, "ous", ous);
  assign(out, "delegatedAdministrators", optional(json, "delegatedAdministrators", path, strings(accountId)));
  return out;
}

function generate(value: unknown, path: string): OrgGenerateSpec {
  const json = object(value, path, ["accounts", "regions", "instancesPerRegion", "seed", "ous", "mix"]);
  const out: OrgGenerateSpec = { accounts: integer(json.accounts, `${path}.accounts`, 0, 10_000) };
  assign(
    out,
    "regions",
    optional(json, "regions", path, (v, p) => integer(v, p, 1, 34)),
  );
  assign(
    out,
    "instancesPerRegion",
    optional(json, "instancesPerRegion", path, (v, p) => integer(v, p, 0, 100_000)),
  );
  assign(
    out,
    "seed",
    optional(json, "seed", path, (v, p) => integer(v, p, 0, 2 ** 32 - 1)),
  );
  assign(
    out,
    "ous",
    optional(json, "ous", path, (v, p) => integer(v, p, 0, 1000)),
  );
  const mix = list(json, "mix", path, mixEntry);
  if (mix && !mix.some((m) => (m.weight ?? 1) > 0))
    fail(`${path}.mix`, "an array with a positive weight", json.mix);
  assign(out, "mix", mix);
  return out;
}

/** Parents exist, OUs form a tree, ids are unique, one root. */
function checkTree(scenario: Scenario, path: string): void {
  const org = scenario.organization ?? {};
  const declared = new Set((org.roots ?? []).map((r) => r.id));
  const ous = new Map((org.ous ?? []).map((ou) => [ou.id, ou]));
  if (ous.size !== (org.ous ?? []).length)
    throw new ScenarioError(`${path}.organization.ous: OU ids must be unique`);
  const named = new Set<string>();
  const check = (parent: string | undefined, p: string) => {
    if (parent === undefined || ous.has(parent) || declared.has(parent)) return;
    if (declared.size > 0 || !ROOT_ID.test(parent))
      throw new ScenarioError(`${p}: no root or OU ${parent} in the organization`);
    named.add(parent);
    if (named.size > 1)
      throw new ScenarioError(`${p}: a second root ${parent}; an organization has one root`);
  };
  (org.ous ?? []).forEach((ou, i) => {
    const p = `${path}.organization.ous[${i}].parent`;
    check(ou.parent, p);
    const seen = new Set<string>();
    for (let at = ous.get(ou.parent); at; at = ous.get(at.parent)) {
      if (seen.has(at.id) || at.id === ou.id)
        throw new ScenarioError(`${p}: OUs form a cycle through ${at.id}`);
      seen.add(at.id);
    }
  });
  (scenario.accounts ?? []).forEach((a, i) => {
    check(a.parent, `${path}.accounts[${i}].parent`);
  });
}

/** The management account: the scenario's `accountId`, listed in `accounts` or described at the top level. */
function checkManagement(scenario: Scenario, path: string): void {
  const id = scenario.accountId;
  const org = scenario.organization;
  if (org?.managementAccount !== undefined && org.managementAccount !== id)
    throw new ScenarioError(`${path}.organization.managementAccount: must be the scenario's accountId ${id}`);
  const ids = new Set<string>();
  (scenario.accounts ?? []).forEach((a, i) => {
    const p = `${path}.accounts[${i}]`;
    if (ids.has(a.id)) throw new ScenarioError(`${p}.id: account ${a.id} is listed twice`);
    ids.add(a.id);
    if (a.id !== id) return;
    const top = ACCOUNT_CONTENT_KEYS.find((k) => scenario[k] !== undefined);
    if (top)
      throw new ScenarioError(
        `${path}.${top}: the management account ${id} is listed in ${path}.accounts; describe it there`,
      );
    if (a.scpDeniedRegions)
      throw new ScenarioError(
        `${p}.scpDeniedRegions: service control policies never apply to the management account`,
      );
    if (a.suspendAfterCalls !== undefined || (a.status ?? "ACTIVE") !== "ACTIVE")
      throw new ScenarioError(`${p}: the management account stays ACTIVE (no status, no suspendAfterCalls)`);
  });
  (org?.delegatedAdministrators ?? []).forEach((d, i) => {
    if (!ids.has(d) || d === id)
      throw new ScenarioError(
        `${path}.organization.delegatedAdministrators[${i}]: ${d} is not a member account listed in ${path}.accounts`,
      );
  });
}

/** Adds the organization part of `json` to `scenario` (nothing for a single-account scenario). */
export function organizationPart(json: Json, path: string, scenario: Scenario): Scenario {
  assign(scenario, "accounts", list(json, "accounts", path, account));
  assign(scenario, "organization", optional(json, "organization", path, organization));
  assign(scenario, "generate", optional(json, "generate", path, generate));
  checkManagement(scenario, path);
  checkTree(scenario, path);
  return scenario;
}
