// The organization fan-out: each account entered (sts:AssumeRole, or the caller's own keys in the
// caller's account), its own enabled regions listed, then the work done in it, at most
// `maxAccounts` accounts at once, every call under the one shared limiter. Never rejects: an
// account that cannot be entered or listed is an outcome with its own kind and hint, and the
// others go on.
import pLimit from "p-limit";
import type { Clients } from "../aws/clients.js";
import { classify, classifyKind, errorKind } from "../aws/errors.js";
import type { AccountRef } from "../core/accounts.js";
import { reclassifyForAccount } from "../core/org-account.js";
import type { AccountError } from "../core/org-types.js";
import { accountScope, type RegionInfo, type ScopeRequest } from "../core/scope.js";

/** How an organization run reaches its accounts. */
export interface AccountAccess {
  callerId: string;
  /** The role ARN assumed in an account, for hints. */
  roleArn(account: string): string;
  /** Clients acting in the account (the caller's own, in the caller's account). */
  clientsFor(account: string): Clients;
  /** Fetches the account's credentials (sts:AssumeRole); the caller's account needs none. */
  enter(account: string): Promise<void>;
  leave(account: string): void;
}

export interface EnteredAccount {
  ref: AccountRef;
  clients: Clients;
  /** The account's own enabled regions in scope, sorted. */
  regions: string[];
  /** Regions named with --regions that the account has not enabled. */
  notEnabled: string[];
}

export type AccountOutcome<T> =
  | { ref: AccountRef; ok: true; entered: EnteredAccount; value: T }
  | { ref: AccountRef; ok: false; error: AccountError };

export interface PerAccountOptions {
  /** Accounts in flight at once (--max-accounts). */
  maxAccounts: number;
  scope: ScopeRequest;
  /** Keep each account's credentials after its work (a change run comes back to apply and verify). */
  keepCredentials?: boolean;
}

const ASSUME = { part: "defaults", action: "sts:AssumeRole" } as const;
const REGIONS = { part: "defaults", action: "ec2:DescribeRegions" } as const;

function assumeRoleError(err: unknown, ref: AccountRef, access: AccountAccess): AccountError {
  const kind = errorKind(err);
  const { part: _part, ...e } = classify(err, ASSUME.part, ASSUME.action, {
    region: access.clientsFor(access.callerId).homeRegion,
    account: ref.id,
  });
  if (kind !== "permission" && kind !== "scp-denied") return { ...e, stage: "assume-role" };
  // AWS answers AccessDenied alike for a role that does not exist and one that does not trust the
  // caller (it does not say which roles exist): the hint names both.
  const invited =
    ref.joinedMethod === "INVITED"
      ? "the account joined by invitation, and such accounts have no OrganizationAccountAccessRole until someone creates it; or "
      : "";
  return {
    ...e,
    stage: "assume-role",
    kind: "assume-role-denied",
    hint: `${invited}the role ${access.roleArn(ref.id)} does not exist or does not trust the caller: create it (or choose another with --role-name/--role-arn), or leave the account out with --exclude-accounts ${ref.id}`,
  };
}

async function regionsOf(clients: Clients, scope: ScopeRequest) {
  let all: RegionInfo[];
  try {
    all = await clients.limit(() => clients.ec2(clients.homeRegion).listRegions());
  } catch (err) {
    // Without ec2:DescribeRegions the names given cannot be checked; trust them, as for one account.
    if (!scope.regions?.length || errorKind(err) !== "permission") throw err;
    all = scope.regions.map((name) => ({ name, optInStatus: "opt-in-not-required" }));
  }
  return accountScope(all, scope);
}

async function enterAccount(
  access: AccountAccess,
  ref: AccountRef,
  scope: ScopeRequest,
): Promise<EnteredAccount | AccountError> {
  const clients = access.clientsFor(ref.id);
  if (ref.id !== access.callerId) {
    try {
      await clients.limit(() => access.enter(ref.id));
    } catch (err) {
      return assumeRoleError(err, ref, access);
    }
  }
  try {
    return { ref, clients, ...(await regionsOf(clients, scope)) };
  } catch (err) {
    const where = { region: clients.homeRegion, account: ref.id };
    const { part: _part, ...e } = reclassifyForAccount(
      classifyKind(errorKind(err), err, REGIONS.part, REGIONS.action, where),
      ref.id,
    );
    return { ...e, stage: "regions" };
  }
}

/**
 * Runs `work` in every account; `onOutcome` hears each account as it is done (so its results can be
 * written out and dropped). Accounts start in the order given.
 */
export async function perAccount<T>(
  access: AccountAccess,
  accounts: readonly AccountRef[],
  opts: PerAccountOptions,
  work: (account: EnteredAccount) => Promise<T>,
  onOutcome: (outcome: AccountOutcome<T>) => void,
): Promise<void> {
  const inFlight = pLimit(opts.maxAccounts);
  await Promise.all(
    accounts.map((ref) =>
      inFlight(async () => {
        try {
          const entered = await enterAccount(access, ref, opts.scope);
          if ("stage" in entered) onOutcome({ ref, ok: false, error: entered });
          else onOutcome({ ref, ok: true, entered, value: await work(entered) });
        } finally {
          if (!opts.keepCredentials) access.leave(ref.id);
        }
      }),
    ),
  );
}
