// The whole scenario file: one account, or an organization of them. Validation, the TypeScript
// types (types.ts) and the published schema/scenario.schema.json all come from here.
import * as v from "valibot";
import { matching, text } from "../../schemas/fields.js";
import { shape } from "../../schemas/shape.js";
import { clockPatchSchema, controlsPatchSchema } from "./controls.js";
import { orgProblem } from "./org-rules.js";
import { orgEntries } from "./org-schema.js";
import { accountContentEntries, optInCheck, securityHubDisabled } from "./schema.js";

export const scenarioSchema = v.pipe(
  shape({
    $schema: v.optional(text()),
    name: v.optional(text()),
    description: v.optional(text()),
    accountId: matching(/^\d{12}$/, "a 12-digit account id"),
    ...accountContentEntries,
    controls: v.optional(controlsPatchSchema),
    clock: v.optional(clockPatchSchema),
    securityHubDisabled: v.optional(securityHubDisabled),
    ...orgEntries,
  }),
  optInCheck("scenario.optedInRegions"),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const problem = orgProblem(dataset.value);
    if (!problem) return;
    let input: unknown = dataset.value;
    const path = problem.path.map((key) => {
      const container = input as Record<string | number, unknown>;
      input = container[key];
      return typeof key === "number"
        ? {
            type: "array" as const,
            origin: "value" as const,
            input: container as unknown as unknown[],
            key,
            value: input,
          }
        : { type: "object" as const, origin: "value" as const, input: container, key, value: input };
    });
    addIssue({ message: problem.message, path: path as [(typeof path)[number], ...(typeof path)[number][]] });
  }),
  v.title("imds simulator scenario"),
  v.description(
    "One simulated AWS account, or an organization of them, for the imds EC2/STS/CloudWatch/Organizations simulator: regions, defaults, instances, launch templates, AMIs, denied permissions, member accounts and controls. docs/scenario.md describes every field.",
  ),
);
