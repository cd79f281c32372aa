// What imds reads about launch paths: launch templates (with their tags), Auto Scaling groups and
// launch configurations, as compact records. Pure types.

export interface LaunchTemplateRecord {
  id: string;
  name: string;
  defaultVersion: number;
  latestVersion: number;
  tags: Record<string, string>;
}

/** The tag Auto Scaling puts on every instance it launches: the group's name. */
export const TAG_GROUP = "aws:autoscaling:groupName";
/** The tags EC2 puts on an instance launched from a launch template: its id and version. */
export const TAG_TEMPLATE = "aws:ec2launchtemplate:id";
export const TAG_TEMPLATE_VERSION = "aws:ec2launchtemplate:version";

/** Where an instance came from, from the tags AWS put on it: its group, its template version. */
export function launchedFrom(tags: Readonly<Record<string, string>>): Record<string, string> {
  const group = tags[TAG_GROUP];
  const template = tags[TAG_TEMPLATE];
  const version = tags[TAG_TEMPLATE_VERSION];
  return {
    ...(group === undefined ? {} : { autoScalingGroup: group }),
    ...(template === undefined ? {} : { launchTemplate: version ? `${template}:v${version}` : template }),
  };
}

/** A group's launch template: `$Latest`, `$Default` or a version number, as the group names it. */
export interface TemplateRef {
  templateId: string;
  templateName: string;
  version: string;
}

/** Where in a group a template is named: its launch template, its mixed policy's, or an override's. */
export type RefSlot = "launch-template" | "mixed-policy" | `override-${number}`;

export interface GroupRecord {
  name: string;
  arn?: string;
  tags: Record<string, string>;
  /** The templates the group launches from, each with where the group names it. */
  templates: (TemplateRef & { slot: RefSlot })[];
  launchConfigurationName?: string;
  instanceIds: string[];
}

export interface LaunchConfigurationRecord {
  name: string;
  arn?: string;
  imageId?: string;
  /** Absent when it sets no metadata options. */
  metadata?: { httpTokens?: string; hopLimit?: number; httpEndpoint?: string };
}

/**
 * One template version's whole launch data, as DescribeLaunchTemplateVersions returns it (fields as
 * the API names them, unset ones absent): what a new version is made from and compared with.
 */
export interface TemplateVersionData {
  templateId: string;
  version: number;
  description?: string;
  data: Record<string, unknown>;
}

/** The number a `$Latest`/`$Default`/number reference launches, given the template's numbers. */
export function resolveRef(
  ref: Pick<TemplateRef, "version">,
  t: Pick<LaunchTemplateRecord, "defaultVersion" | "latestVersion">,
): number {
  if (ref.version === "$Latest") return t.latestVersion;
  if (ref.version === "$Default") return t.defaultVersion;
  return Number(ref.version);
}

/** `web v3 ($Latest)`, `web v2`. */
export function refText(ref: TemplateRef, resolved: number | undefined): string {
  const n = resolved === undefined ? "" : ` v${resolved}`;
  return /^\d+$/.test(ref.version)
    ? `${ref.templateName} v${ref.version}`
    : `${ref.templateName}${n} (${ref.version})`;
}
