// Thin adapters over AWS Organizations (a global service: the us-east-1 endpoint, AWS JSON 1.1).
// Callable from the management account or a delegated administrator. Pages hold at most 20 items
// (the APIs' MaxResults limit); pages are read one after another, so imds never bursts the API.
import {
  DescribeOrganizationCommand,
  type OrganizationsClient,
  paginateListAccounts,
  paginateListAccountsForParent,
  paginateListChildren,
} from "@aws-sdk/client-organizations";
import { type AccountRef, accountFromListing } from "../core/accounts.js";

/** Organizations' largest page for ListAccounts, ListAccountsForParent and ListChildren. */
const PAGE = 20;

export interface OrganizationInfo {
  id: string;
  managementAccount: string;
}

export async function describeOrganization(org: OrganizationsClient): Promise<OrganizationInfo> {
  const out = await org.send(new DescribeOrganizationCommand({}));
  return { id: out.Organization?.Id ?? "", managementAccount: out.Organization?.MasterAccountId ?? "" };
}

export async function listAccounts(org: OrganizationsClient): Promise<AccountRef[]> {
  const out: AccountRef[] = [];
  for await (const page of paginateListAccounts({ client: org, pageSize: PAGE }, {})) {
    for (const a of page.Accounts ?? []) out.push(accountFromListing(a, "organizations:ListAccounts"));
  }
  return out;
}

async function accountsIn(org: OrganizationsClient, parentId: string): Promise<AccountRef[]> {
  const out: AccountRef[] = [];
  const pages = paginateListAccountsForParent({ client: org, pageSize: PAGE }, { ParentId: parentId });
  for await (const page of pages) {
    for (const a of page.Accounts ?? [])
      out.push(accountFromListing(a, "organizations:ListAccountsForParent"));
  }
  return out;
}

async function childOus(org: OrganizationsClient, parentId: string): Promise<string[]> {
  const out: string[] = [];
  const pages = paginateListChildren(
    { client: org, pageSize: PAGE },
    { ParentId: parentId, ChildType: "ORGANIZATIONAL_UNIT" },
  );
  for await (const page of pages) for (const c of page.Children ?? []) if (c.Id) out.push(c.Id);
  return out;
}

/** A listing that failed part-way: which parent (for --ou), which action, and AWS's error. */
export interface ListingFailure {
  parent: string;
  action: string;
  error: unknown;
}

/**
 * Every account under an OU (or the root), in its child OUs too, walked breadth first. A parent
 * whose listing fails is a failure (data), and the walk goes on with the others.
 */
export async function listAccountsUnder(
  org: OrganizationsClient,
  parentId: string,
): Promise<{ accounts: AccountRef[]; failures: ListingFailure[] }> {
  const accounts: AccountRef[] = [];
  const failures: ListingFailure[] = [];
  const queue = [parentId];
  for (let parent = queue.shift(); parent !== undefined; parent = queue.shift()) {
    try {
      accounts.push(...(await accountsIn(org, parent)));
    } catch (error) {
      failures.push({ parent, action: "organizations:ListAccountsForParent", error });
    }
    try {
      queue.push(...(await childOus(org, parent)));
    } catch (error) {
      failures.push({ parent, action: "organizations:ListChildren", error });
    }
  }
  return { accounts, failures };
}
