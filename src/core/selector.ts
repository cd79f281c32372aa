// Which resources a config selector covers (exceptions, hop-limit rules). Pure.
import type { Selector } from "../schemas/config.js";
import type { ResourceKind } from "./types.js";

/** A resource as selectors see it: where it is, what it is, and its tags. */
export interface Target {
  account: string;
  region: string;
  kind: ResourceKind;
  id: string;
  /** The resource's ARN, when it has one (the account default has none). */
  arn?: string | undefined;
  name?: string | undefined;
  tags?: Readonly<Record<string, string>> | undefined;
}

/** A selector compiled once: each key a test; absent keys match everything. */
export interface Matcher {
  /** Whether the resource is covered (the finding code aside). */
  covers(target: Target): boolean;
  /** Whether a finding code is covered (every code when the selector names none). */
  coversCode(code: string): boolean;
  /** Whether it can cover anything in these accounts and regions (for "out of scope"). */
  within(account: string, regions: readonly string[]): boolean;
}

const cache = new Map<string, RegExp>();

/** A glob (`*` any run of characters, `?` one character) as an anchored, case-sensitive RegExp. */
export function globRegExp(glob: string): RegExp {
  let re = cache.get(glob);
  if (!re) {
    const body = glob
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".");
    re = new RegExp(`^${body}$`, "s");
    cache.set(glob, re);
  }
  return re;
}

const asList = <T>(value: T | readonly T[] | undefined): readonly T[] | undefined =>
  value === undefined ? undefined : Array.isArray(value) ? value : [value as T];

/** A test over one value: true when no patterns were given, else when any pattern matches. */
function anyOf(patterns: readonly string[] | undefined): (value: string | undefined) => boolean {
  if (!patterns) return () => true;
  const res = patterns.map(globRegExp);
  return (value) => value !== undefined && res.some((re) => re.test(value));
}

export function compileSelector(s: Selector = {}): Matcher {
  const account = anyOf(asList(s.account));
  const region = anyOf(asList(s.region));
  const resource = anyOf(asList(s.resource));
  const name = anyOf(asList(s.name));
  const code = anyOf(asList(s.code));
  const kinds = asList(s.kind);
  const tags = Object.entries(s.tags ?? {}).map(([key, glob]) => [key, anyOf([glob])] as const);
  return {
    covers: (t) =>
      account(t.account) &&
      region(t.region) &&
      (kinds === undefined || kinds.includes(t.kind)) &&
      (s.resource === undefined || resource(t.id) || resource(t.arn)) &&
      name(t.name) &&
      tags.every(([key, test]) => test(t.tags?.[key])),
    coversCode: code,
    within: (acct, regions) => account(acct) && regions.some((r) => region(r)),
  };
}

/** The ARN of a resource imds judges; undefined for the account default. */
export function arnOf(
  partition: string,
  account: string,
  region: string,
  kind: ResourceKind,
  id: string,
): string | undefined {
  const type = { instance: "instance", "launch-template": "launch-template", image: "image" } as const;
  // Auto Scaling ARNs carry an id AWS assigns (the group's settings.arn has it): none made up here.
  if (kind === "account-default" || kind === "auto-scaling-group" || kind === "launch-configuration")
    return undefined;
  // A launch template version's id is "lt-...:vN"; the ARN names the template.
  const resourceId = kind === "launch-template" ? id.split(":")[0] : id;
  return `arn:${partition}:ec2:${region}:${account}:${type[kind]}/${resourceId}`;
}

/** The partition of an ARN ("aws" when there is none). */
export function partitionOf(arn: string | undefined): string {
  return arn?.split(":")[1] || "aws";
}
