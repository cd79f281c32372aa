// What the simulator's launch paths hold, read independently of imds: templates (default version
// and every version's launch data) and groups (the template and version each launches).
import { DescribeLaunchTemplateVersionsCommand, type LaunchTemplateVersion } from "@aws-sdk/client-ec2";
import type { SimState, Simulator } from "../../src/sim/index.js";
import { ec2 } from "../sim/clients.js";

export interface LaunchSnapshot {
  templates: Record<
    string,
    { defaultVersion: number; versions: Record<number, { description?: string; data: unknown }> }
  >;
  groups: Record<string, { launchTemplate?: unknown; mixed?: unknown; launchConfigurationName?: string }>;
}

export function launchSnapshot(state: SimState, region: string): LaunchSnapshot {
  const r = state.region(region);
  const out: LaunchSnapshot = { templates: {}, groups: {} };
  for (const t of r?.templates ?? []) {
    out.templates[t.name] = {
      defaultVersion: t.defaultVersion,
      versions: Object.fromEntries(
        t.versions.map((v) => [
          v.versionNumber,
          structuredClone({ ...(v.description ? { description: v.description } : {}), data: v.data }),
        ]),
      ),
    };
  }
  for (const g of r?.groups ?? []) {
    out.groups[g.name] = structuredClone({
      ...(g.launchTemplate ? { launchTemplate: g.launchTemplate } : {}),
      ...(g.mixed ? { mixed: g.mixed } : {}),
      ...(g.launchConfigurationName ? { launchConfigurationName: g.launchConfigurationName } : {}),
    });
  }
  return out;
}

/** Launch-path writes the simulator answered (DryRun probes included). */
export function launchWrites(sim: Simulator): number {
  return [
    "CreateLaunchTemplateVersion",
    "ModifyLaunchTemplate",
    "UpdateAutoScalingGroup",
    "DeleteLaunchTemplateVersions",
  ]
    .map((action) => sim.log.count({ action }))
    .reduce((a, b) => a + b, 0);
}

/**
 * A template's versions as EC2 answers them (DescribeLaunchTemplateVersions through the SDK, as any
 * AWS user reads them), by version number: what "identical but for the metadata options" is judged on.
 */
export async function describedVersions(
  sim: Simulator,
  region: string,
  name: string,
): Promise<Record<number, LaunchTemplateVersion>> {
  const client = ec2(sim.url, region);
  try {
    const out = await client.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateName: name }));
    return Object.fromEntries((out.LaunchTemplateVersions ?? []).map((v) => [v.VersionNumber ?? 0, v]));
  } finally {
    client.destroy();
  }
}
