// DescribeAutoScalingGroups: by name or every group, filtered by tags, paginated (MaxRecords 1..100,
// default 50), each with its launch template, mixed instances policy or launch configuration, its
// instances and its tags.
import { BUCKETS } from "../buckets.js";
import { encodeToken, valueMatcher } from "../ec2/action.js";
import type { LaunchTemplateRef, SimGroup } from "../launch-state.js";
import type { Params, Xml } from "../protocol.js";
import {
  type AutoScalingAction,
  maxRecordsParam,
  memberList,
  members,
  pageStart,
  validationError,
} from "./params.js";

const SERVICE_ROLE = "role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling";

function writeSpec(x: Xml, tag: string, ref: LaunchTemplateRef): void {
  x.open(tag)
    .leaf("LaunchTemplateId", ref.id)
    .leaf("LaunchTemplateName", ref.name)
    .leaf("Version", ref.version)
    .close(tag);
}

const list = (x: Xml, tag: string, values: readonly string[]) => {
  x.open(tag);
  for (const v of values) x.leaf("member", v);
  x.close(tag);
};

function writeLaunch(x: Xml, g: SimGroup): void {
  if (g.launchConfigurationName) x.leaf("LaunchConfigurationName", g.launchConfigurationName);
  if (g.launchTemplate) writeSpec(x, "LaunchTemplate", g.launchTemplate);
  if (!g.mixed) return;
  x.open("MixedInstancesPolicy").open("LaunchTemplate");
  writeSpec(x, "LaunchTemplateSpecification", g.mixed.launchTemplate);
  x.open("Overrides");
  for (const o of g.mixed.overrides) {
    x.open("member").leaf("InstanceType", o.instanceType);
    if (o.launchTemplate) writeSpec(x, "LaunchTemplateSpecification", o.launchTemplate);
    x.close("member");
  }
  x.close("Overrides").close("LaunchTemplate");
  x.open("InstancesDistribution")
    .leaf("OnDemandAllocationStrategy", "prioritized")
    .leaf("OnDemandBaseCapacity", 0)
    .leaf("OnDemandPercentageAboveBaseCapacity", 100)
    .leaf("SpotAllocationStrategy", "lowest-price")
    .leaf("SpotInstancePools", 2)
    .close("InstancesDistribution")
    .close("MixedInstancesPolicy");
}

function writeInstances(x: Xml, g: SimGroup): void {
  const ref = g.launchTemplate ?? g.mixed?.launchTemplate;
  x.open("Instances");
  g.instances.forEach((i, n) => {
    x.open("member")
      .leaf("InstanceId", i.id)
      .leaf("AvailabilityZone", g.availabilityZones[n % g.availabilityZones.length])
      .leaf("LifecycleState", "InService")
      .leaf("HealthStatus", "Healthy");
    if (ref && i.launchedVersion) writeSpec(x, "LaunchTemplate", { ...ref, version: i.launchedVersion });
    else if (g.launchConfigurationName) x.leaf("LaunchConfigurationName", g.launchConfigurationName);
    x.leaf("ProtectedFromScaleIn", false).close("member");
  });
  x.close("Instances");
}

function writeGroup(x: Xml, g: SimGroup, accountId: string): void {
  x.leaf("AutoScalingGroupName", g.name).leaf("AutoScalingGroupARN", g.arn);
  writeLaunch(x, g);
  x.leaf("MinSize", g.minSize).leaf("MaxSize", g.maxSize).leaf("DesiredCapacity", g.desiredCapacity);
  x.leaf("DefaultCooldown", 300);
  list(x, "AvailabilityZones", g.availabilityZones);
  list(x, "LoadBalancerNames", []);
  list(x, "TargetGroupARNs", []);
  x.leaf("HealthCheckType", "EC2").leaf("HealthCheckGracePeriod", 300);
  writeInstances(x, g);
  x.leaf("CreatedTime", new Date(g.createdTime).toISOString());
  list(x, "SuspendedProcesses", []);
  list(x, "EnabledMetrics", []);
  x.open("Tags");
  for (const t of g.tags) {
    x.open("member")
      .leaf("ResourceId", g.name)
      .leaf("ResourceType", "auto-scaling-group")
      .leaf("Key", t.key)
      .leaf("Value", t.value)
      .leaf("PropagateAtLaunch", t.propagateAtLaunch)
      .close("member");
  }
  x.close("Tags");
  list(x, "TerminationPolicies", ["Default"]);
  x.leaf("NewInstancesProtectedFromScaleIn", false)
    .leaf("ServiceLinkedRoleARN", `arn:aws:iam::${accountId}:${SERVICE_ROLE}`)
    .leaf("CapacityRebalance", false);
}

/** `tag-key`, `tag-value` and `tag:<key>` filters (values OR-ed, filters AND-ed). */
function tagFilter(params: Params): (g: SimGroup) => boolean {
  const predicates = members(params, "Filters").map((f) => {
    const name = f.get("Name") ?? "";
    const values = [...f.entries()].filter(([k]) => k.startsWith("Values.member.")).map(([, v]) => v);
    const match = valueMatcher(values);
    if (name === "tag-key") return (g: SimGroup) => g.tags.some((t) => match(t.key));
    if (name === "tag-value") return (g: SimGroup) => g.tags.some((t) => match(t.value));
    if (name.startsWith("tag:") && name.length > 4) {
      return (g: SimGroup) => g.tags.some((t) => t.key === name.slice(4) && match(t.value));
    }
    throw validationError(`Filter name ${name} is invalid: use tag-key, tag-value or tag:<key>.`);
  });
  return (g) => predicates.every((p) => p(g));
}

export const describeAutoScalingGroups: AutoScalingAction = {
  bucket: () => ({ key: "DescribeAutoScalingGroups", size: BUCKETS.describe }),
  prepare(params, ctx) {
    const names = memberList(params, "AutoScalingGroupNames");
    const max = maxRecordsParam(params);
    const matches = tagFilter(params);
    const region = ctx.region;
    const offset = pageStart(params, "DescribeAutoScalingGroups", region.name);
    return (xml) => {
      // Names that do not exist are simply absent from the answer, as in AWS.
      const groups = region.groups.filter(
        (g) => (names.length === 0 || names.includes(g.name)) && matches(g),
      );
      const end = Math.min(groups.length, offset + max);
      xml.open("AutoScalingGroups");
      for (const g of groups.slice(offset, end)) {
        xml.open("member");
        writeGroup(xml, g, ctx.state.accountId);
        xml.close("member");
      }
      xml.close("AutoScalingGroups");
      if (end < groups.length)
        xml.leaf("NextToken", encodeToken("DescribeAutoScalingGroups", region.name, end));
    };
  },
};
