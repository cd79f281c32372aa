// The shape every EC2 action handler has, and helpers shared by the paginated ones.

import type { BucketSize, Controls } from "../controls.js";
import { ApiError, intParam, invalidParameterValue, type Params, type Xml } from "../protocol.js";
import type { RegionState, SimState } from "../state.js";

/** How much of each instance and template version the replies carry (see docs/scenario.md). */
export type Payload = "minimal" | "realistic";
export const PAYLOADS = ["minimal", "realistic"] as const satisfies readonly Payload[];

export interface Ec2Context {
  readonly payload: Payload;
  readonly state: SimState;
  readonly region: RegionState;
  readonly controls: Controls;
  /** Epoch ms of the request (the simulator's clock). */
  readonly now: number;
  /** Fault `extra-fields`: a modify also changes fields the request did not name. */
  readonly extraFields?: boolean;
}

export interface Ec2Action {
  /** The token bucket this request draws from (depends on the request for DescribeInstances). */
  bucket(params: Params): { key: string; size: BucketSize };
  /**
   * Validates the request's parameters (throwing InvalidParameterValue and friends) and returns
   * the work to do. The dispatcher checks permissions and DryRun between the two steps, so a
   * DryRun call validates its input but never touches a resource.
   */
  prepare(params: Params, ctx: Ec2Context): (xml: Xml) => void;
}

/** An opaque NextToken: which action and region it belongs to, and where the next page starts. */
export function encodeToken(action: string, region: string, offset: number): string {
  return Buffer.from(`${action}|${region}|${offset}`).toString("base64url");
}

export function decodeToken(token: string | undefined, action: string, region: string): number {
  if (token === undefined) return 0;
  const [a, r, o] = Buffer.from(token, "base64url").toString("utf8").split("|");
  const offset = Number(o);
  if (a !== action || r !== region || !Number.isInteger(offset) || offset < 0) {
    throw invalidParameterValue(`The value '${token}' for parameter nextToken is invalid.`);
  }
  return offset;
}

export function maxResultsParam(params: Params, min: number, max: number): number | undefined {
  const value = intParam(params, "MaxResults");
  if (value !== undefined && (value < min || value > max)) {
    throw invalidParameterValue(
      `Value ( ${value} ) for parameter maxResults is invalid. Expecting a value between ${min} and ${max}.`,
    );
  }
  return value;
}

/**
 * One predicate for a request's filters over plain fields: values OR-ed within a filter, filters
 * AND-ed; an unknown filter name is AWS's InvalidParameterValue.
 */
export function fieldFilters<T>(
  filters: readonly { name: string; values: string[] }[],
  fields: Record<string, (item: T) => string | undefined>,
): (item: T) => boolean {
  const predicates = filters.map((f) => {
    const read = fields[f.name];
    if (!read) throw invalidFilter(f.name);
    const match = valueMatcher(f.values);
    return (item: T) => match(read(item));
  });
  return (item) => predicates.every((p) => p(item));
}

/** AWS filter values accept `*` and `?` wildcards. */
export function valueMatcher(values: readonly string[]): (actual: string | undefined) => boolean {
  const exact = new Set(values.filter((v) => !/[*?]/.test(v)));
  const patterns = values
    .filter((v) => /[*?]/.test(v))
    .map(
      (v) =>
        new RegExp(
          `^${v
            .replace(/[.+^${}()|[\]\\]/g, "\\$&")
            .replace(/\*/g, ".*")
            .replace(/\?/g, ".")}$`,
        ),
    );
  return (actual) => actual !== undefined && (exact.has(actual) || patterns.some((p) => p.test(actual)));
}

export function invalidFilter(name: string): ApiError {
  return new ApiError("InvalidParameterValue", 400, `The filter '${name}' is invalid`);
}
