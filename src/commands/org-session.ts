// What every organization run does first: who the caller is, which accounts are in scope (from
// Organizations, --ou, --accounts or --accounts-file; minus exclusions; this --shard's), and how to
// reach each of them. Listing failures are data (the run goes on with what was listed).
import { readFileSync } from "node:fs";
import type { OrganizationsClient } from "@aws-sdk/client-organizations";
import type { AwsOptions, Clients, OrgClients, RoleAccess } from "../aws/clients.js";
import { createOrgClients } from "../aws/clients.js";
import { classifyKind, errorCode, errorKind } from "../aws/errors.js";
import {
  describeOrganization,
  type ListingFailure,
  listAccounts,
  listAccountsUnder,
} from "../aws/organizations.js";
import { type AccountRef, parseAccountsFile, type SkippedAccount, selectAccounts } from "../core/accounts.js";
import type { AccountSource, OrgError, Selection } from "../core/org-types.js";
import { roleTemplate } from "../core/org-verdict.js";
import { checkRegionNames, type ScopeRequest } from "../core/scope.js";
import { inShard, type Shard } from "../core/shard.js";
import { echo, firstLine } from "../core/text.js";
import type { AccountClients } from "../engine/by-account.js";
import type { AccountAccess } from "../engine/per-account.js";
import { UsageError } from "../errors.js";
import { identify } from "./session.js";

/** How to reach member accounts: every command that can act across an organization. */
export interface AccessOptions {
  roleName: string;
  /** An ARN with `{account}` for each account id; overrides roleName. */
  roleArn?: string | undefined;
  externalId?: string | undefined;
  maxAccounts: number;
}

/** Which accounts, and how to reach them: what --org and its companions ask for. */
export interface OrgRunOptions extends AccessOptions {
  source: AccountSource;
  ous: string[];
  accounts?: string[] | undefined;
  accountsFile?: string | undefined;
  excludeAccounts: string[];
  shard?: Shard | undefined;
  scpDeniedAsExcluded: boolean;
}

export interface OrgSession {
  caller: { id: string; arn?: string };
  callerClients: Clients;
  organization?: { id: string; managementAccount: string };
  /** The accounts to cover, in id order. */
  accounts: AccountRef[];
  skipped: SkippedAccount[];
  errors: OrgError[];
  selection: Selection;
  access: AccountAccess;
  roles: RoleAccess;
}

/** The caller may not use Organizations at all: bad input for this run, exit 2. */
function refuse(err: unknown, what: string): never {
  const code = errorCode(err);
  if (code === "AWSOrganizationsNotInUseException") {
    throw new UsageError(
      `${what}: the caller's account is not in an organization (${code}): name the accounts with --accounts or --accounts-file`,
    );
  }
  throw new UsageError(
    `${what} was denied (${code}): run from the organization's management account or a delegated administrator, or name the accounts with --accounts or --accounts-file`,
  );
}

const REFUSALS = new Set(["AWSOrganizationsNotInUseException", "AccessDeniedException", "AccessDenied"]);

function orgError(f: ListingFailure, region: string): OrgError {
  const code = errorCode(f.error);
  if (REFUSALS.has(code)) refuse(f.error, f.action);
  if (code === "ParentNotFoundException" || code === "TargetNotFoundException") {
    throw new UsageError(`--ou ${f.parent}: not an OU or root of this organization (${code})`);
  }
  const kind = errorKind(f.error) === "throttled" ? "org-throttled" : errorKind(f.error);
  const { part: _part, ...e } = classifyKind(kind, f.error, "defaults", f.action, { region });
  const hint =
    kind === "org-throttled"
      ? "Organizations kept throttling after retries: run again later, or list the accounts once (aws organizations list-accounts > accounts.json) and pass --accounts-file accounts.json"
      : e.hint;
  return { ...e, hint, ...(f.parent === "" ? {} : { parent: f.parent }), message: firstLine(f.error) };
}

