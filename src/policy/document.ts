// The shape of IAM-language policy documents (IAM and SCP), how AWS measures them, and the limits.
import { UsageError } from "../errors.js";

export type ConditionBlock = Record<string, Record<string, string | string[]>>;

export interface Statement {
  Sid: string;
  Effect: "Allow" | "Deny";
  Action: string | string[];
  Resource: string | string[];
  Condition?: ConditionBlock;
}

export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: Statement[];
}

/**
 * Maximum document sizes in characters, AWS Organizations quotas
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html): the
 * console strips white space outside strings before counting; the API and CLI count the document
 * as sent. IAM managed policies: 6,144 characters, white space not counted
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
 */
export const LIMITS = { scp: 5120, declarative: 10_000, iam: 6144 } as const;
export type LimitedKind = keyof typeof LIMITS;

export const PARTITIONS = ["aws", "aws-cn", "aws-us-gov"] as const;

/** An IAM role or user ARN a policy may name as a principal (wildcards allowed), or an account's root. */
export const PRINCIPAL_ARN =
  /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}|\*):(root|(role|user)\/[\w+=,.@*?/-]+)$/;
export type Partition = (typeof PARTITIONS)[number];

export function policy(statements: Statement[]): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements };
}

/** The size AWS counts once white space outside strings is gone: the minified JSON's length. */
export function minifiedSize(doc: unknown): number {
  return JSON.stringify(doc).length;
}

/** The document as imds prints it: indented for people, or minified (what the API counts). */
export function toJson(doc: unknown, minify = false): string {
  return `${minify ? JSON.stringify(doc) : JSON.stringify(doc, null, 2)}\n`;
}

/** Refuses, in one line, a document over its kind's limit. */
export function checkSize(kind: LimitedKind, doc: unknown, hint: string): number {
  const size = minifiedSize(doc);
  if (size > LIMITS[kind]) {
    throw new UsageError(
      `the ${kind === "scp" ? "SCP" : `${kind} policy`} is ${size.toLocaleString("en-US")} characters minified, over AWS's limit of ${LIMITS[kind].toLocaleString("en-US")}: ${hint}`,
    );
  }
  return size;
}
