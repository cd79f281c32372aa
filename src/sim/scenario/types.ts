// The scenario file's types, inferred from its schema (schema.ts). docs/scenario.md describes every field.
import type * as v from "valibot";
import type { HTTP_TOKENS, INSTANCE_STATES, TOGGLES } from "../../schemas/ec2-values.js";
import type { groupSchema, templateRefSchema } from "./launch-schema.js";
import type {
  ACCOUNT_STATUSES,
  ASSUME_ROLE_OUTCOMES,
  accountSchema,
  JOINED_METHODS,
  orgGenerateSchema,
} from "./org-schema.js";
import type { scenarioSchema } from "./scenario-schema.js";
import type {
  generateSchema,
  IMAGE_STATES,
  instanceSchema,
  metadataOptionsSchema,
  mixEntrySchema,
  regionSchema,
  templateVersionSchema,
  usageSchema,
} from "./schema.js";

export { HTTP_TOKENS, TOGGLES } from "../../schemas/ec2-values.js";

export type HttpTokens = (typeof HTTP_TOKENS)[number];
export type Toggle = (typeof TOGGLES)[number];
export type InstanceStateName = (typeof INSTANCE_STATES)[number];
export type ImageState = (typeof IMAGE_STATES)[number];

type Out<S extends v.GenericSchema> = v.InferOutput<S>;

/** Instance metadata options; in a scenario every field is optional and falls back to AWS's launch defaults. */
export type MetadataOptionsSpec = Out<typeof metadataOptionsSchema>;
/** IMDS usage behind the CloudWatch metrics `MetadataNoToken` / `MetadataNoTokenRejected`. */
export type UsageSpec = Out<typeof usageSchema>;
export type InstanceSpec = Out<typeof instanceSchema>;
/** What an instance feeds CloudWatch: its usage, or nothing at all (`metrics: false`). */
export type MetricsSpec = Pick<InstanceSpec, "usage" | "metrics">;
/** One kind of generated instance; `tags` values that are lists are picked from at random. */
export type MixEntry = Out<typeof mixEntrySchema>;
export type GenerateSpec = Out<typeof generateSchema>;
export type LaunchTemplateVersionSpec = Out<typeof templateVersionSchema>;
export type GroupSpec = Out<typeof groupSchema>;
export type TemplateRefSpec = Out<typeof templateRefSchema>;
export type RegionSpec = Out<typeof regionSchema>;
export type Scenario = Out<typeof scenarioSchema>;

// The organization part.
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];
export type AssumeRoleOutcome = (typeof ASSUME_ROLE_OUTCOMES)[number];
export type JoinedMethod = (typeof JOINED_METHODS)[number];
/** What one account holds: the same content a single-account scenario has at its top level. */
export type AccountContentSpec = Pick<Scenario, "optedInRegions" | "regions" | "denied">;
export type AccountSpec = Out<typeof accountSchema>;
/** `"generate": { "accounts": 500, "regions": 17, "instancesPerRegion": 20 }`: member accounts. */
export type OrgGenerateSpec = Out<typeof orgGenerateSchema>;
