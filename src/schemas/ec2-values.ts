// EC2's own value lists, spelled as its API spells them: one list each for the scenario, the
// reports and core. Plain constants (no schema library), so any module may import them.

export const HTTP_TOKENS = ["optional", "required"] as const;
export const TOGGLES = ["enabled", "disabled"] as const;
export const INSTANCE_STATES = [
  "pending",
  "running",
  "stopping",
  "stopped",
  "shutting-down",
  "terminated",
] as const;

/** A region name as AWS spells it, e.g. eu-west-1, us-gov-east-1. */
export const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** The kinds of resource imds judges, as reports name them. */
export const RESOURCE_KINDS = [
  "account-default",
  "instance",
  "launch-template",
  "image",
  "auto-scaling-group",
  "launch-configuration",
] as const;
