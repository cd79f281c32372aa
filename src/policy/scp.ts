// `imds policy scp`: the chosen statements as one SCP within AWS's size limit, or split over
// several when asked, or refused in one line.
import { UsageError } from "../errors.js";
import { LIMITS, minifiedSize, type PolicyDocument, policy, type Statement } from "./document.js";
import { type ScpOptions, scpStatements } from "./scp-statements.js";

export interface ScpResult {
  documents: PolicyDocument[];
  /** Minified size of each document, as AWS counts it. */
  sizes: number[];
}

const fmt = (n: number) => n.toLocaleString("en-US");

/** Greedy, in statement order: each document takes statements while it stays within the limit. */
function pack(statements: Statement[]): PolicyDocument[] {
  const docs: PolicyDocument[] = [];
  let current: Statement[] = [];
  for (const s of statements) {
    if (minifiedSize(policy([s])) > LIMITS.scp) {
      throw new UsageError(
        `statement ${s.Sid} alone is ${fmt(minifiedSize(policy([s])))} characters minified, over AWS's SCP limit of ${fmt(LIMITS.scp)}: use fewer --break-glass-arn (a wildcard pattern can cover several roles)`,
      );
    }
    if (current.length && minifiedSize(policy([...current, s])) > LIMITS.scp) {
      docs.push(policy(current));
      current = [];
    }
    current.push(s);
  }
  if (current.length) docs.push(policy(current));
  return docs;
}

export function buildScp(opts: ScpOptions, split: boolean): ScpResult {
  const statements = scpStatements(opts);
  if (statements.length === 0) throw new UsageError("--statements: choose at least one statement");
  const whole = policy(statements);
  const size = minifiedSize(whole);
  if (size <= LIMITS.scp) return { documents: [whole], sizes: [size] };
  const documents = pack(statements);
  if (!split) {
    throw new UsageError(
      `the SCP is ${fmt(size)} characters minified, over AWS's limit of ${fmt(LIMITS.scp)}: pass --split to get ${documents.length} policies, or choose fewer --statements or --break-glass-arn`,
    );
  }
  return { documents, sizes: documents.map(minifiedSize) };
}
