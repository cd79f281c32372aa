// The AWS CLI (botocore) as a second, independent client of the simulator: run it, and compare its
// JSON with the JS SDK's after normalizing dates and dropping $metadata.
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { FAKE_CREDENTIALS } from "./clients.js";

const run = promisify(execFile);

function hasAwsCli(): boolean {
  try {
    execFileSync("aws", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false; // not installed: the suite below is skipped, and says so
  }
}

export const awsCli = hasAwsCli();

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

/** Runs `aws ARGS --output json` against `url` with the simulator's fake keys and no config files. */
export async function awsAt(url: string, region: string, ...args: string[]): Promise<unknown> {
  const { stdout } = await run(
    "aws",
    ["--endpoint-url", url, "--region", region, "--output", "json", ...args],
    {
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
        AWS_CONFIG_FILE: "/dev/null",
        AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
        AWS_PAGER: "",
      },
      timeout: 30_000,
    },
  );
  // Actions without output (update-auto-scaling-group) print nothing.
  return stdout.trim() === "" ? undefined : JSON.parse(stdout);
}
