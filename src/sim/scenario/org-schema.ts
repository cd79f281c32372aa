// The organization part of a scenario, declared once: member accounts (listed or generated), the
// organization's root and OUs. docs/scenario.md ("Organizations") describes every field.
import * as v from "valibot";
import { about, intIn, list, matching, oneOf, text } from "../../schemas/fields.js";
import { shape } from "../../schemas/shape.js";
import { ALL_REGIONS } from "../regions.js";
import { accountContentEntries, mixEntrySchema, optInCheck } from "./schema.js";

export const ACCOUNT_STATUSES = ["ACTIVE", "SUSPENDED", "PENDING_CLOSURE"] as const;
/** What `sts:AssumeRole` into the account's role answers. */
export const ASSUME_ROLE_OUTCOMES = ["ok", "denied", "missing-role"] as const;
export const JOINED_METHODS = ["INVITED", "CREATED"] as const;

const opt = v.optional;
const ACCOUNT_ID = /^\d{12}$/;
const ROOT_ID = /^r-[0-9a-z]{4,32}$/;
const accountId = () => matching(ACCOUNT_ID, "a 12-digit account id");
const parentId = () =>
  matching(/^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/, "a root id (r-...) or an OU id (ou-...)");
const displayName = () => matching(/^[\s\S]{1,128}$/, "a name of 1 to 128 characters");

export const accountSchema = v.pipe(
  shape({
    id: accountId(),
    name: displayName(),
    email: matching(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, "an email address"),
    status: opt(about(oneOf(ACCOUNT_STATUSES), "Default ACTIVE.")),
    parent: opt(about(parentId(), "The root or OU the account sits in; default the root.")),
    joinedMethod: opt(about(oneOf(JOINED_METHODS), "Default CREATED (INVITED for the management account).")),
    assumeRole: opt(
      about(oneOf(ASSUME_ROLE_OUTCOMES), "What sts:AssumeRole into the account answers; default ok."),
    ),
    roles: opt(
      about(list(matching(/^[\w+=,.@-]{1,64}$/, "an IAM role name")), "Role names that exist; absent = any."),
    ),
    externalId: opt(
      about(
        matching(/^[\w+=,.@:/-]{2,1224}$/, "an ExternalId"),
        "The ExternalId the role's trust policy requires.",
      ),
    ),
    scpDeniedRegions: opt(
      about(
        list(oneOf(ALL_REGIONS, "an AWS commercial region name")),
        "EC2 and CloudWatch calls there answer an explicit deny in a service control policy.",
      ),
    ),
    suspendAfterCalls: opt(
      about(
        intIn(0, 1_000_000_000),
        "The account is closed (SUSPENDED) after this many calls with its credentials.",
      ),
    ),
    ...accountContentEntries,
  }),
  optInCheck("the account's optedInRegions"),
);

const organizationSchema = shape({
  id: opt(matching(/^o-[a-z0-9]{10,32}$/, "an organization id like o-a1b2c3d4e5")),
  managementAccount: opt(about(accountId(), "Must be the scenario's accountId (the default).")),
  roots: opt(
    v.pipe(
      list(shape({ id: matching(ROOT_ID, "a root id like r-a1b2"), name: opt(text()) })),
      v.length(1, "a list of exactly one root (AWS allows one)"),
    ),
  ),
  ous: opt(
    list(
      shape({
        id: matching(/^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/, "an OU id like ou-a1b2-c3d4e5f6"),
        name: displayName(),
        parent: parentId(),
      }),
    ),
  ),
  delegatedAdministrators: opt(
    about(list(accountId()), "Member accounts that may call the Organizations read APIs too."),
  ),
});

export const orgGenerateSchema = about(
  shape({
    accounts: intIn(0, 10_000),
    regions: opt(about(intIn(1, 34), "Enabled regions per account: the 17 default ones first; default 17.")),
    instancesPerRegion: opt(about(intIn(0, 100_000), "Default 20.")),
    seed: opt(intIn(0, 2 ** 32 - 1)),
    ous: opt(about(intIn(0, 1000), "OUs under the root the accounts are spread over; default 0.")),
    mix: opt(
      v.pipe(
        list(mixEntrySchema),
        v.check((mix) => mix.some((m) => (m.weight ?? 1) > 0), "an array with a positive weight"),
      ),
    ),
  }),
  "Generated member accounts, e.g. 500 accounts x 17 regions x 20 instances.",
);

/** The organization part of the scenario's top level. */
export const orgEntries = {
  accounts: opt(
    about(
      list(accountSchema),
      "The organization's other accounts (the management account may be listed too).",
    ),
  ),
  organization: opt(organizationSchema),
  generate: opt(orgGenerateSchema),
};
