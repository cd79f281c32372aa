// Whether launches from a template version or a launch configuration allow IMDSv1, in words: what
// the launch gets (effective.ts: its own setting, then the account default, then the AMI). Pure.
import { effectiveText, effectiveTokens, endpointOff } from "./effective.js";
import type { VersionJudgement } from "./launch-plan.js";
import type { AccountDefaults, ImageLookup, MetadataOptions } from "./types.js";

/** A launch path: its own metadata options (absent: sets none) and the AMI it names. */
export interface LaunchPath {
  metadata?: Pick<MetadataOptions, "httpTokens" | "httpEndpoint"> | undefined;
  imageId?: string | undefined;
}

export function judgeLaunch(
  path: LaunchPath,
  defaults: AccountDefaults | undefined,
  images: ReadonlyMap<string, ImageLookup> = new Map(),
): VersionJudgement {
  const own = path.metadata ? { metadata: path.metadata } : {};
  if (endpointOff(own, defaults)) return { ok: true, text: "no metadata endpoint" };
  const e = effectiveTokens({ ...own, ...(path.imageId ? { imageId: path.imageId } : {}) }, defaults, images);
  return {
    ok: e.httpTokens === "required",
    ...(e.httpTokens === "unknown" ? { unknown: true } : {}),
    text: effectiveText(e),
  };
}
