// The AWS CLI (botocore), a second, independent client for the simulator: its replies must read
// the same through it as through the JS SDK. Suites that use it skip when `aws` is not installed.

import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { FAKE_CREDENTIALS, type TempCredentials } from "./clients.js";

const run = promisify(execFile);

function installed(): boolean {
  try {
    execFileSync("aws", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false; // not installed: the suites that need it are skipped, and say so
  }
}

export const hasAwsCli = installed();

/** A config that prints timestamps as ISO 8601 (CLI v1 prints JSON services' epoch seconds as is). */
function configFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), "imds-awscli-")), "config");
  writeFileSync(file, "[default]\ncli_timestamp_format = iso8601\n");
  return file;
}

let config: string | undefined;

function cliConfig(): string {
  config ??= configFile();
  return config;
}

/** Dates and ISO strings become one canonical ISO form; `$metadata` is dropped. */
export function normalize(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "string" && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/.test(value))
    return new Date(value).toISOString();
  if (Array.isArray(value)) return value.map(normalize);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k, v]) => k !== "$metadata" && v !== undefined)
        .map(([k, v]) => [k, normalize(v)]),
    );
  }
  return value;
}

/** Runs `aws --output json ARGS` against the simulator and parses what it prints. */
export async function awsCli(
  url: string,
  region: string,
  args: string[],
  credentials: typeof FAKE_CREDENTIALS | TempCredentials = FAKE_CREDENTIALS,
): Promise<unknown> {
  const { stdout } = await run(
    "aws",
    ["--endpoint-url", url, "--region", region, "--output", "json", ...args],
    {
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        ...("sessionToken" in credentials ? { AWS_SESSION_TOKEN: credentials.sessionToken } : {}),
        AWS_CONFIG_FILE: cliConfig(),
        AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
        AWS_PAGER: "",
        AWS_MAX_ATTEMPTS: "1",
      },
      // Generous: a dozen Python start-ups at once on a loaded 2-core machine take a while.
      timeout: 120_000,
    },
  );
  // Actions without output (update-auto-scaling-group) print nothing.
  return stdout.trim() === "" ? undefined : JSON.parse(stdout);
}

/** What botocore said when the call failed: `An error occurred (Code) when calling ...: message`. */
export async function awsCliError(...args: Parameters<typeof awsCli>): Promise<string> {
  try {
    await awsCli(...args);
  } catch (error) {
    return String((error as { stderr?: string }).stderr ?? error).trim();
  }
  throw new Error("expected the aws command to fail");
}
