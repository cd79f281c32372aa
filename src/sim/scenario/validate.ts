// Checks parsed JSON against a schema; the first problem is thrown as one ScenarioError line naming
// its path, e.g. `scenario.regions.eu-west-1.defaults.httpTokens: must be optional|required (got "yes")`.
import * as v from "valibot";
import { dottedPath, problemOf, shown } from "../../schemas/problem.js";
import { scenarioSchema } from "./scenario-schema.js";
import type { Scenario } from "./types.js";

export class ScenarioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ScenarioError";
  }
}

/** `value` as `schema` describes it, or a ScenarioError naming the first bad path under `root`. */
export function parseAt<S extends v.GenericSchema>(
  schema: S,
  value: unknown,
  root: string,
): v.InferOutput<S> {
  const result = v.safeParse(schema, value, { abortEarly: true });
  if (result.success) return result.output;
  const [issue] = result.issues;
  const p = problemOf(issue);
  const where = dottedPath(root, p.path);
  if (p.kind === "unknown") throw new ScenarioError(`${where}: unknown field (${p.message})`);
  if (p.kind === "rule") throw new ScenarioError(`${where}: ${p.message}`);
  throw new ScenarioError(`${where}: must be ${p.message} (got ${shown(p.input)})`);
}

export function validateScenario(value: unknown): Scenario {
  return parseAt(scenarioSchema, value, "scenario");
}
