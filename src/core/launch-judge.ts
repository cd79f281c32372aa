// Whether launches from a template version or a launch configuration allow IMDSv1, in words. Pure.
import type { VersionJudgement } from "./launch-plan.js";
import type { AccountDefaults, MetadataOptions } from "./types.js";

/**
 * A launch path's own metadata options, then the account default. (What the AMI says comes with the
 * effective settings of template versions; until then a path that sets nothing and has no default
 * to fall back on is judged by AWS's default: IMDSv1 allowed.)
 */
export function judgeLaunch(
  own: Pick<MetadataOptions, "httpTokens" | "httpEndpoint"> | undefined,
  defaults: AccountDefaults | undefined,
): VersionJudgement {
  if ((own?.httpEndpoint ?? defaults?.httpEndpoint) === "disabled")
    return { ok: true, text: "no metadata endpoint" };
  if (own?.httpTokens) return { ok: own.httpTokens === "required", text: `${own.httpTokens} (set in it)` };
  if (defaults === undefined) return { ok: false, text: "unknown (the account default could not be read)" };
  if (defaults.httpTokens)
    return { ok: defaults.httpTokens === "required", text: `${defaults.httpTokens} (account default)` };
  return { ok: false, text: "optional (AWS default)" };
}