async function fromOrganizations(org: OrganizationsClient, opts: OrgRunOptions, region: string) {
  let organization: { id: string; managementAccount: string } | undefined;
  try {
    organization = await describeOrganization(org);
  } catch (err) {
    if (REFUSALS.has(errorCode(err))) refuse(err, "organizations:DescribeOrganization");
    // Only the report's heading needs it; the accounts can still be listed.
  }
  const listed: AccountRef[] = [];
  const failures: ListingFailure[] = [];
  if (opts.source === "ou") {
    for (const ou of opts.ous) {
      const under = await listAccountsUnder(org, ou);
      listed.push(...under.accounts);
      failures.push(...under.failures);
    }
  } else {
    try {
      listed.push(...(await listAccounts(org)));
    } catch (error) {
      failures.push({ parent: "", action: "organizations:ListAccounts", error });
    }
  }
  return { organization, listed, errors: failures.map((f) => orgError(f, region)) };
}

function readAccountsFile(path: string): AccountRef[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new UsageError(`--accounts-file ${echo(path)}: cannot read it (${firstLine(err)})`);
  }
  return parseAccountsFile(text, path);
}

function selectionOf(opts: OrgRunOptions, scope: ScopeRequest, role: string): Selection {
  return {
    source: opts.source,
    ...(opts.source === "ou" ? { ous: [...opts.ous] } : {}),
    ...(opts.accounts ? { accounts: [...opts.accounts] } : {}),
    ...(opts.accountsFile ? { file: opts.accountsFile } : {}),
    ...(opts.excludeAccounts.length ? { excluded: [...opts.excludeAccounts].sort() } : {}),
    ...(scope.regions?.length && !scope.allRegions ? { regions: [...scope.regions] } : {}),
    ...(scope.excludeRegions?.length ? { excludeRegions: [...scope.excludeRegions] } : {}),
    role,
    ...(opts.shard ? { shard: opts.shard } : {}),
  };
}

function accessFor(clients: OrgClients, roles: RoleAccess, callerId: string, role: string): AccountAccess {
  return {
    callerId,
    roleArn: (account) => role.replaceAll("{account}", account),
    clientsFor: (account) => (account === callerId ? clients.callerIn(account) : roles.member(account)),
    enter: (account) => roles.enter(account),
    leave: (account) => roles.leave(account),
  };
}

/**
 * Each account's clients while a change stage works in it, let go when it is done (credentials stay
 * cached); the caller's account when none is named.
 */
export function accountClients(session: Pick<OrgSession, "access" | "caller">): AccountClients {
  const made = new Map<string, Clients>();
  return {
    get(account) {
      const id = account ?? session.caller.id;
      let clients = made.get(id);
      if (!clients) {
        clients = session.access.clientsFor(id);
        made.set(id, clients);
      }
      return clients;
    },
    release(account) {
      made.delete(account ?? session.caller.id);
    },
  };
}

/** The caller, and member accounts reachable through the role: rollback and watch of a journal. */
export async function openAccess(aws: AwsOptions, opts: AccessOptions, scope: ScopeRequest, command: string) {
  const clients = await createOrgClients(aws);
  const { account: caller, all } = await identify(clients.caller, aws, scope);
  checkRegionNames(all, scope);
  const partition = caller.arn?.split(":")[1] ?? "aws";
  const role = opts.roleArn ?? roleTemplate(opts.roleName, partition);
  const roles = clients.withRole({
    arnTemplate: role,
    externalId: opts.externalId,
    sessionName: `imds-${command}`,
  });
  return { clients, caller, role, roles, access: accessFor(clients, roles, caller.id, role) };
}

export async function openOrgSession(
  aws: AwsOptions,
  opts: OrgRunOptions,
  scope: ScopeRequest,
  command: string,
): Promise<OrgSession> {
  const listedByHand =
    opts.source === "accounts-file" ? readAccountsFile(opts.accountsFile ?? "") : undefined;
  const { clients, caller, role, roles, access } = await openAccess(aws, opts, scope, command);
  const listing =
    opts.source === "org" || opts.source === "ou"
      ? await fromOrganizations(clients.organizations(), opts, clients.caller.homeRegion)
      : {
          organization: undefined,
          listed: listedByHand ?? (opts.accounts ?? []).map((id) => ({ id })),
          errors: [],
        };
  const selected = selectAccounts(listing.listed, opts.excludeAccounts);
  return {
    caller,
    callerClients: clients.caller,
    ...(listing.organization ? { organization: listing.organization } : {}),
    accounts: selected.accounts.filter((a) => inShard(a.id, opts.shard)),
    skipped: selected.skipped.filter((a) => inShard(a.id, opts.shard)),
    errors: listing.errors,
    selection: selectionOf(opts, scope, role),
    access,
    roles,
  };
}
