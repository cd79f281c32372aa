// UpdateAutoScalingGroup: the group's launch template (or mixed instances policy's, or launch
// configuration) and sizes. Running instances keep what they were launched with. Parameters the
// simulator does not model are refused, never dropped.
import { BUCKETS } from "../buckets.js";
import { findTemplate, findVersion } from "../ec2/template-lookup.js";
import type { LaunchTemplateRef, SimGroup } from "../launch-state.js";
import { ApiError, intParam, type Params } from "../protocol.js";
import type { RegionState } from "../state.js";
import { type AutoScalingAction, members, validationError } from "./params.js";

const KNOWN =
  /^(AutoScalingGroupName|MinSize|MaxSize|DesiredCapacity|LaunchConfigurationName|LaunchTemplate\.(LaunchTemplateId|LaunchTemplateName|Version)|MixedInstancesPolicy\.LaunchTemplate\.(LaunchTemplateSpecification\.(LaunchTemplateId|LaunchTemplateName|Version)|Overrides\.member\.\d+\.(InstanceType|LaunchTemplateSpecification\.(LaunchTemplateId|LaunchTemplateName|Version))))$/;

type Spec = { id?: string; name?: string; version?: string };

function specAt(get: (k: string) => string | undefined, prefix: string): Spec | undefined {
  const spec = {
    id: get(`${prefix}LaunchTemplateId`),
    name: get(`${prefix}LaunchTemplateName`),
    version: get(`${prefix}Version`),
  };
  return Object.values(spec).some((v) => v !== undefined) ? spec : undefined;
}

/** A launch template spec as an existing template and version, or Auto Scaling's ValidationError. */
function resolveSpec(region: RegionState, spec: Spec): LaunchTemplateRef {
  if ((spec.id === undefined) === (spec.name === undefined)) {
    throw validationError("Valid requests must contain either LaunchTemplateId or LaunchTemplateName.");
  }
  try {
    const t = findTemplate(region, spec.id !== undefined ? { id: spec.id } : { name: spec.name as string });
    const version = spec.version ?? "$Default";
    findVersion(t, version);
    return { id: t.id, name: t.name, version };
  } catch (err) {
    if (err instanceof ApiError)
      throw validationError(`You must use a valid fully-formed launch template. ${err.message}`);
    throw err;
  }
}

interface Update {
  name: string;
  sizes: { min?: number | undefined; max?: number | undefined; desired?: number | undefined };
  launchConfigurationName?: string | undefined;
  launchTemplate?: Spec | undefined;
  mixed?: { spec?: Spec | undefined; overrides?: { instanceType?: string; spec?: Spec }[] | undefined };
}

function updateOf(params: Params): Update {
  const unknown = [...params.keys()].find((k) => k !== "Action" && k !== "Version" && !KNOWN.test(k));
  if (unknown !== undefined) {
    throw validationError(`The simulator does not model the UpdateAutoScalingGroup parameter ${unknown}.`);
  }
  const name = params.get("AutoScalingGroupName");
  if (name === undefined) {
    throw validationError(
      "1 validation error detected: Value null at 'autoScalingGroupName' failed to satisfy constraint: Member must not be null",
    );
  }
  const mixedPrefix = "MixedInstancesPolicy.LaunchTemplate.";
  const overrides = members(params, `${mixedPrefix}Overrides`);
  const mixedSpec = specAt((k) => params.get(k), `${mixedPrefix}LaunchTemplateSpecification.`);
  return {
    name,
    sizes: {
      min: intParam(params, "MinSize"),
      max: intParam(params, "MaxSize"),
      desired: intParam(params, "DesiredCapacity"),
    },
    launchConfigurationName: params.get("LaunchConfigurationName"),
    launchTemplate: specAt((k) => params.get(k), "LaunchTemplate."),
    ...(mixedSpec || overrides.length
      ? {
          mixed: {
            spec: mixedSpec,
            overrides: overrides.length
              ? overrides.map((o) => {
                  const spec = specAt((k) => o.get(k), "LaunchTemplateSpecification.");
                  const instanceType = o.get("InstanceType");
                  return { ...(instanceType ? { instanceType } : {}), ...(spec ? { spec } : {}) };
                })
              : undefined,
          },
        }
      : {}),
  };
}

function applyLaunch(g: SimGroup, u: Update, region: RegionState): void {
  if ([u.launchTemplate, u.mixed, u.launchConfigurationName].filter((x) => x !== undefined).length > 1) {
    throw validationError(
      "Specify only one of LaunchTemplate, MixedInstancesPolicy and LaunchConfigurationName.",
    );
  }
  if (u.launchConfigurationName !== undefined) {
    if (!region.launchConfigurations.some((c) => c.name === u.launchConfigurationName)) {
      throw validationError(`Launch configuration name not found - ${u.launchConfigurationName}`);
    }
    g.launchConfigurationName = u.launchConfigurationName;
    delete g.launchTemplate;
    delete g.mixed;
  } else if (u.launchTemplate) {
    if (g.mixed)
      throw validationError("The group has a mixed instances policy: update MixedInstancesPolicy instead.");
    g.launchTemplate = resolveSpec(region, u.launchTemplate);
    delete g.launchConfigurationName;
  } else if (u.mixed) {
    if (!g.mixed) throw validationError("The group has no mixed instances policy to update.");
    if (u.mixed.spec) g.mixed.launchTemplate = resolveSpec(region, u.mixed.spec);
    if (u.mixed.overrides) {
      g.mixed.overrides = u.mixed.overrides.map((o) => ({
        ...(o.instanceType ? { instanceType: o.instanceType } : {}),
        ...(o.spec ? { launchTemplate: resolveSpec(region, o.spec) } : {}),
      }));
    }
  }
}

export const updateAutoScalingGroup: AutoScalingAction = {
  bucket: () => ({ key: "UpdateAutoScalingGroup", size: BUCKETS.mutating }),
  prepare(params, ctx) {
    const u = updateOf(params);
    return () => {
      const g = ctx.region.groups.find((x) => x.name === u.name);
      if (!g) throw validationError(`AutoScalingGroup name not found - ${u.name}`);
      const min = u.sizes.min ?? g.minSize;
      const max = u.sizes.max ?? g.maxSize;
      const desired = u.sizes.desired ?? g.desiredCapacity;
      if (min > max || desired < min || desired > max) {
        throw validationError(
          `Desired capacity:${desired} must be between the specified min size:${min} and max size:${max}`,
        );
      }
      applyLaunch(g, u, ctx.region);
      Object.assign(g, { minSize: min, maxSize: max, desiredCapacity: desired });
    };
  },
};
