// Organizations' paging: MaxResults 1..20 (the model's limits; 20 when absent, a guess) and an
// opaque NextToken tied to the operation and the parent it lists.

import { decodeToken, encodeToken } from "../ec2/action.js";
import { ApiError } from "../protocol.js";
import { invalidInput } from "./protocol.js";

const PAGE_MAX = 20;

export interface Page<T> {
  items: T[];
  NextToken?: string;
}

function maxResults(value: unknown): number {
  if (value === undefined || value === null) return PAGE_MAX;
  if (typeof value !== "number" || !Number.isInteger(value))
    throw invalidInput("INVALID_ENUM", "You provided a value that is not an integer for MaxResults.");
  if (value < 1)
    throw invalidInput("MIN_VALUE_EXCEEDED", "You provided a value that is less than the minimum allowed.");
  if (value > PAGE_MAX)
    throw invalidInput("MAX_VALUE_EXCEEDED", "You provided a value that exceeds the maximum allowed.");
  return value;
}

/** One page of `all`; `scope` names what is listed (the action and its parent). */
export function page<T>(all: readonly T[], body: Record<string, unknown>, scope: string): Page<T> {
  const size = maxResults(body.MaxResults);
  const token = body.NextToken;
  let start = 0;
  if (token !== undefined && token !== null) {
    try {
      start = decodeToken(String(token), scope, "organizations");
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      throw invalidInput("INVALID_NEXT_TOKEN", "The specified NextToken is not valid.");
    }
  }
  const end = start + size;
  return {
    items: all.slice(start, end),
    ...(end < all.length ? { NextToken: encodeToken(scope, "organizations", end) } : {}),
  };
}
