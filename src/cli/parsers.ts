// Commander argument parsers: each checks one option's value and says, in one line, what is wrong.
import { existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { InvalidArgumentError } from "@commander-js/extra-typings";
import { isAccountId } from "../core/accounts.js";
import type { Shard } from "../core/shard.js";
import { echo } from "../core/text.js";
import { INSTANCE_STATES } from "../core/types.js";
import { UsageError } from "../errors.js";
import { writeProblem } from "../io/output-file.js";
import { FORMATS, type Format } from "../render/formats.js";
import { REGION_NAME } from "../schemas/ec2-values.js";

export function intIn(min: number, max: number) {
  return (value: string): number => {
    if (!/^-?\d+$/.test(value.trim()))
      throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`);
    const n = Number(value);
    if (n < min || n > max) throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`);
    return n;
  };
}

export function list(value: string, previous: string[] = []): string[] {
  const items = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) throw new InvalidArgumentError("must be a comma-separated list");
  return [...previous, ...items];
}

export function regionList(value: string, previous: string[] = []): string[] {
  const items = list(value);
  const bad = items.find((r) => !REGION_NAME.test(r));
  if (bad) throw new InvalidArgumentError(`"${echo(bad)}" is not a region name (like eu-west-1)`);
  return [...previous, ...items];
}

export function regionName(value: string): string {
  const [region] = regionList(value);
  if (region === undefined || value.includes(","))
    throw new InvalidArgumentError("takes one region, like us-east-1");
  return region;
}

export function stateList(value: string): string[] {
  const items = list(value);
  const bad = items.find((s) => !(INSTANCE_STATES as readonly string[]).includes(s));
  if (bad)
    throw new InvalidArgumentError(`"${echo(bad)}" is not an instance state (${INSTANCE_STATES.join(", ")})`);
  return items;
}

export function tagPair(value: string, previous: [string, string][] = []): [string, string][] {
  const eq = value.indexOf("=");
  if (eq <= 0) throw new InvalidArgumentError(`"${echo(value)}" is not KEY=VALUE (like env=prod)`);
  return [...previous, [value.slice(0, eq), value.slice(eq + 1)]];
}

export function hopLimit(value: string): number | "no-preference" {
  if (value === "no-preference") return value;
  return intIn(1, 64)(value);
}

/** enforce --hop-limit: also "policy", each resource's limit from the config's hop-limit rules. */
export function enforceHopLimit(value: string): number | "no-preference" | "policy" {
  return value === "policy" ? value : hopLimit(value);
}

export function instanceIds(value: string, previous: string[] = []): string[] {
  const items = list(value);
  const bad = items.find((id) => !/^i-[0-9a-f]{8,17}$/.test(id));
  if (bad) throw new InvalidArgumentError(`"${echo(bad)}" is not an instance id (like i-0123456789abcdef0)`);
  return [...previous, ...items];
}

export function newJournal(value: string): string {
  if (existsSync(value))
    throw new InvalidArgumentError(`${echo(value)} already exists: journals are never overwritten`);
  return outputFile(value);
}

export function existingFile(value: string): string {
  if (!existsSync(value) || !statSync(value).isFile())
    throw new InvalidArgumentError(`${echo(value)} is not a file`);
  return value;
}

/**
 * Why `value` cannot be an endpoint, or undefined when it can. Credentials (user:password@) and
 * query strings would end up in reports and journals: credentials belong in the AWS chain.
 */
function endpointProblem(value: string): string | undefined {
  if (!URL.canParse(value)) return "must be a URL like http://127.0.0.1:4566";
  const url = new URL(value);
  if (url.protocol !== "http:" && url.protocol !== "https:") return "must be an http or https URL";
  if (url.username || url.password)
    return "must not carry credentials (user:password@): use the AWS credential chain";
  if (url.search || url.hash)
    return "must not carry a query string or fragment (?...): they would be recorded in reports and journals";
  return undefined;
}

export function endpointUrl(value: string): string {
  const problem = endpointProblem(value);
  // Not an InvalidArgumentError: commander would repeat the URL, secrets and all, in its message.
  if (problem) throw new UsageError(`--endpoint-url ${problem}`);
  return value;
}

/** The variables the SDK takes an endpoint from (service-specific ones win over AWS_ENDPOINT_URL). */
const ENDPOINT_VARIABLES = [
  "AWS_ENDPOINT_URL",
  "AWS_ENDPOINT_URL_EC2",
  "AWS_ENDPOINT_URL_STS",
  "AWS_ENDPOINT_URL_CLOUDWATCH",
] as const;

