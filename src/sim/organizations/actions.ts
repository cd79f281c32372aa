// The Organizations read operations imds needs: ListAccounts, ListAccountsForParent,
// ListChildren, ListOrganizationalUnitsForParent, ListParents, ListRoots, DescribeOrganization,
// DescribeAccount.

import type { SimAccount } from "../accounts/account.js";
import type { OrgTree, OrgUnit, SimAccounts } from "../accounts/accounts.js";
import { page } from "./pages.js";
import { invalidInput, OrgError } from "./protocol.js";

interface OrgContext {
  readonly accounts: SimAccounts;
  readonly org: OrgTree;
}

type Body = Record<string, unknown>;
export type OrgAction = (body: Body, ctx: OrgContext) => unknown;

const PARENT_ID = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/;
const ACCOUNT_ID = /^\d{12}$/;
const CHILD_ID = /^(\d{12}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/;
const SCP_ENABLED = [{ Type: "SERVICE_CONTROL_POLICY", Status: "ENABLED" }];

const arn = (ctx: OrgContext, kind: string, id: string) =>
  `arn:aws:organizations::${ctx.accounts.management.id}:${kind}/${ctx.org.id}/${id}`;

function accountJson(a: SimAccount, ctx: OrgContext) {
  const p = a.profile;
  return {
    Id: a.id,
    Arn: arn(ctx, "account", a.id),
    Email: p.email,
    Name: p.name,
    Status: a.status,
    State: a.status,
    JoinedMethod: p.joinedMethod,
    JoinedTimestamp: p.joinedAt / 1000,
  };
}

const ouJson = (ou: OrgUnit, ctx: OrgContext) => ({ Id: ou.id, Arn: arn(ctx, "ou", ou.id), Name: ou.name });

/** A required member, or InvalidInputException as AWS answers when it is missing (guess: the reason). */
function required(body: Body, name: string, pattern: RegExp): string {
  const value = body[name];
  if (value === undefined || value === null)
    throw invalidInput("INPUT_REQUIRED", `You must specify a value for ${name}.`);
  if (typeof value !== "string" || !pattern.test(value))
    throw invalidInput("INVALID_PATTERN", `You specified a value for ${name} that is not valid.`);
  return value;
}

function parentOf(body: Body, ctx: OrgContext): string {
  const id = required(body, "ParentId", PARENT_ID);
  if (!ctx.accounts.isParent(id))
    throw new OrgError(
      "ParentNotFoundException",
      "We can't find a root or OU with the ParentId that you specified.",
    );
  return id;
}

function listed<T, J>(all: readonly T[], body: Body, scope: string, key: string, json: (t: T) => J) {
  const { items, NextToken } = page(all, body, scope);
  return { [key]: items.map(json), ...(NextToken ? { NextToken } : {}) };
}

export const ORG_ACTIONS: Record<string, OrgAction> = {
  ListAccounts: (body, ctx) =>
    listed(ctx.accounts.list(), body, "ListAccounts", "Accounts", (a) => accountJson(a, ctx)),
  ListAccountsForParent: (body, ctx) => {
    const parent = parentOf(body, ctx);
    const all = ctx.accounts.accountsUnder(parent);
    return listed(all, body, `ListAccountsForParent/${parent}`, "Accounts", (a) => accountJson(a, ctx));
  },
  ListChildren: (body, ctx) => {
    const parent = parentOf(body, ctx);
    const type = body.ChildType;
    if (type === undefined || type === null)
      throw invalidInput("INPUT_REQUIRED", "You must specify a value for ChildType.");
    if (type !== "ACCOUNT" && type !== "ORGANIZATIONAL_UNIT")
      throw invalidInput("INVALID_ENUM", "You specified an invalid value for ChildType.");
    const ids =
      type === "ACCOUNT"
        ? ctx.accounts.accountsUnder(parent).map((a) => a.id)
        : ctx.accounts.ousUnder(parent).map((ou) => ou.id);
    return listed(ids, body, `ListChildren/${type}/${parent}`, "Children", (Id) => ({ Id, Type: type }));
  },
  ListOrganizationalUnitsForParent: (body, ctx) => {
    const parent = parentOf(body, ctx);
    const all = ctx.accounts.ousUnder(parent);
    return listed(all, body, `ListOrganizationalUnitsForParent/${parent}`, "OrganizationalUnits", (ou) =>
      ouJson(ou, ctx),
    );
  },
  ListRoots: (body, ctx) =>
    listed([ctx.org.root], body, "ListRoots", "Roots", (r) => ({
      Id: r.id,
      Arn: arn(ctx, "root", r.id),
      Name: r.name,
      PolicyTypes: SCP_ENABLED,
    })),
  DescribeOrganization: (_body, ctx) => {
    const m = ctx.accounts.management;
    return {
      Organization: {
        Id: ctx.org.id,
        Arn: `arn:aws:organizations::${m.id}:organization/${ctx.org.id}`,
        FeatureSet: "ALL",
        MasterAccountArn: arn(ctx, "account", m.id),
        MasterAccountId: m.id,
        MasterAccountEmail: m.profile.email,
        AvailablePolicyTypes: SCP_ENABLED,
      },
    };
  },
  ListParents: (body, ctx) => {
    const id = required(body, "ChildId", CHILD_ID);
    const parent = ctx.accounts.get(id)?.profile.parent ?? ctx.org.ous.find((ou) => ou.id === id)?.parent;
    if (parent === undefined)
      throw new OrgError(
        "ChildNotFoundException",
        "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.",
      );
    const Type = parent === ctx.org.root.id ? "ROOT" : "ORGANIZATIONAL_UNIT";
    return listed([parent], body, `ListParents/${id}`, "Parents", (Id) => ({ Id, Type }));
  },
  DescribeAccount: (body, ctx) => {
    const account = ctx.accounts.get(required(body, "AccountId", ACCOUNT_ID));
    if (!account)
      throw new OrgError(
        "AccountNotFoundException",
        "We can't find an AWS account with the AccountId that you specified, or the account whose credentials you used to make this request isn't a member of an organization.",
      );
    return { Account: accountJson(account, ctx) };
  },
};
