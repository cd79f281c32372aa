// Organizations' wire format as @aws-sdk/client-organizations 3.x and botocore speak it: AWS JSON
// 1.1, `POST /` with `X-Amz-Target: AWSOrganizationsV20161128.<Operation>` and
// `Content-Type: application/x-amz-json-1.1`; timestamps as epoch seconds; errors as
// `{"__type": "<Code>", "Message": "..."}` (InvalidInputException adds a `Reason`).

import { ApiError, type Reply } from "../protocol.js";

export const ORG_TARGET_PREFIX = "AWSOrganizationsV20161128.";
const CONTENT_TYPE = "application/x-amz-json-1.1";

/** An Organizations error; `reason` is InvalidInputException's Reason. */
export class OrgError extends ApiError {
  constructor(
    code: string,
    message: string,
    readonly reason?: string,
    status = 400,
  ) {
    super(code, status, message);
  }
}

export const invalidInput = (reason: string, message: string) =>
  new OrgError("InvalidInputException", message, reason);

export function orgReply(value: unknown): Reply {
  return { status: 200, body: JSON.stringify(value), contentType: CONTENT_TYPE };
}

export function orgErrorReply(error: ApiError): Reply {
  const reason = error instanceof OrgError && error.reason ? { Reason: error.reason } : {};
  return {
    status: error.status,
    body: JSON.stringify({ __type: error.code, Message: error.message, ...reason }),
    code: error.code,
    contentType: CONTENT_TYPE,
    headers: { "x-amzn-errortype": error.code },
  };
}
