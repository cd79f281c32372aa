// CloudWatch's wire format as @aws-sdk/client-cloudwatch 3.x speaks it: AWS JSON 1.0 with the
// awsQueryCompatible trait. Requests are `POST /` with `X-Amz-Target:
// GraniteServiceVersion20100801.<Operation>`, `Content-Type: application/x-amz-json-1.0` and
// `x-amzn-query-mode: true`; timestamps are epoch seconds. Errors are `{"__type", "message"}`
// plus, for query-mode callers, `x-amzn-query-error: <query code>;Sender|Receiver`: the SDK names
// the error after that query code (AccessDenied, Throttling) or, when a modeled error carries
// it as its awsQueryError code, after the modeled shape (InvalidParameterValue ->
// InvalidParameterValueException).

import { ApiError, type Reply } from "../protocol.js";

export const CW_TARGET_PREFIX = "GraniteServiceVersion20100801.";
const CW_CONTENT_TYPE = "application/x-amz-json-1.0";

/** Query error code -> the JSON protocol's `__type` (shape id) AWS answers with. */
const JSON_TYPES: Record<string, string> = {
  InvalidParameterValue: "com.amazonaws.cloudwatch#InvalidParameterValueException",
  InvalidParameterCombination: "com.amazonaws.cloudwatch#InvalidParameterCombinationException",
  MissingParameter: "com.amazonaws.cloudwatch#MissingRequiredParameterException",
  InvalidNextToken: "com.amazonaws.cloudwatch#InvalidNextToken",
  InternalServiceError: "com.amazonaws.cloudwatch#InternalServiceFault",
  AccessDenied: "com.amazon.coral.service#AccessDeniedException",
  Throttling: "com.amazon.coral.availability#ThrottlingException",
  ServiceUnavailable: "com.amazon.coral.availability#ServiceUnavailableException",
  InvalidClientTokenId: "com.amazon.coral.service#UnrecognizedClientException",
  ExpiredToken: "com.amazon.coral.service#ExpiredTokenException",
  MissingAuthenticationToken: "com.amazon.coral.service#MissingAuthenticationTokenException",
  InvalidAction: "com.amazon.coral.service#UnknownOperationException",
  SerializationException: "com.amazon.coral.service#SerializationException",
};

export function cwReply(value: unknown): Reply {
  return { status: 200, body: JSON.stringify(value), contentType: CW_CONTENT_TYPE };
}

/** An error reply; `error.code` is the query-compatible code (what the SDK reports). */
export function cwErrorReply(error: ApiError, queryMode: boolean): Reply {
  const type = JSON_TYPES[error.code] ?? error.code;
  const headers: Record<string, string> = { "x-amzn-errortype": type.slice(type.indexOf("#") + 1) };
  if (queryMode)
    headers["x-amzn-query-error"] = `${error.code};${error.status >= 500 ? "Receiver" : "Sender"}`;
  return {
    status: error.status,
    body: JSON.stringify({ __type: type, message: error.message }),
    code: error.code,
    contentType: CW_CONTENT_TYPE,
    headers,
  };
}

export const cwInvalidParameter = (message: string) => new ApiError("InvalidParameterValue", 400, message);
export const cwMissingParameter = (name: string) =>
  new ApiError("MissingParameter", 400, `The parameter ${name} is required.`);

/** The JSON body; anything but an object is a SerializationException, as in AWS. */
export function parseJsonBody(body: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = body.trim() === "" ? {} : JSON.parse(body);
  } catch {
    throw new ApiError("SerializationException", 400, "Start of structure or map found where not expected.");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ApiError("SerializationException", 400, "Start of structure or map found where not expected.");
  }
  return value as Record<string, unknown>;
}

/** A timestamp member: epoch seconds (what the SDK sends) or an ISO 8601 string; epoch ms out. */
export function timestampMember(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = typeof value === "number" ? value * 1000 : typeof value === "string" ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms)) throw cwInvalidParameter(`The parameter ${name} must be a timestamp.`);
  return ms;
}
