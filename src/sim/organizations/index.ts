// Organizations dispatch (a global service: any signing region): organization in use, throttling
// (one bucket for the whole organization), who may call, then the operation.

import type { SimAccounts } from "../accounts/accounts.js";
import { type Caller, denial } from "../accounts/identity.js";
import { BUCKETS, type TokenBuckets } from "../buckets.js";
import { parseJsonBody } from "../cloudwatch/protocol.js";
import { ApiError, type Reply } from "../protocol.js";
import { ORG_ACTIONS } from "./actions.js";
import { OrgError, orgErrorReply, orgReply } from "./protocol.js";

export interface OrgDeps {
  readonly accounts: SimAccounts;
  readonly caller: Caller;
  readonly buckets: TokenBuckets;
}

/** Callable from any account of the organization; every other read needs the management account. */
const ANY_MEMBER = new Set(["DescribeOrganization"]);
const ACCESS_DENIED = "You don't have permissions to access this resource.";

function run(action: string, region: string, body: string, deps: OrgDeps): unknown {
  const org = deps.accounts.organization;
  const handler = ORG_ACTIONS[action];
  if (!handler)
    throw new OrgError(
      "UnknownOperationException",
      `The action ${action} is not valid for this web service.`,
    );
  if (!org)
    throw new OrgError(
      "AWSOrganizationsNotInUseException",
      "Your account is not a member of an organization.",
    );
  if (!deps.buckets.forAccount(org.id).take("global", "Organizations", BUCKETS.organizations))
    throw new OrgError(
      "TooManyRequestsException",
      "You have sent too many requests in too short a period of time. The quota helps protect against denial-of-service attacks. Try again later.",
    );
  const caller = deps.caller.account.id;
  const admin = caller === deps.accounts.management.id || org.delegatedAdministrators.has(caller);
  if (!admin && !ANY_MEMBER.has(action)) throw new OrgError("AccessDeniedException", ACCESS_DENIED);
  const refused = denial(deps.caller, "organizations", action, region, false);
  if (refused) throw new OrgError("AccessDeniedException", refused);
  return handler(parseJsonBody(body), { accounts: deps.accounts, org });
}

export function handleOrganizations(action: string, region: string, body: string, deps: OrgDeps): Reply {
  try {
    return orgReply(run(action, region, body, deps));
  } catch (error) {
    if (error instanceof ApiError) return orgErrorReply(error);
    throw error;
  }
}
