// Commander argument parsers: each checks one option's value and says, in one line, what is wrong.
import { existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { InvalidArgumentError } from "@commander-js/extra-typings";
import { INSTANCE_STATES } from "../core/types.js";
import { UsageError } from "../errors.js";
import { FORMATS, type Format } from "../render/formats.js";

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
  const bad = items.find((r) => !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(r));
  if (bad) throw new InvalidArgumentError(`"${bad}" is not a region name (like eu-west-1)`);
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
    throw new InvalidArgumentError(`"${bad}" is not an instance state (${INSTANCE_STATES.join(", ")})`);
  return items;
}

export function tagPair(value: string, previous: [string, string][] = []): [string, string][] {
  const eq = value.indexOf("=");
  if (eq <= 0) throw new InvalidArgumentError(`"${value}" is not KEY=VALUE (like env=prod)`);
  return [...previous, [value.slice(0, eq), value.slice(eq + 1)]];
}

export function hopLimit(value: string): number | "no-preference" {
  if (value === "no-preference") return value;
  return intIn(1, 64)(value);
}

export function instanceIds(value: string, previous: string[] = []): string[] {
  const items = list(value);
  const bad = items.find((id) => !/^i-[0-9a-f]{8,17}$/.test(id));
  if (bad) throw new InvalidArgumentError(`"${bad}" is not an instance id (like i-0123456789abcdef0)`);
  return [...previous, ...items];
}

export function newJournal(value: string): string {
  const path = outputFile(value);
  if (existsSync(path))
    throw new InvalidArgumentError(`${path} already exists: journals are never overwritten`);
  return path;
}

export function existingFile(value: string): string {
  if (!existsSync(value) || !statSync(value).isFile())
    throw new InvalidArgumentError(`${value} is not a file`);
  return value;
}

export function endpointUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError("must be a URL like http://127.0.0.1:4566");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new InvalidArgumentError("must be http or https");
  // A user:password in the URL would end up in reports and journals; credentials belong in the AWS chain.
  if (url.username || url.password) {
    // Not an InvalidArgumentError: commander would repeat the URL, credentials and all, in its message.
    throw new UsageError(
      "--endpoint-url must not carry credentials (user:password@): use the AWS credential chain",
    );
  }
  return value;
}

export function outputFile(value: string): string {
  const dir = dirname(resolve(value));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new InvalidArgumentError(`directory ${dir} does not exist`);
  }
  if (existsSync(value) && statSync(value).isDirectory())
    throw new InvalidArgumentError(`${value} is a directory`);
  return value;
}

/** --format: one format, or several comma-separated (each once, in the order given). */
export function formatList(value: string): Format[] {
  const items = list(value);
  const bad = items.find((f) => !(FORMATS as readonly string[]).includes(f));
  if (bad) throw new InvalidArgumentError(`"${bad}" is not a format (${FORMATS.join(", ")})`);
  return [...new Set(items as Format[])];
}

/** --output-dir: an existing directory, or one to create in an existing directory. */
export function outputDir(value: string): string {
  if (existsSync(value)) {
    if (!statSync(value).isDirectory()) throw new InvalidArgumentError(`${value} is not a directory`);
    return value;
  }
  const parent = dirname(resolve(value));
  if (!existsSync(parent) || !statSync(parent).isDirectory())
    throw new InvalidArgumentError(`directory ${parent} does not exist`);
  return value;
}
