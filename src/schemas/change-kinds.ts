// What imds changes and leaves alone, one list each for the journal, the change report and core.
// Plain constants (no schema library), so any module may import them.

/** A change imds makes (and journals): one API call each. */
export const CHANGE_KINDS = [
  "account-default",
  "instance",
  /** CreateLaunchTemplateVersion: a version from a source version, IMDSv2 required. */
  "launch-template-version",
  /** ModifyLaunchTemplate: the template's default version. */
  "launch-template-default",
  /** UpdateAutoScalingGroup: the template version a group launches. */
  "auto-scaling-group",
  /** DeleteLaunchTemplateVersions: a version imds created (rollback --delete-created). */
  "launch-template-version-delete",
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** A resource a plan leaves alone, with its reason. */
export const SKIP_KINDS = ["account-default", "instance", "launch-template", "auto-scaling-group"] as const;
export type SkipKind = (typeof SKIP_KINDS)[number];

/** The API action each kind of change calls (its IAM action is `service:Action`). */
export const CHANGE_ACTIONS = {
  "account-default": "ModifyInstanceMetadataDefaults",
  instance: "ModifyInstanceMetadataOptions",
  "launch-template-version": "CreateLaunchTemplateVersion",
  "launch-template-default": "ModifyLaunchTemplate",
  "auto-scaling-group": "UpdateAutoScalingGroup",
  "launch-template-version-delete": "DeleteLaunchTemplateVersions",
} as const satisfies Record<ChangeKind, string>;

/** `ec2:ModifyLaunchTemplate`, `autoscaling:UpdateAutoScalingGroup`: the IAM action of a change's API action. */
export function iamActionOf(action: string): string {
  return `${action === CHANGE_ACTIONS["auto-scaling-group"] ? "autoscaling" : "ec2"}:${action}`;
}
