// Thin adapters over the Auto Scaling SDK client: groups (with the templates each launches from, and
// where it names them), launch configurations, and moving a group to another template version.
import {
  type AutoScalingClient,
  type AutoScalingGroup,
  DescribeAutoScalingGroupsCommand,
  type LaunchTemplateSpecification,
  paginateDescribeAutoScalingGroups,
  paginateDescribeLaunchConfigurations,
  UpdateAutoScalingGroupCommand,
} from "@aws-sdk/client-auto-scaling";
import type { GroupRecord, LaunchConfigurationRecord, RefSlot, TemplateRef } from "../core/launch-types.js";

function refOf(spec: LaunchTemplateSpecification | undefined): TemplateRef | undefined {
  if (!spec) return undefined;
  return {
    templateId: spec.LaunchTemplateId ?? "",
    templateName: spec.LaunchTemplateName ?? "",
    // A group that names no version launches the default one.
    version: spec.Version ?? "$Default",
  };
}

function groupRecord(g: AutoScalingGroup): GroupRecord {
  const tags: Record<string, string> = {};
  for (const t of g.Tags ?? []) if (t.Key !== undefined) tags[t.Key] = t.Value ?? "";
  const templates: GroupRecord["templates"] = [];
  const add = (spec: LaunchTemplateSpecification | undefined, slot: RefSlot) => {
    const ref = refOf(spec);
    if (ref) templates.push({ ...ref, slot });
  };
  add(g.LaunchTemplate, "launch-template");
  const mixed = g.MixedInstancesPolicy?.LaunchTemplate;
  add(mixed?.LaunchTemplateSpecification, "mixed-policy");
  for (const [i, o] of (mixed?.Overrides ?? []).entries())
    add(o.LaunchTemplateSpecification, `override-${i}`);
  return {
    name: g.AutoScalingGroupName ?? "",
    ...(g.AutoScalingGroupARN ? { arn: g.AutoScalingGroupARN } : {}),
    tags,
    templates,
    ...(g.LaunchConfigurationName ? { launchConfigurationName: g.LaunchConfigurationName } : {}),
    instanceIds: (g.Instances ?? []).flatMap((i) => (i.InstanceId ? [i.InstanceId] : [])),
  };
}

export async function readGroups(client: AutoScalingClient): Promise<GroupRecord[]> {
  const out: GroupRecord[] = [];
  for await (const page of paginateDescribeAutoScalingGroups({ client, pageSize: 100 }, {})) {
    for (const g of page.AutoScalingGroups ?? []) out.push(groupRecord(g));
  }
  return out;
}

/** Names per DescribeAutoScalingGroups call (the API takes 50 unless MaxRecords is raised). */
const NAMES_PER_CALL = 50;

export async function readGroupsByName(
  client: AutoScalingClient,
  names: readonly string[],
): Promise<GroupRecord[]> {
  const out: GroupRecord[] = [];
  for (let i = 0; i < names.length; i += NAMES_PER_CALL) {
    const batch = names.slice(i, i + NAMES_PER_CALL);
    let token: string | undefined;
    do {
      const page = await client.send(
        new DescribeAutoScalingGroupsCommand({
          AutoScalingGroupNames: batch,
          ...(token ? { NextToken: token } : {}),
        }),
      );
      for (const g of page.AutoScalingGroups ?? []) out.push(groupRecord(g));
      token = page.NextToken;
    } while (token);
  }
  return out;
}

export async function readLaunchConfigurations(
  client: AutoScalingClient,
): Promise<LaunchConfigurationRecord[]> {
  const out: LaunchConfigurationRecord[] = [];
  for await (const page of paginateDescribeLaunchConfigurations({ client, pageSize: 100 }, {})) {
    for (const c of page.LaunchConfigurations ?? []) {
      const m = c.MetadataOptions;
      const metadata = JSON.parse(
        JSON.stringify({
          httpTokens: m?.HttpTokens,
          hopLimit: m?.HttpPutResponseHopLimit,
          httpEndpoint: m?.HttpEndpoint,
        }),
      ) as LaunchConfigurationRecord["metadata"];
      out.push({
        name: c.LaunchConfigurationName ?? "",
        ...(c.LaunchConfigurationARN ? { arn: c.LaunchConfigurationARN } : {}),
        ...(c.ImageId ? { imageId: c.ImageId } : {}),
        ...(metadata && Object.keys(metadata).length ? { metadata } : {}),
      });
    }
  }
  return out;
}

/**
 * Points a group's launch template (or its mixed instances policy's) at `version`. Auto Scaling has
 * no DryRun: this call is made only for real.
 */
export async function setGroupVersion(
  client: AutoScalingClient,
  group: string,
  slot: RefSlot,
  templateId: string,
  version: string,
): Promise<void> {
  if (slot !== "launch-template" && slot !== "mixed-policy") {
    throw new Error(`imds moves a group's launch template or mixed policy's, not ${slot}`);
  }
  const spec = { LaunchTemplateId: templateId, Version: version };
  await client.send(
    new UpdateAutoScalingGroupCommand({
      AutoScalingGroupName: group,
      ...(slot === "mixed-policy"
        ? { MixedInstancesPolicy: { LaunchTemplate: { LaunchTemplateSpecification: spec } } }
        : { LaunchTemplate: spec }),
    }),
  );
}
