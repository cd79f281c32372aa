// The scenario file's types, inferred from its schema (schema.ts). docs/scenario.md describes every field.
import type * as v from "valibot";
import type { HTTP_TOKENS, INSTANCE_STATES, TOGGLES } from "../../schemas/ec2-values.js";
import type {
  ACCOUNT_STATUSES,
  ASSUME_ROLE_OUTCOMES,
  accountSchema,
  JOINED_METHODS,
  organizationSchema,
  orgGenerateSchema,
} from "./org-schema.js";
import type { scenarioSchema } from "./scenario-schema.js";
import type {
  accountDefaultsSchema,
  generateSchema,
  IMAGE_STATES,
  imageSchema,
  instanceSchema,
  launchTemplateSchema,
  metadataOptionsSchema,
  mixEntrySchema,
  regionSchema,
  templateVersionSchema,
  usageSchema,
} from "./schema.js";

export { HTTP_TOKENS, INSTANCE_STATES, TOGGLES } from "../../schemas/ec2-values.js";
export { IMAGE_STATES } from "./schema.js";

export type HttpTokens = (typeof HTTP_TOKENS)[number];
export type Toggle = (typeof TOGGLES)[number];
export type InstanceStateName = (typeof INSTANCE_STATES)[number];
export type ImageState = (typeof IMAGE_STATES)[number];

type Out<S extends v.GenericSchema> = v.InferOutput<S>;

/** Instance metadata options; in a scenario every field is optional and falls back to AWS's launch defaults. */
export type MetadataOptionsSpec = Out<typeof metadataOptionsSchema>;
/** The account-level defaults of one region; an absent field is "no preference". */
export type AccountDefaultsSpec = Out<typeof accountDefaultsSchema>;
/** IMDS usage behind the CloudWatch metrics `MetadataNoToken` / `MetadataNoTokenRejected`. */
export type UsageSpec = Out<typeof usageSchema>;
export type InstanceSpec = Out<typeof instanceSchema>;
/** What an instance feeds CloudWatch: its usage, or nothing at all (`metrics: false`). */
export type MetricsSpec = Pick<InstanceSpec, "usage" | "metrics">;
/** One kind of generated instance; `tags` values that are lists are picked from at random. */
export type MixEntry = Out<typeof mixEntrySchema>;
export type GenerateSpec = Out<typeof generateSchema>;
export type LaunchTemplateVersionSpec = Out<typeof templateVersionSchema>;
export type LaunchTemplateSpec = Out<typeof launchTemplateSchema>;
export type ImageSpec = Out<typeof imageSchema>;
export type RegionSpec = Out<typeof regionSchema>;
export type Scenario = Out<typeof scenarioSchema>;

// The organization part.
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];
export type AssumeRoleOutcome = (typeof ASSUME_ROLE_OUTCOMES)[number];
export type JoinedMethod = (typeof JOINED_METHODS)[number];
/** What one account holds: the same content a single-account scenario has at its top level. */
export type AccountContentSpec = Pick<Scenario, "optedInRegions" | "regions" | "denied">;
export type AccountSpec = Out<typeof accountSchema>;
export type OrganizationSpec = Out<typeof organizationSchema>;
/** `"generate": { "accounts": 500, "regions": 17, "instancesPerRegion": 20 }`: member accounts. */
export type OrgGenerateSpec = Out<typeof orgGenerateSchema>;
