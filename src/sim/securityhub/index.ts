// Security Hub over restJson1 (what @aws-sdk/client-securityhub 3.x and botocore speak):
// BatchImportFindings (POST /findings/import) and GetFindings (POST /findings), with AWS's limits:
// 100 findings and 6 MB per import, the caller's own account and default product only, a bucket of
// 30 calls refilled at 10 per second (BatchImportFindings) and 6 at 3 (GetFindings). A region where
// the account has not enabled Security Hub answers InvalidAccessException (HTTP 401).
import { type Caller, denial } from "../accounts/identity.js";
import { BUCKETS, type BucketTaker } from "../buckets.js";
import { ApiError, type Reply } from "../protocol.js";
import { isEnabled, type SimState } from "../state.js";
import type { SecurityHubStore, StoredFinding } from "./store.js";

export interface SecurityHubDeps {
  /** The caller's account's state. */
  state: SimState;
  /** The caller's account's buckets. */
  buckets: BucketTaker;
  caller: Caller;
  hub: SecurityHubStore;
}

const ROUTES: Record<string, string> = {
  "POST /findings/import": "BatchImportFindings",
  "POST /findings": "GetFindings",
};

/** The action a request names by its method and path, or "" when none. */
export function securityHubAction(method: string | undefined, path: string | undefined): string {
  return ROUTES[`${method} ${(path ?? "").split("?")[0]}`] ?? "";
}

const MAX_FINDINGS = 100;
const MAX_BYTES = 6 * 1024 * 1024;
/** The ASFF fields Security Hub's model requires of every imported finding. */
const REQUIRED = [
  "SchemaVersion",
  "Id",
  "ProductArn",
  "GeneratorId",
  "AwsAccountId",
  "CreatedAt",
  "UpdatedAt",
  "Title",
  "Description",
  "Resources",
];

function json(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return { status, body: JSON.stringify(value), contentType: "application/json", headers };
}

export function securityHubErrorReply(error: ApiError): Reply {
  return {
    ...json(
      error.status,
      { __type: error.code, Code: error.code, Message: error.message },
      {
        "x-amzn-errortype": error.code,
      },
    ),
    code: error.code,
  };
}

function parse(body: string): Record<string, unknown> {
  try {
    const value = JSON.parse(body || "{}") as unknown;
    if (typeof value === "object" && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new ApiError("InvalidInputException", 400, "The request body is not a JSON object.");
}

function importFindings(
  region: string,
  input: Record<string, unknown>,
  deps: SecurityHubDeps,
  bytes: number,
): Reply {
  const findings = input.Findings;
  if (!Array.isArray(findings)) throw new ApiError("InvalidInputException", 400, "Findings is required.");
  if (findings.length > MAX_FINDINGS || bytes > MAX_BYTES) {
    throw new ApiError(
      "InvalidInputException",
      400,
      `At most ${MAX_FINDINGS} findings and 6 MB per request.`,
    );
  }
  const account = deps.state.accountId;
  const product = `arn:aws:securityhub:${region}:${account}:product/${account}/default`;
  const failed: { Id: string; ErrorCode: string; ErrorMessage: string }[] = [];
  for (const f of findings as Record<string, unknown>[]) {
    if (f.AwsAccountId !== account || f.ProductArn !== product) {
      throw new ApiError(
        "AccessDeniedException",
        403,
        `User: ${deps.caller.arn} is not authorized to perform: securityhub:BatchImportFindings on resource: ${String(f.ProductArn)}`,
      );
    }
    const missing = REQUIRED.filter((k) => f[k] === undefined || f[k] === "");
    if (missing.length > 0) {
      failed.push({
        Id: String(f.Id ?? ""),
        ErrorCode: "InvalidInput",
        ErrorMessage: `Finding is missing ${missing.join(", ")}`,
      });
      continue;
    }
    deps.hub.put(account, region, f as StoredFinding);
  }
  return json(200, {
    FailedCount: failed.length,
    SuccessCount: findings.length - failed.length,
    FailedFindings: failed,
  });
}

type Filter = { Value?: string; Comparison?: string };

function matches(value: unknown, filters: unknown): boolean {
  if (!Array.isArray(filters) || filters.length === 0) return true;
  return (filters as Filter[]).some((f) =>
    f.Comparison === "PREFIX" ? String(value ?? "").startsWith(f.Value ?? "") : value === f.Value,
  );
}

function getFindings(region: string, input: Record<string, unknown>, deps: SecurityHubDeps): Reply {
  const filters = (input.Filters ?? {}) as Record<string, unknown>;
  const max = typeof input.MaxResults === "number" ? input.MaxResults : 100;
  if (max < 1 || max > 100) throw new ApiError("InvalidInputException", 400, "MaxResults must be 1 to 100.");
  const all = deps.hub
    .list(deps.state.accountId, region)
    .filter(
      (f) =>
        matches(f.ProductArn, filters.ProductArn) &&
        matches(f.GeneratorId, filters.GeneratorId) &&
        matches(f.RecordState ?? "ACTIVE", filters.RecordState),
    );
  const start = typeof input.NextToken === "string" ? Number(input.NextToken) || 0 : 0;
  const page = all.slice(start, start + max);
  const next = start + max < all.length ? { NextToken: String(start + max) } : {};
  return json(200, { Findings: page, ...next });
}

const BUCKET = {
  BatchImportFindings: BUCKETS.batchImportFindings,
  GetFindings: BUCKETS.getFindings,
} as const;

function run(action: string, region: string, body: string, deps: SecurityHubDeps): Reply {
  const r = deps.state.region(region);
  if (!r || !isEnabled(r)) {
    throw new ApiError(
      "UnrecognizedClientException",
      403,
      "The security token included in the request is invalid.",
    );
  }
  if (action !== "BatchImportFindings" && action !== "GetFindings") {
    throw new ApiError("UnknownOperationException", 404, "No such operation.");
  }
  if (!deps.buckets.take(region, action, BUCKET[action])) {
    // Security Hub throttles with LimitExceededException (HTTP 429), per its API reference.
    throw new ApiError("LimitExceededException", 429, "Rate exceeded");
  }
  const input = parse(body);
  const refused = denial(deps.caller, "securityhub", action, region, true);
  if (refused) throw new ApiError("AccessDeniedException", 403, refused);
  if (!deps.hub.isEnabled(region)) {
    throw new ApiError(
      "InvalidAccessException",
      401,
      `Account ${deps.state.accountId} is not subscribed to AWS Security Hub`,
    );
  }
  return action === "GetFindings"
    ? getFindings(region, input, deps)
    : importFindings(region, input, deps, Buffer.byteLength(body));
}

export function handleSecurityHub(
  action: string,
  region: string,
  body: string,
  deps: SecurityHubDeps,
): Reply {
  try {
    return run(action, region, body, deps);
  } catch (error) {
    if (error instanceof ApiError) return securityHubErrorReply(error);
    throw error;
  }
}
