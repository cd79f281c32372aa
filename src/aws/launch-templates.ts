// Thin adapters over the SDK's launch template calls: the template list with tags, versions' whole
// launch data, and the three writes enforce and rollback make (a new version from a source version,
// the default version, deleting a version imds created).
import {
  CreateLaunchTemplateVersionCommand,
  DeleteLaunchTemplateVersionsCommand,
  DescribeLaunchTemplateVersionsCommand,
  type EC2Client,
  type LaunchTemplateBlockDeviceMapping,
  type LaunchTemplateVersion,
  ModifyLaunchTemplateCommand,
  paginateDescribeLaunchTemplates,
  type RequestLaunchTemplateData,
} from "@aws-sdk/client-ec2";
import type { LaunchTemplateRecord, TemplateVersionData } from "../core/launch-types.js";
import type { Settings } from "../core/rules.js";

export async function readTemplateList(ec2: EC2Client): Promise<LaunchTemplateRecord[]> {
  const out: LaunchTemplateRecord[] = [];
  for await (const page of paginateDescribeLaunchTemplates({ client: ec2, pageSize: 200 }, {})) {
    for (const t of page.LaunchTemplates ?? []) {
      const tags: Record<string, string> = {};
      for (const tag of t.Tags ?? []) if (tag.Key !== undefined) tags[tag.Key] = tag.Value ?? "";
      out.push({
        id: t.LaunchTemplateId ?? "",
        name: t.LaunchTemplateName ?? "",
        defaultVersion: t.DefaultVersionNumber ?? 0,
        latestVersion: t.LatestVersionNumber ?? 0,
        tags,
      });
    }
  }
  return out;
}

/** The launch data as plain JSON: what AWS returned, unset fields absent. */
function dataOf(v: LaunchTemplateVersion): TemplateVersionData {
  return {
    templateId: v.LaunchTemplateId ?? "",
    version: v.VersionNumber ?? 0,
    ...(v.VersionDescription === undefined ? {} : { description: v.VersionDescription }),
    data: JSON.parse(JSON.stringify(v.LaunchTemplateData ?? {})) as Record<string, unknown>,
  };
}

/**
 * Versions of one template with their whole launch data: the ones named (`3`, `$Default`), or with
 * `since`, every version numbered from it on (how rollback finds a version a killed run created).
 */
export async function readVersionData(
  ec2: EC2Client,
  templateId: string,
  which: { versions: readonly string[] } | { since: number },
): Promise<TemplateVersionData[]> {
  const out: TemplateVersionData[] = [];
  let token: string | undefined;
  do {
    const page = await ec2.send(
      new DescribeLaunchTemplateVersionsCommand({
        LaunchTemplateId: templateId,
        ...("versions" in which ? { Versions: [...which.versions] } : { MinVersion: String(which.since) }),
        ...(token ? { NextToken: token } : {}),
      }),
    );
    for (const v of page.LaunchTemplateVersions ?? []) out.push(dataOf(v));
    token = page.NextToken;
  } while (token);
  return out;
}

/** The metadata options a new version sets, as the API names them, from imds's settings. */
function metadataRequest(s: Settings): RequestLaunchTemplateData["MetadataOptions"] {
  const str = <T extends string>(k: string) => (s[k] === undefined ? undefined : (String(s[k]) as T));
  return JSON.parse(
    JSON.stringify({
      HttpTokens: str("httpTokens"),
      HttpPutResponseHopLimit: s.hopLimit === undefined ? undefined : Number(s.hopLimit),
      HttpEndpoint: str("httpEndpoint"),
      HttpProtocolIpv6: str("httpProtocolIpv6"),
      InstanceMetadataTags: str("instanceMetadataTags"),
    }),
  );
}

export interface NewVersion {
  templateId: string;
  sourceVersion: number;
  /** Every metadata field the new version sets (a MetadataOptions given replaces the source's whole). */
  metadata: Settings;
  description: string;
}

/**
 * A new version from `sourceVersion` with the given metadata options, equal to its source in every
 * other field: SourceVersion does not carry block device snapshots over (API reference), so the
 * source's block device mappings are given again, whole, whenever it has any.
 */
export async function createVersion(ec2: EC2Client, v: NewVersion, dryRun = false): Promise<number> {
  const [source] = await readVersionData(ec2, v.templateId, { versions: [String(v.sourceVersion)] });
  const devices = source?.data.BlockDeviceMappings as LaunchTemplateBlockDeviceMapping[] | undefined;
  const out = await ec2.send(
    new CreateLaunchTemplateVersionCommand({
      LaunchTemplateId: v.templateId,
      SourceVersion: String(v.sourceVersion),
      VersionDescription: v.description,
      LaunchTemplateData: {
        MetadataOptions: metadataRequest(v.metadata),
        ...(devices?.length ? { BlockDeviceMappings: devices } : {}),
      },
      DryRun: dryRun,
    }),
  );
  return out.LaunchTemplateVersion?.VersionNumber ?? 0;
}

export async function setDefaultVersion(
  ec2: EC2Client,
  templateId: string,
  version: number,
  dryRun = false,
): Promise<void> {
  await ec2.send(
    new ModifyLaunchTemplateCommand({
      LaunchTemplateId: templateId,
      DefaultVersion: String(version),
      DryRun: dryRun,
    }),
  );
}

/** An error AWS returned for one version of a DeleteLaunchTemplateVersions call: certainly refused. */
class VersionNotDeleted extends Error {
  readonly $metadata = { httpStatusCode: 400 };
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

export async function deleteVersion(ec2: EC2Client, templateId: string, version: number, dryRun = false) {
  const out = await ec2.send(
    new DeleteLaunchTemplateVersionsCommand({
      LaunchTemplateId: templateId,
      Versions: [String(version)],
      DryRun: dryRun,
    }),
  );
  const refused = out.UnsuccessfullyDeletedLaunchTemplateVersions?.[0]?.ResponseError;
  if (refused)
    throw new VersionNotDeleted(refused.Code ?? "unexpectedError", refused.Message ?? "not deleted");
}
