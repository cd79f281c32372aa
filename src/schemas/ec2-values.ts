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