/**
 * The endpoints the SDK will take from the environment, each checked like --endpoint-url (a bad
 * one is bad configuration, exit 2, rather than a TypeError deep in the SDK): EC2's, which reports
 * and journals record, and STS's, where a role profile's AssumeRole goes.
 */
export function environmentEndpoints(env: NodeJS.ProcessEnv): { ec2?: string; sts?: string } {
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === "true") return {};
  for (const name of ENDPOINT_VARIABLES) {
    const value = env[name];
    const problem = value === undefined ? undefined : endpointProblem(value);
    if (problem) throw new UsageError(`${name} ${problem}`);
  }
  const ec2 = env.AWS_ENDPOINT_URL_EC2 ?? env.AWS_ENDPOINT_URL;
  const sts = env.AWS_ENDPOINT_URL_STS ?? env.AWS_ENDPOINT_URL;
  return { ...(ec2 ? { ec2 } : {}), ...(sts ? { sts } : {}) };
}

/** A profile name: an empty one would silently mean the default chain (another account, perhaps). */
export function profileName(value: string): string {
  if (!/^[\w.@+=,/:-]{1,128}$/.test(value)) {
    throw new InvalidArgumentError(
      value === ""
        ? "must not be empty (leave --profile out for the default credential chain)"
        : `"${echo(value)}" is not a profile name`,
    );
  }
  return value;
}

export function outputFile(value: string): string {
  const dir = dirname(resolve(value));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new InvalidArgumentError(`directory ${echo(dir)} does not exist`);
  }
  if (existsSync(value) && statSync(value).isDirectory())
    throw new InvalidArgumentError(`${echo(value)} is a directory`);
  const problem = writeProblem(value);
  if (problem) throw new InvalidArgumentError(problem);
  return value;
}

export function roleName(value: string): string {
  if (!/^[\w+=,.@-]{1,64}$/.test(value)) throw new InvalidArgumentError("must be an IAM role name");
  return value;
}

export function accountIds(value: string, previous: string[] = []): string[] {
  const items = list(value);
  const bad = items.find((id) => !isAccountId(id));
  if (bad) throw new InvalidArgumentError(`"${echo(bad)}" is not a 12-digit AWS account id`);
  return [...new Set([...previous, ...items])];
}

/** An OU id (ou-xxxx-xxxxxxxx) or a root id (r-xxxx), as Organizations spells them; repeatable. */
export function ouIds(value: string, previous: string[] = []): string[] {
  const items = list(value);
  const bad = items.find((id) => !/^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/.test(id));
  if (bad)
    throw new InvalidArgumentError(
      `"${echo(bad)}" is not an OU or root id (like ou-ab12-cd34ef56 or r-ab12)`,
    );
  return [...new Set([...previous, ...items])];
}

/** A role ARN in which `{account}` stands for each account id. */
export function roleArnTemplate(value: string): string {
  if (!/^arn:aws[\w-]*:iam::\{account\}:role\/[\w+=,.@/-]{1,512}$/.test(value)) {
    throw new InvalidArgumentError(
      "must be a role ARN with {account} for the account id, like arn:aws:iam::{account}:role/imds-audit",
    );
  }
  return value;
}

/** sts:AssumeRole's ExternalId: 2 to 1,224 characters of [\w+=,.@:/-]. */
export function externalId(value: string): string {
  if (!/^[\w+=,.@:/-]{2,1224}$/.test(value)) {
    // Not an InvalidArgumentError: commander would repeat the value in its message.
    throw new UsageError("--external-id must be 2 to 1,224 letters, digits or +=,.@:/-");
  }
  return value;
}

/** "I/N": shard I (1-based) of N. */
export function shardSpec(value: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || count > 10_000 || index < 1 || index > count) {
    throw new InvalidArgumentError("must be I/N with 1 <= I <= N <= 10000, like 2/4");
  }
  return { index, count };
}

/** --format: one format, or several comma-separated (each once, in the order given). */
export function formatList(value: string): Format[] {
  const items = list(value);
  const bad = items.find((f) => !(FORMATS as readonly string[]).includes(f));
  if (bad) throw new InvalidArgumentError(`"${echo(bad)}" is not a format (${FORMATS.join(", ")})`);
  return [...new Set(items as Format[])];
}

/** --output-dir: an existing directory, or one to create in an existing directory. */
export function outputDir(value: string): string {
  if (existsSync(value)) {
    if (!statSync(value).isDirectory()) throw new InvalidArgumentError(`${echo(value)} is not a directory`);
    return value;
  }
  const parent = dirname(resolve(value));
  if (!existsSync(parent) || !statSync(parent).isDirectory())
    throw new InvalidArgumentError(`directory ${echo(parent)} does not exist`);
  return value;
}
