// Classifies SDK and network errors by name and code (never by message text).
import { firstLine } from "../core/text.js";
import type { ErrorKind, Part, ReadError } from "../core/types.js";

interface ErrorLike {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

const KINDS: Record<string, ErrorKind> = {
  UnauthorizedOperation: "permission",
  AccessDenied: "permission",
  AccessDeniedException: "permission",
  AuthFailure: "region-not-enabled",
  OptInRequired: "region-not-enabled",
  RequestLimitExceeded: "throttled",
  TooManyRequestsException: "throttled",
  Throttling: "throttled",
  ThrottlingException: "throttled",
  TimeoutError: "timeout",
  RequestTimeout: "timeout",
  ETIMEDOUT: "timeout",
  ECONNREFUSED: "network",
  ECONNRESET: "network",
  ENOTFOUND: "network",
  EAI_AGAIN: "network",
  EHOSTUNREACH: "network",
  ENETUNREACH: "network",
  EPIPE: "network",
  CredentialsProviderError: "credentials",
  CredentialsTimeout: "credentials",
  CredentialsConfigError: "credentials",
  ExpiredToken: "credentials",
  ExpiredTokenException: "credentials",
  InvalidClientTokenId: "credentials",
  SignatureDoesNotMatch: "credentials",
  UnrecognizedClientException: "credentials",
  InternalError: "service",
  InternalFailure: "service",
  Unavailable: "service",
  ServiceUnavailable: "service",
  NotImplementedByEndpoint: "unsupported",
};

/** Where a unit of work was: its region, and in organization runs its account. */
export interface Where {
  region: string;
  account?: string | undefined;
}

/**
 * The address a network error names (Node's `address:port`, or the first of an AggregateError's
 * when every address of a name was tried), for a hint that says where nothing answered.
 */
function addressOf(err: unknown): string | undefined {
  const e = err as { address?: unknown; port?: unknown; errors?: unknown[] } | undefined;
  if (typeof e?.address === "string")
    return typeof e.port === "number" ? `${e.address}:${e.port}` : e.address;
  return e?.errors?.length ? addressOf(e.errors[0]) : undefined;
}

function hintFor(kind: ErrorKind, action: string, where: Where, err?: unknown): string {
  const { region } = where;
  const inAccount = where.account ? ` in account ${where.account}` : "";
  switch (kind) {
    case "permission":
      return `grant ${action} to the caller${inAccount} in ${region} (see the README's IAM permissions)`;
    case "scp-denied":
      return `a service control policy denies ${action}${inAccount} in ${region}: leave the region out with --exclude-regions ${region}, or in an organization run accept such regions with --scp-denied-as-excluded`;
    case "region-not-enabled":
      return `the region may not be enabled for the account: enable it, or leave it out with --exclude-regions ${region}`;
    case "throttled":
      return "still throttled after retries: run again later, or lower --concurrency";
    case "timeout":
      return "the endpoint did not answer in time: check network access to it, or run again";
    case "network": {
      const address = addressOf(err);
      const refused = errorCode(err) === "ECONNREFUSED" ? " (connection refused)" : "";
      return `could not reach the endpoint${address ? ` at ${address}${refused}` : ""}: check network access, proxy and --endpoint-url`;
    }
    case "credentials":
      return "the credentials were refused: refresh them (aws sso login) or choose another --profile";
    case "service":
      return "AWS kept failing after retries: run again later";
    case "unsupported":
      return `this endpoint does not implement ${action} (it answered a web page, not an AWS error): running again will not help; use an endpoint that implements it`;
    case "account-suspended":
      return `account ${where.account ?? "?"} stopped accepting its credentials mid-run (suspended or closed?): check its state in Organizations, or leave it out with --exclude-accounts ${where.account ?? ""}`.trimEnd();
    default:
      return "unexpected error: run again with --verbose and report it if it persists";
  }
}

/** The error's code: the AWS error code, else a Node system error code, else its name. */
export function errorCode(err: unknown): string {
  const e = (err ?? {}) as ErrorLike;
  if (e.code && KINDS[e.code]) return e.code;
  return e.name && e.name !== "Error" ? e.name : (e.code ?? "Error");
}

/**
 * AWS has no error code of its own for a service control policy's deny: it answers
 * UnauthorizedOperation (EC2) or AccessDenied(Exception), and only the message says "with an explicit
 * deny in a service control policy" (IAM User Guide, troubleshoot access denied). This is the one
 * classification that reads message text; the code must be a denial first.
 */
const SCP_DENY = /explicit deny in a service control policy/i;

export function errorKind(err: unknown): ErrorKind {
  const code = errorCode(err);
  const kind = KINDS[code];
  if (kind === "permission" && SCP_DENY.test(String((err as ErrorLike | undefined)?.message ?? ""))) {
    return "scp-denied";
  }
  if (kind) return kind;
  const status = (err as ErrorLike | undefined)?.$metadata?.httpStatusCode;
  return status !== undefined && status >= 500 ? "service" : "other";
}

/** The error as data: its kind, code, first line, and what to do about it. */
export function classifyKind(
  kind: ErrorKind,
  err: unknown,
  part: Part,
  action: string,
  where: Where,
): ReadError {
  return {
    part,
    kind,
    action,
    code: errorCode(err),
    message: firstLine(err),
    hint: hintFor(kind, action, where, err),
  };
}

export function classify(err: unknown, part: Part, action: string, where: Where): ReadError {
  return classifyKind(errorKind(err), err, part, action, where);
}
