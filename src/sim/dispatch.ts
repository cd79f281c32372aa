// Which service, account and handler a request is for. The service comes from the SigV4 scope
// (or, for the JSON services, X-Amz-Target); the account from the access key id (issued keys:
// their account; any other key: the management account).

import type { IncomingMessage } from "node:http";
import type { SimAccounts } from "./accounts/accounts.js";
import { type IdentityFailure, identify } from "./accounts/identity.js";
import { AUTOSCALING_XMLNS, handleAutoScaling } from "./autoscaling/index.js";
import type { TokenBuckets } from "./buckets.js";
import { handleCloudWatch } from "./cloudwatch/index.js";
import { CW_TARGET_PREFIX, cwErrorReply } from "./cloudwatch/protocol.js";
import type { Controls, FaultKind } from "./controls.js";
import type { Payload } from "./ec2/action.js";
import { handleEc2 } from "./ec2/index.js";
import type { RequestLog } from "./log.js";
import { handleOrganizations } from "./organizations/index.js";
import { ORG_TARGET_PREFIX, orgErrorReply } from "./organizations/protocol.js";
import {
  ApiError,
  ec2ErrorReply,
  type Params,
  parseForm,
  queryErrorReply,
  type Reply,
  type Scope,
  sigv4Scope,
  stsErrorReply,
} from "./protocol.js";
import { handleSecurityHub, securityHubAction, securityHubErrorReply } from "./securityhub/index.js";
import type { SecurityHubStore } from "./securityhub/store.js";
import { expiredToken, handleSts, invalidToken } from "./sts/index.js";

export type Service = "ec2" | "sts" | "monitoring" | "organizations" | "autoscaling" | "securityhub";

export interface Call {
  service: Service;
  region: string;
  action: string;
  scope?: Scope;
  params: Params;
  body: string;
  /** CloudWatch's awsQueryCompatible callers send `x-amzn-query-mode: true`. */
  queryMode: boolean;
  /** X-Amz-Security-Token (temporary credentials). */
  sessionToken?: string;
}

const STS_VERSION = "2011-06-15";
const AUTOSCALING_VERSION = "2011-01-01";

