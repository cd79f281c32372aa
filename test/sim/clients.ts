// Real SDK clients pointed at a simulator: static fake keys, one client per region.

import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { EC2Client, type EC2ClientConfig } from "@aws-sdk/client-ec2";
import { STSClient } from "@aws-sdk/client-sts";

// The SDK warns under Node 20 that future releases need Node 22; noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

export const FAKE_CREDENTIALS = { accessKeyId: "AKIASIMULATOR0000001", secretAccessKey: "not-a-secret" };

export function ec2(url: string, region: string, config: Partial<EC2ClientConfig> = {}): EC2Client {
  return new EC2Client({ region, endpoint: url, credentials: FAKE_CREDENTIALS, ...config });
}

export function autoscaling(url: string, region: string, maxAttempts = 3): AutoScalingClient {
  return new AutoScalingClient({ region, endpoint: url, credentials: FAKE_CREDENTIALS, maxAttempts });
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
