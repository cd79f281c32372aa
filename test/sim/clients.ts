// Real SDK clients pointed at a simulator: static fake keys, one client per region.

import { EC2Client, type EC2ClientConfig } from "@aws-sdk/client-ec2";
import { STSClient } from "@aws-sdk/client-sts";

// The SDK warns under Node 20 that future releases need Node 22; noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

export const FAKE_CREDENTIALS = { accessKeyId: "AKIASIMULATOR0000001", secretAccessKey: "not-a-secret" };

export function ec2(url: string, region: string, config: Partial<EC2ClientConfig> = {}): EC2Client {
  return new EC2Client({ region, endpoint: url, credentials: FAKE_CREDENTIALS, ...config });
}

export function sts(url: string, region: string): STSClient {
  return new STSClient({ region, endpoint: url, credentials: FAKE_CREDENTIALS });
}

/** Runs `call` and returns what it threw (fails the test if it did not throw). */
export async function caught(
  call: () => Promise<unknown>,
): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await call();
  } catch (error) {
    return error as Error & { $metadata?: { httpStatusCode?: number } };
  }
  throw new Error("expected the call to fail");
}

/**
 * The raw XML the simulator answers to a query (`Action=...&Version=...`), for checks on the bytes
 * themselves. The simulator reads the region from the SigV4 scope and checks no signature.
 */
export async function rawReply(url: string, region: string, query: string): Promise<string> {
  const res = await fetch(`${url}/`, {
    method: "POST",
    body: query,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `AWS4-HMAC-SHA256 Credential=${FAKE_CREDENTIALS.accessKeyId}/20260101/${region}/ec2/aws4_request, SignedHeaders=host, Signature=0`,
    },
  });
  return res.text();
}
