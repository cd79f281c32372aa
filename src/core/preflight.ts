// Before HttpTokensEnforced goes on in a region: every launch path there that would then fail. A
// launch template version ($Default or $Latest) fails when what its launches get (effective.ts),
// under the account default the plan leaves behind, is not IMDSv2 required. Pure.
import type { Change } from "./changes.js";
import { type Effective, effectiveText, effectiveTokens, endpointOff } from "./effective.js";
import type { Skip } from "./plan.js";
import type { Settings } from "./rules.js";
import { plural } from "./text.js";
import type { AccountDefaults, ImageLookup, TemplateVersionRecord } from "./types.js";

export interface FailingPath {
  region: string;
  template: TemplateVersionRecord;
  effective: Effective;
}

/** A region as the preflight needs it: its defaults, its templates, the AMIs they name. */
export interface PreflightRegion {
  region: string;
  defaults?: AccountDefaults | undefined;
  templates?: readonly TemplateVersionRecord[] | undefined;
  templateImages?: ReadonlyMap<string, ImageLookup> | undefined;
}

/** A default change that turns HttpTokensEnforced on. */
function turnsEnforcementOn(c: Change): boolean {
  return c.kind === "account-default" && c.requested.httpTokensEnforced === "enabled";
}

/** The region's account default once the plan's default change there (if any) is applied. */
export function defaultsAfter(
  d: AccountDefaults,
  changes: readonly Change[],
  region: string,
): AccountDefaults {
  const change = changes.find((c) => c.region === region && c.kind === "account-default");
  return change ? applied(d, change.requested) : d;
}

/** The account default once `requested` is applied ("no-preference" and -1 unset a field). */
function applied(d: AccountDefaults, requested: Settings): AccountDefaults {
  const out: Record<string, string | number> = { ...(d as Record<string, string | number>) };
  for (const [k, v] of Object.entries(requested)) {
    if (v === "no-preference" || v === -1) delete out[k];
    else out[k] = v;
  }
  return out as AccountDefaults;
}

/** The template versions of one region whose launches would fail once the change is applied. */
function failingPaths(scan: PreflightRegion, change: Change): FailingPath[] {
  const after = applied(scan.defaults ?? {}, change.requested);
  const images = scan.templateImages ?? new Map();
  return (scan.templates ?? []).flatMap((template) => {
    if (endpointOff(template, after)) return [];
    const effective = effectiveTokens(template, after, images);
    return effective.httpTokens === "required" ? [] : [{ region: scan.region, template, effective }];
  });
}

export function describePath(p: FailingPath): string {
  const t = p.template;
  const which = [t.isDefault ? "$Default" : "", t.isLatest ? "$Latest" : ""].filter(Boolean).join(", ");
  return `${p.region} ${t.templateName} v${t.version}${which ? ` (${which})` : ""}: HttpTokens ${effectiveText(p.effective)}`;
}

/** How to fix them, in one sentence. */
export const FIX_PATHS =
  'run imds enforce --launch-templates first, or give each template a version with HttpTokens=required and make it the default (aws ec2 create-launch-template-version --source-version N --launch-template-data \'{"MetadataOptions":{"HttpTokens":"required"}}\', then aws ec2 modify-launch-template --default-version), or pass --force';

export interface Preflight {
  /** The plan's changes, minus HttpTokensEnforced where the launch paths could not be checked. */
  changes: Change[];
  skipped: Skip[];
  notes: string[];
  failing: FailingPath[];
}

/** A region whose templates could not be read: its launch paths cannot be checked. */
interface Unchecked {
  region: string;
  errors: readonly { part: string; action: string; code: string }[];
}

/**
 * Checks every region where the plan turns HttpTokensEnforced on. Where the templates could not be
 * read, enforcement stays off (the rest of the default change goes ahead) and the region says why.
 */
export function preflight(
  changes: readonly Change[],
  scans: readonly (PreflightRegion & Unchecked)[],
): Preflight {
  const out: Preflight = { changes: [], skipped: [], notes: [], failing: [] };
  for (const c of changes) {
    const scan = turnsEnforcementOn(c) ? scans.find((s) => s.region === c.region) : undefined;
    if (!scan) {
      out.changes.push(c);
      continue;
    }
    const unread = scan.errors.find((e) => e.part === "launch-templates");
    if (unread || !scan.templates) {
      const { httpTokensEnforced: _, ...rest } = c.requested;
      if (Object.keys(rest).length) out.changes.push({ ...c, requested: rest });
      const why = unread ? `${unread.action} ${unread.code}` : "not read";
      out.skipped.push({
        region: c.region,
        kind: "account-default",
        id: "account-default",
        reason: `HttpTokensEnforced left off: the launch templates could not be read (${why}), so their launches were not checked`,
      });
      continue;
    }
    const failing = failingPaths(scan, c);
    out.failing.push(...failing);
    out.changes.push(c);
    out.notes.push(
      `${c.region}: HttpTokensEnforced goes on after ${plural(scan.templates.length, "launch template version")} ($Default and $Latest) checked: ${failing.length ? `${failing.length} will fail (--force)` : "none would fail"}`,
    );
  }
  return out;
}
