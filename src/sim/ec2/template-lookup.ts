// Finding a launch template and its versions by what a request names, with EC2's error for each miss.
import { launchedVersion, type SimTemplate, type SimTemplateVersion } from "../launch-state.js";
import { ApiError, invalidParameterCombination, missingParameter, type Params } from "../protocol.js";
import type { RegionState } from "../state.js";

const TEMPLATE_ID = /^lt-[0-9a-f]{17}$/;

/** What a request names: `LaunchTemplateId` or `LaunchTemplateName`, never both; validated, not yet looked up. */
export interface TemplateName {
  id?: string;
  name?: string;
}

export function templateNameParam(params: Params): TemplateName {
  const id = params.get("LaunchTemplateId");
  const name = params.get("LaunchTemplateName");
  if (id !== undefined && name !== undefined) {
    throw invalidParameterCombination(
      "Specify either a launch template ID or a launch template name, not both.",
    );
  }
  if (id === undefined && name === undefined)
    throw missingParameter("LaunchTemplateId or LaunchTemplateName");
  if (id !== undefined && !TEMPLATE_ID.test(id)) {
    throw new ApiError(
      "InvalidLaunchTemplateId.Malformed",
      400,
      `The specified ID for the launch template (${id}) is malformed.`,
    );
  }
  return id !== undefined ? { id } : { name: name as string };
}

export function notFoundById(id: string): ApiError {
  return new ApiError(
    "InvalidLaunchTemplateId.NotFound",
    400,
    `The specified launch template, with template ID ${id}, does not exist.`,
  );
}

export function notFoundByName(name: string): ApiError {
  return new ApiError(
    "InvalidLaunchTemplateName.NotFoundException",
    400,
    `The specified launch template, with template name ${name}, does not exist.`,
  );
}

export function findTemplate(region: RegionState, which: TemplateName): SimTemplate {
  const t = region.templates.find((x) =>
    which.id !== undefined ? x.id === which.id : x.name === which.name,
  );
  if (t) return t;
  throw which.id !== undefined ? notFoundById(which.id) : notFoundByName(which.name ?? "");
}

function versionNotFound(template: SimTemplate, version: string): ApiError {
  return new ApiError(
    "InvalidLaunchTemplateId.VersionNotFound",
    400,
    `Could not find launch template version ${version} for launch template ${template.id}.`,
  );
}

/** `$Latest`, `$Default` or a number, as an existing version, or EC2's VersionNotFound. */
export function findVersion(template: SimTemplate, version: string): SimTemplateVersion {
  const found = /^(\d+|\$Latest|\$Default)$/.test(version) ? launchedVersion(template, version) : undefined;
  if (!found) throw versionNotFound(template, version);
  return found;
}
