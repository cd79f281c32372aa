// The Auto Scaling query API's wire details: `.member.N` lists, ValidationError, paging tokens.

import { decodeToken, type Ec2Action } from "../ec2/action.js";
import { ApiError, intParam, listParam, type Params } from "../protocol.js";

/** An Auto Scaling action has the EC2 handlers' shape: validate, then (after permissions) act. No DryRun. */
export type AutoScalingAction = Ec2Action;

export const validationError = (message: string) => new ApiError("ValidationError", 400, message);

/** `Name.member.1`, `Name.member.2`, ... in index order. */
export const memberList = (params: Params, name: string) => listParam(params, `${name}.member`);

/** `Name.member.N.rest` grouped by N, each with its keys relative to the member. */
export function members(params: Params, name: string): Map<string, string>[] {
  const prefix = `${name}.member.`;
  const groups = new Map<number, Map<string, string>>();
  for (const [k, v] of params) {
    if (!k.startsWith(prefix)) continue;
    const rest = k.slice(prefix.length);
    const dot = rest.indexOf(".");
    const n = Number(rest.slice(0, dot));
    if (dot < 0 || !Number.isInteger(n)) continue;
    const m = groups.get(n) ?? new Map<string, string>();
    groups.set(n, m);
    m.set(rest.slice(dot + 1), v);
  }
  return [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([, m]) => m);
}

/** MaxRecords: 1..100, default 50 (Auto Scaling API reference). */
export function maxRecordsParam(params: Params): number {
  const n = intParam(params, "MaxRecords");
  if (n === undefined) return 50;
  if (n < 1 || n > 100) {
    throw validationError(
      `1 validation error detected: Value '${n}' at 'maxRecords' failed to satisfy constraint: Member must have value less than or equal to 100`,
    );
  }
  return n;
}

/** Where a page starts; a token from another action or region is Auto Scaling's InvalidNextToken. */
export function pageStart(params: Params, action: string, region: string): number {
  try {
    return decodeToken(params.get("NextToken"), action, region);
  } catch {
    throw new ApiError("InvalidNextToken", 400, "The token provided is not valid.");
  }
}
