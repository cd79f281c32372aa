// The JSON Schemas imds publishes (schema/*.json), compiled once with ajv, as a consumer would use them.
import { readdirSync, readFileSync } from "node:fs";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";

const DIR = new URL("../schema/", import.meta.url);

/** File name -> parsed schema, for every file in schema/. */
export const publishedSchemas: ReadonlyMap<string, Record<string, unknown>> = new Map(
  readdirSync(DIR)
    .filter((f) => f.endsWith(".json"))
    .map((f) => [f, JSON.parse(readFileSync(new URL(f, DIR), "utf8")) as Record<string, unknown>]),
);

// Strict mode rejects unknown keywords in the schemas themselves; "date-time" is an annotation here
// (the schema's own pattern checks the timestamp), so ajv-formats is not needed.
const ajv = new Ajv2020({ strict: true, allErrors: true, formats: { "date-time": true } });
const compiled = new Map<string, ValidateFunction>();

/** Problems of `value` (after a trip through JSON) against schema/<file>; empty when it is valid. */
export function problemsAgainst(file: string, value: unknown): string[] {
  const schema = publishedSchemas.get(file);
  if (!schema) throw new Error(`no schema/${file}`);
  let validate = compiled.get(file);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(file, validate);
  }
  const ok = validate(JSON.parse(JSON.stringify(value)));
  return ok ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** The published schema a report follows, told by its `command` (the audit report has none) or its scope. */
function reportSchemaFile(report: object): string {
  const { command, scope } = report as { command?: unknown; scope?: unknown };
  if (scope === "organization") return "org-audit-report.schema.json";
  if (command === "enforce" || command === "rollback") return "change-report.schema.json";
  if (command === "watch") return "watch-report.schema.json";
  return "audit-report.schema.json";
}

/** Problems of any imds report against the schema it follows. */
export function reportProblems(report: object): string[] {
  return problemsAgainst(reportSchemaFile(report), report);
}
