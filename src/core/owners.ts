// Who owns a launch template or an Auto Scaling group, read from the tags the owner puts on it, and
// the owner's own way to require IMDSv2 there. A service or a stack that owns a resource puts it back
// (or breaks) when changed behind its back, so imds changes only what the account owns. Pure.

export const OWNER_KINDS = [
  "eks",
  "elastic-beanstalk",
  "ecs",
  "karpenter",
  "cloudformation",
  "terraform",
  "account",
] as const;
type OwnerKind = (typeof OWNER_KINDS)[number];

export interface Owner {
  kind: OwnerKind;
  /** The owner's name for it: the node group, the environment, the stack... absent for the account. */
  name?: string;
}

/** A tag that says "Terraform manages this", by common convention (Terraform itself sets no tag). */
function terraformTag(tags: Readonly<Record<string, string>>): boolean {
  return Object.entries(tags).some(([key, value]) => {
    const k = key.toLowerCase().replace(/[-_:]/g, "");
    const v = value.toLowerCase();
    if (k === "managedby" || k === "provisionedby" || k === "createdby") return v.includes("terraform");
    return (k === "terraform" && (v === "true" || v === "yes")) || k === "terraformworkspace";
  });
}

/**
 * The owner named by the tags, the most specific first: a service that runs on a stack (Beanstalk,
 * eksctl) is the owner, not its stack. Tags without an owner's mark mean the account's own.
 */
export function ownerOf(tags: Readonly<Record<string, string>>): Owner {
  const has = (k: string) => Object.hasOwn(tags, k);
  const named = (kind: OwnerKind, name: string | undefined): Owner => (name ? { kind, name } : { kind });
  if (has("eks:nodegroup-name") || has("eks:cluster-name")) {
    const cluster = tags["eks:cluster-name"];
    const group = tags["eks:nodegroup-name"];
    return named("eks", [cluster, group].filter(Boolean).join("/"));
  }
  if (has("elasticbeanstalk:environment-name")) {
    return named("elastic-beanstalk", tags["elasticbeanstalk:environment-name"]);
  }
  if (has("AmazonECSManaged")) return { kind: "ecs" };
  const karpenter = tags["karpenter.sh/nodepool"] ?? tags["karpenter.k8s.aws/cluster"];
  if (karpenter !== undefined || has("karpenter.sh/provisioner-name")) {
    return named("karpenter", karpenter ?? tags["karpenter.sh/provisioner-name"]);
  }
  if (has("aws:cloudformation:stack-name")) {
    return named("cloudformation", tags["aws:cloudformation:stack-name"]);
  }
  return terraformTag(tags) ? { kind: "terraform" } : { kind: "account" };
}

export function isManaged(o: Owner): boolean {
  return o.kind !== "account";
}

/** "EKS node group prod/ng-1", "CloudFormation stack web", "the account". */
export function ownerText(o: Owner): string {
  const n = o.name ? ` ${o.name}` : "";
  switch (o.kind) {
    case "eks":
      return `EKS managed node group${n}`;
    case "elastic-beanstalk":
      return `Elastic Beanstalk environment${n}`;
    case "ecs":
      return "an ECS capacity provider";
    case "karpenter":
      return `Karpenter${o.name ? ` (${o.name})` : ""}`;
    case "cloudformation":
      return `CloudFormation stack${n}`;
    case "terraform":
      return "Terraform";
    default:
      return "the account";
  }
}

/** The owner's own fix: what to change so the owner itself launches with IMDSv2 required. */
export function ownerFix(o: Owner): string {
  switch (o.kind) {
    case "eks":
      return "give the node group a launch template version with HttpTokens=required and update it (aws eks update-nodegroup-version --launch-template ...), or use an AMI with ImdsSupport v2.0";
    case "elastic-beanstalk":
      return "set the environment option aws:autoscaling:launchconfiguration DisableIMDSv1=true (aws elasticbeanstalk update-environment --option-settings ...)";
    case "ecs":
      return "update the launch template of the capacity provider's group (HttpTokens=required, hop limit 2 for tasks using the instance role), then refresh its instances";
    case "karpenter":
      return "set metadataOptions.httpTokens: required in the EC2NodeClass; Karpenter makes new launch templates from it";
    case "cloudformation":
      return "set MetadataOptions.HttpTokens: required in the stack's template and update the stack (a change made outside it is drift the next update undoes)";
    case "terraform":
      return 'set metadata_options { http_tokens = "required" } in the Terraform code and apply it (a change made outside it is drift the next apply undoes)';
    default:
      return "imds enforce --launch-templates";
  }
}
