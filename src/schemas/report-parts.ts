// What every imds report shares: the envelope (version, tool, account, time), severities and the
// classified read errors. Reports are output, not input: these schemas give their TypeScript types
// and their published JSON Schemas; nothing parses a report at run time.
import * as v from "valibot";
import { about } from "./shape.js";

export const count = () => v.pipe(v.number(), v.integer(), v.minValue(0));

export const severitySchema = about(
  v.picklist(["pass", "warn", "fail"]),
  "fail: IMDSv1 allowed; warn: e.g. hop limit above --max-hop-limit or a launch template that inherits; pass: nothing to do.",
);

export const partSchema = about(
  v.picklist([
    "defaults",
    "instances",
    "launch-templates",
    "images",
    "auto-scaling",
    "usage",
    "security-hub",
  ]),
  "What imds reads in a region: four parts from EC2, Auto Scaling groups and launch configurations (auto-scaling), and usage evidence from CloudWatch (--usage); security-hub: where imds audit --to-security-hub could not import (never in a report).",
);

export const errorKindSchema = about(
  v.picklist([
    "permission",
    "scp-denied",
    "region-not-enabled",
    "throttled",
    "timeout",
    "network",
    "credentials",
    "service",
    "assume-role-denied",
    "account-suspended",
    "org-throttled",
    "unsupported",
    "other",
  ]),
  "What went wrong, for what to do about it. scp-denied: an explicit deny in a service control policy (AWS says so only in the message of UnauthorizedOperation or AccessDenied). Organization runs only: assume-role-denied (sts:AssumeRole refused: no such role, or it does not trust the caller; AWS does not say which), account-suspended (the account stopped accepting its credentials mid-run), org-throttled (Organizations kept throttling after retries). unsupported: the endpoint answered a web page (HTTP 500), not an AWS error: it does not implement the action, and running again will not help.",
);

const readErrorEntries = {
  part: partSchema,
  kind: errorKindSchema,
  action: about(v.string(), "The IAM action that failed, e.g. ec2:DescribeInstances."),
  code: about(v.string(), "The AWS or Node error code, e.g. UnauthorizedOperation, ECONNREFUSED."),
  message: v.string(),
  hint: about(v.string(), "What to do about it, one sentence."),
};
const READ_ERROR = "A part of a region that could not be read, classified so a person knows what to do.";
export const readErrorSchema = about(v.strictObject(readErrorEntries), READ_ERROR);
/** A read error of a report that lists errors of every region in one list. */
export const regionReadErrorSchema = about(
  v.strictObject({ region: v.pipe(v.string(), v.minLength(1)), ...readErrorEntries }),
  READ_ERROR,
);

const GENERATED_AT =
  /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$/;

/** The fields every report starts with. */
export const envelopeEntries = {
  schemaVersion: about(
    v.literal(1),
    "Changes only when a field is removed or changes meaning; new optional fields keep it.",
  ),
  tool: about(
    v.strictObject({ name: v.literal("imds"), version: v.pipe(v.string(), v.minLength(1)) }),
    "The program that wrote the report.",
  ),
  account: about(
    v.strictObject({
      id: about(v.pipe(v.string(), v.regex(/^[0-9]{12}$/)), "The 12-digit account id."),
      arn: v.optional(about(v.string(), "The ARN of the identity that ran the command.")),
    }),
    "The AWS account, from STS GetCallerIdentity.",
  ),
  generatedAt: v.pipe(
    v.string(),
    v.regex(GENERATED_AT),
    v.metadata({ format: "date-time" }),
    v.description("When the command ran, as an ISO 8601 UTC timestamp."),
  ),
};

/** The one line for people that ends every report. */
export const verdictLineSchema = about(
  v.string(),
  "One line for people: what happened and what to run next.",
);

/** A 12-digit AWS account id. */
export const accountIdSchema = about(
  v.pipe(v.string(), v.regex(/^[0-9]{12}$/)),
  "A 12-digit AWS account id.",
);

/** Organization runs: the member account a row is in; absent in a one-account report. */
export const memberAccountSchema = v.optional(
  about(v.pipe(v.string(), v.regex(/^[0-9]{12}$/)), "Organization runs: the member account it is in."),
);
