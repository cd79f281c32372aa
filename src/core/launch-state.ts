// What a launch-path change shows once made, as settings to compare with what was asked: a new
// version's metadata options and whether every other launch parameter equals its source's, field by
// field; a template's default; a group's version. Pure.
import type { Change, SideEffect, Verification } from "./changes.js";
import { showsRequested } from "./changes.js";
import type { GroupRecord, LaunchTemplateRecord, TemplateVersionData } from "./launch-types.js";
import type { Settings } from "./rules.js";
import type { TemplateVersionRecord } from "./types.js";

/** LaunchTemplateData's MetadataOptions fields by imds's names (State is AWS's, never set by a request). */
const METADATA_FIELDS = {
  httpTokens: "HttpTokens",
  hopLimit: "HttpPutResponseHopLimit",
  httpEndpoint: "HttpEndpoint",
  httpProtocolIpv6: "HttpProtocolIpv6",
  instanceMetadataTags: "InstanceMetadataTags",
} as const;

/** JSON with keys sorted at every level, so equal data compares equal whatever the key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The launch parameters, other than MetadataOptions, in which two versions differ. */
export function differingFields(source: Record<string, unknown>, created: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(source), ...Object.keys(created)]);
  keys.delete("MetadataOptions");
  return [...keys].filter((k) => canonical(source[k]) !== canonical(created[k])).sort();
}

function metadataSettings(data: Record<string, unknown>): Settings {
  const m = (data.MetadataOptions ?? {}) as Record<string, unknown>;
  const out: Settings = {};
  for (const [ours, theirs] of Object.entries(METADATA_FIELDS)) {
    const v = m[theirs];
    if (typeof v === "string" || typeof v === "number") out[ours] = v;
  }
  return out;
}

/**
 * A version imds created, as it is: its number, metadata options and `otherFields` ("same as vN",
 * or the fields that differ from its source). Found by the description imds gave it, else by number.
 */
export function createdVersionNow(
  versions: readonly TemplateVersionData[],
  sent: Settings,
): Settings | undefined {
  const created =
    versions.find((v) => sent.description !== undefined && v.description === sent.description) ??
    versions.find((v) => v.version === Number(sent.version));
  if (!created) return undefined;
  const source = versions.find((v) => v.version === Number(sent.fromVersion));
  const differ = source ? differingFields(source.data, created.data) : ["(source version gone)"];
  return {
    fromVersion: Number(sent.fromVersion),
    version: created.version,
    ...metadataSettings(created.data),
    otherFields: differ.length ? `differ: ${differ.join(", ")}` : "same",
  };
}

/** A version's data as the record the audit and the plan judge (not marked $Default or $Latest). */
export function versionRecord(d: TemplateVersionData, templateName: string): TemplateVersionRecord {
  const m = metadataSettings(d.data);
  const imageId = d.data.ImageId;
  return {
    templateId: d.templateId,
    templateName,
    version: d.version,
    isDefault: false,
    isLatest: false,
    ...(typeof imageId === "string" ? { imageId } : {}),
    ...(d.description === undefined ? {} : { description: d.description }),
    ...(d.data.MetadataOptions ? { metadata: m } : {}),
  };
}

export function templateNow(t: LaunchTemplateRecord): Settings {
  return { defaultVersion: t.defaultVersion, latestVersion: t.latestVersion };
}

export function groupNow(g: GroupRecord, slot: string): Settings | undefined {
  const ref = g.templates.find((r) => r.slot === slot);
  return ref && { launchTemplateId: ref.templateId, slot, launchTemplateVersion: ref.version };
}

/**
 * A launch-path change, judged from what it shows now (`now` undefined: could not be found). A new
 * version must set exactly the metadata options asked for and equal its source in every other
 * field; one that differs elsewhere is "changed-more", with the fields named.
 */
export function verifyLaunch(
  change: Change,
  sent: Settings,
  now: Settings | undefined,
): { verified: Verification; sideEffects?: SideEffect[] } {
  if (now === undefined)
    return { verified: change.kind === "launch-template-version-delete" ? "applied" : "unread" };
  if (change.kind === "launch-template-version-delete") return { verified: "differs" };
  if (change.kind !== "launch-template-version") {
    return { verified: showsRequested(now, sent) ? "applied" : ("differs" satisfies Verification) };
  }
  const metadataAsked = Object.keys(METADATA_FIELDS).every((k) => now[k] === sent[k]);
  if (!metadataAsked) return { verified: "differs" };
  if (now.otherFields !== "same") {
    return {
      verified: "changed-more",
      sideEffects: [{ field: "launch parameters", now: String(now.otherFields) }],
    };
  }
  return { verified: "applied" };
}
