// `imds policy iam`: the least-privilege identity policy imds itself needs, from the actions table.
import { type Access, entriesFor, USES, type Use } from "./actions.js";
import { checkSize, type Partition, type PolicyDocument, policy, type Statement } from "./document.js";

/** What `--for` accepts: each use, or all of them. */
export const IAM_TARGETS = [...USES, "all"] as const;
export type IamTarget = (typeof IAM_TARGETS)[number];

export interface IamOptions {
  for: readonly IamTarget[];
  /** The role imds assumes in member accounts (organization audits). */
  roleName: string;
  partition: Partition;
}

/** The uses a `--for` list names, in table order. */
export function usesOf(targets: readonly IamTarget[]): Use[] {
  return targets.includes("all") ? [...USES] : USES.filter((u) => targets.includes(u));
}

const SIDS = {
  read: "ImdsRead",
  write: "ImdsWrite",
  "assume-role": "ImdsAssumeMemberRole",
} as const satisfies Record<Access, string>;

/** The IAM actions a set of uses calls, in table order. */
export function iamActions(uses: readonly Use[]): string[] {
  return entriesFor(uses).map((e) => e.action);
}

export function iamPolicy(opts: IamOptions): PolicyDocument {
  const entries = entriesFor(usesOf(opts.for));
  const statements: Statement[] = [];
  for (const access of Object.keys(SIDS) as Access[]) {
    const actions = entries.filter((e) => e.access === access).map((e) => e.action);
    if (actions.length === 0) continue;
    // Describe*/Get*, the metadata writes and GetMetricData accept only "*" or apply to any
    // instance; AssumeRole is narrowed to the one role name in any account.
    const resource = access === "assume-role" ? `arn:${opts.partition}:iam::*:role/${opts.roleName}` : "*";
    statements.push({ Sid: SIDS[access], Effect: "Allow", Action: actions.sort(), Resource: resource });
  }
  const doc = policy(statements);
  checkSize("iam", doc, "name fewer commands with --for");
  return doc;
}
