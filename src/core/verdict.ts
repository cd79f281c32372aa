// The one-line verdict and the next command to run. Pure.
import { lockText, requiresV2 } from "./rules.js";
import { plural } from "./text.js";
import type { RegionReport, Resource, Severity, Verdict } from "./types.js";

function failingByKind(resources: readonly Resource[], severity: Severity): string {
  const counts: Record<Resource["kind"], number> = {
    "account-default": 0,
    instance: 0,
    "launch-template": 0,
    image: 0,
    "auto-scaling-group": 0,
    "launch-configuration": 0,
  };
  for (const r of resources) if (r.severity === severity) counts[r.kind]++;
  const parts = [
    counts["account-default"] ? plural(counts["account-default"], "account default") : "",
    counts.instance ? plural(counts.instance, "instance") : "",
    counts["launch-template"] ? plural(counts["launch-template"], "launch template version") : "",
    counts.image ? plural(counts.image, "AMI") : "",
    counts["auto-scaling-group"] ? plural(counts["auto-scaling-group"], "Auto Scaling group") : "",
    counts["launch-configuration"] ? plural(counts["launch-configuration"], "launch configuration") : "",
  ];
  return parts.filter(Boolean).join(", ");
}

/**
 * The enforce command that fixes the defaults. Enforce leaves compliant and locked regions alone,
 * so an audit of every enabled region needs no region list; a narrower audit names its regions.
 */
function enforceCommand(regions: readonly RegionReport[], everyEnabledRegion: boolean): string | undefined {
  const needing = regions.filter((r) => r.defaults !== null && !r.locked && !requiresV2(r.defaults));
  if (needing.length === 0) return undefined;
  if (everyEnabledRegion) return "imds enforce";
  return `imds enforce --regions ${needing.map((r) => r.region).join(",")}`;
}

export function verdictOf(
  regions: readonly RegionReport[],
  resources: readonly Resource[],
  complete: boolean,
  worst: Severity,
  everyEnabledRegion: boolean,
): Verdict {
  const total = regions.length;
  const nextCommand = enforceCommand(regions, everyEnabledRegion);
  const next = nextCommand === undefined ? {} : { nextCommand };
  const locked = regions.filter((r) => r.locked && !requiresV2(r.defaults ?? undefined));
  const lockNote = locked.length
    ? ` ${locked.map((r) => r.region).join(", ")}: ${lockText(undefined)}, change it there.`
    : "";

  if (!complete) {
    const bad = regions.filter((r) => !r.complete);
    const why = bad
      .map((r) => `${r.region}: ${r.errors.map((e) => `${e.action} ${e.code}`).join(", ")}`)
      .join("; ");
    return {
      status: "incomplete",
      line: `INCOMPLETE: ${plural(bad.length, "region")} of ${total} could not be read completely (${why}). This is not proof of compliance.`,
      ...next,
    };
  }
  if (worst === "pass") {
    const instances = regions.reduce((n, r) => n + r.counts.instances, 0);
    return {
      status: "compliant",
      line: `PASS: IMDSv2 is required across ${plural(total, "region")} (${plural(instances, "instance")} checked).`,
    };
  }
  const failingRegions = regions.filter((r) => r.status === worst).length;
  const label = worst === "fail" ? "FAIL: IMDSv1 is allowed" : "WARN: findings";
  return {
    status: "findings",
    line: `${label} in ${failingRegions} of ${plural(total, "region")}: ${failingByKind(resources, worst)}.${lockNote}`,
    ...next,
  };
}