/** A query-protocol service, from the SigV4 scope or, without one, the API version. */
function queryService(scope: Scope | undefined, params: Params): Service {
  const version = params.get("Version");
  if (scope?.service === "sts" || (!scope && version === STS_VERSION)) return "sts";
  if (scope?.service === "autoscaling" || (!scope && version === AUTOSCALING_VERSION)) return "autoscaling";
  return "ec2";
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function describeCall(req: IncomingMessage, body: string): Call {
  const scope = sigv4Scope(req.headers.authorization);
  const target = header(req, "x-amz-target") ?? "";
  const json: Service | undefined =
    scope?.service === "monitoring" || target.startsWith(CW_TARGET_PREFIX)
      ? "monitoring"
      : scope?.service === "organizations" || target.startsWith(ORG_TARGET_PREFIX)
        ? "organizations"
        : scope?.service === "securityhub"
          ? "securityhub"
          : undefined;
  const params = json ? new Map<string, string>() : parseForm(body);
  const service: Service = json ?? queryService(scope, params);
  const sessionToken = header(req, "x-amz-security-token");
  return {
    service,
    region: scope?.region ?? "",
    // Security Hub speaks restJson1: the operation is in the method and path.
    action:
      json === "securityhub"
        ? securityHubAction(req.method, req.url)
        : json
          ? target.slice(target.indexOf(".") + 1)
          : (params.get("Action") ?? ""),
    ...(scope ? { scope } : {}),
    params,
    body,
    queryMode: header(req, "x-amzn-query-mode") === "true",
    ...(sessionToken !== undefined ? { sessionToken } : {}),
  };
}

/** An error in the service's own wire format. */
export function errorReply(call: Call, error: ApiError, requestId: string): Reply {
  switch (call.service) {
    case "monitoring":
      return cwErrorReply(error, call.queryMode);
    case "organizations":
      return orgErrorReply(error);
    case "securityhub":
      return securityHubErrorReply(error);
    case "sts":
      return stsErrorReply(error, requestId);
    case "autoscaling":
      return queryErrorReply(AUTOSCALING_XMLNS, error, requestId);
    default:
      return ec2ErrorReply(error, requestId);
  }
}

/** What each service answers for a request without credentials, or with refused ones. */
function authError(service: Service, failure: IdentityFailure | "missing"): ApiError {
  if (failure === "missing") {
    return service === "ec2" || service === "sts"
      ? new ApiError("AuthFailure", 401, "AWS was not able to validate the provided access credentials")
      : new ApiError(
          service === "organizations" ? "MissingAuthenticationTokenException" : "MissingAuthenticationToken",
          403,
          "Request is missing Authentication Token",
        );
  }
  if (service === "ec2") {
    // Guess (EC2 API reference, common errors): RequestExpired also covers expired temporary credentials.
    return failure === "expired"
      ? new ApiError("RequestExpired", 400, "Request has expired.")
      : new ApiError("AuthFailure", 401, "AWS was not able to validate the provided access credentials");
  }
  const error = failure === "expired" ? expiredToken() : invalidToken();
  if (service !== "organizations") return error;
  const code = failure === "expired" ? "ExpiredTokenException" : "UnrecognizedClientException";
  return new ApiError(code, 403, error.message);
}

export interface ServerDeps {
  /** How much of each instance and template version EC2 replies carry. */
  payload: Payload;
  accounts: SimAccounts;
  controls: Controls;
  buckets: TokenBuckets;
  log: RequestLog;
  hub: SecurityHubStore;
}

/**
 * @param fault a misbehaving endpoint's fault that the EC2 handlers act out (`ignore-dry-run`,
 *   `extra-fields`); transport faults never get here.
 */
export function dispatch(call: Call, deps: ServerDeps, requestId: string, fault?: FaultKind): Reply {
  if (!call.scope) return errorReply(call, authError(call.service, "missing"), requestId);
  const caller = identify(
    deps.accounts,
    call.scope.accessKeyId,
    call.sessionToken,
    deps.accounts.clock.now(),
  );
  if (typeof caller === "string") return errorReply(call, authError(call.service, caller), requestId);
  const { account } = caller;
  const buckets = deps.buckets.forAccount(account.id);
  const clock = deps.accounts.clock;
  const { action, region } = call;
  if (call.service === "securityhub")
    return handleSecurityHub(action, region, call.body, {
      state: account.state,
      buckets,
      caller,
      hub: deps.hub,
    });
  return call.service === "monitoring"
    ? handleCloudWatch(
        action,
        region,
        call.body,
        { state: account.state, buckets, caller, clock },
        call.queryMode,
      )
    : call.service === "organizations"
      ? handleOrganizations(action, region, call.body, {
          accounts: deps.accounts,
          caller,
          buckets: deps.buckets,
        })
      : call.service === "sts"
        ? handleSts(action, region, call.params, { accounts: deps.accounts, caller, buckets }, requestId)
        : (call.service === "autoscaling" ? handleAutoScaling : handleEc2)(
            action,
            region,
            call.params,
            { payload: deps.payload, state: account.state, controls: deps.controls, buckets, caller, clock },
            requestId,
            fault,
          );
}

/** The error an injected fault answers with, in the service's words. */
export function faultError(kind: "internal-error" | "unavailable", service: Service): ApiError {
  const internal = kind === "internal-error";
  if (service === "monitoring") {
    return internal
      ? new ApiError("InternalServiceError", 500, "Internal service error")
      : new ApiError("ServiceUnavailable", 503, "Service unavailable");
  }
  if (service === "autoscaling") {
    return internal
      ? new ApiError("InternalFailure", 500, "The request processing has failed because of an unknown error.")
      : new ApiError(
          "ServiceUnavailable",
          503,
          "The request has failed due to a temporary failure of the server.",
        );
  }
  if (service === "securityhub") {
    return internal
      ? new ApiError("InternalException", 500, "Internal service error")
      : new ApiError("ServiceUnavailableException", 503, "Service unavailable");
  }
  if (service === "organizations") {
    return new ApiError(
      "ServiceException",
      internal ? 500 : 503,
      "AWS Organizations can't complete your request because of an internal service error. Try again later.",
    );
  }
  return internal
    ? new ApiError("InternalError", 500, "An internal error has occurred")
    : new ApiError("Unavailable", 503, "The service is unavailable. Please try again shortly.");
}
