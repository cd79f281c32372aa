// Real SDK clients pointed at a simulator: static fake keys, one client per region.

import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { EC2Client, type EC2ClientConfig } from "@aws-sdk/client-ec2";
import { OrganizationsClient, type OrganizationsClientConfig } from "@aws-sdk/client-organizations";
import {
  AssumeRoleCommand,
  type AssumeRoleCommandInput,
  type AssumeRoleCommandOutput,
  STSClient,
  type STSClientConfig,
} from "@aws-sdk/client-sts";

// The SDK warns under Node 20 that future releases need Node 22; noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

export const FAKE_CREDENTIALS = { accessKeyId: "AKIASIMULATOR0000001", secretAccessKey: "not-a-secret" };

export function ec2(url: string, region: string, config: Partial<EC2ClientConfig> = {}): EC2Client {
  return new EC2Client({ region, endpoint: url, credentials: FAKE_CREDENTIALS, ...config });
}

export function autoscaling(url: string, region: string, maxAttempts = 3): AutoScalingClient {
  return new AutoScalingClient({ region, endpoint: url, credentials: FAKE_CREDENTIALS, maxAttempts });
}

export function sts(url: string, region: string, config: Partial<STSClientConfig> = {}): STSClient {
  return new STSClient({ region, endpoint: url, credentials: FAKE_CREDENTIALS, ...config });
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

export interface TempCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

/** Organizations (a global service: any region signs; us-east-1 as the SDK's default). */
export function organizations(
  url: string,
  credentials: typeof FAKE_CREDENTIALS | TempCredentials = FAKE_CREDENTIALS,
  config: Partial<OrganizationsClientConfig> = {},
): OrganizationsClient {
  return new OrganizationsClient({ region: "us-east-1", endpoint: url, credentials, ...config });
}

/** sts:AssumeRole with the caller's own keys (or `via`): the credentials and the whole reply. */
export async function assumeRole(
  url: string,
  account: string,
  input: Partial<AssumeRoleCommandInput> = {},
  via: STSClient = sts(url, "us-east-1"),
): Promise<{ credentials: TempCredentials; out: AssumeRoleCommandOutput }> {
  const out = await via.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`,
      RoleSessionName: "imds-audit",
      ...input,
    }),
  );
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken)
    throw new Error("AssumeRole returned no credentials");
  return {
    credentials: {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
    },
    out,
  };
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
