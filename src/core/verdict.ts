// The one-line verdict and the next command to run. Pure.
import { RESOURCE_KINDS } from "../schemas/ec2-values.js";
import { type Invocation, suggest } from "./next-command.js";
import { lockText, requiresV2 } from "./rules.js";
import { plural } from "./text.js";
import type { ExceptionVerdict, RegionReport, Resource, Severity, Verdict } from "./types.js";

/** What the verdict is judged on. */
export interface Judged {
  regions: readonly RegionReport[];
  resources: readonly Resource[];
  /** The config file's exceptions, when it has any: an expired one fails, a stale one warns. */
  exceptions?: readonly ExceptionVerdict[] | undefined;
  complete: boolean;
  worst: Severity;
}

/** "1 expired exception" (fail) or "2 stale exceptions" (warn), or "". */
export function exceptionsAt(exceptions: readonly ExceptionVerdict[], severity: Severity): string {
  const n = exceptions.filter((e) => e.severity === severity).length;
  if (n === 0 || severity === "pass") return "";
  return plural(n, severity === "fail" ? "expired exception" : "stale exception");
}

/** " 3 findings excepted by the config file." when it excepted any. */
function exceptedNote(resources: readonly Resource[]): string {
  const n = resources.reduce((sum, r) => sum + (r.excepted?.length ?? 0), 0);
  return n ? ` ${plural(n, "finding")} excepted by the config file.` : "";
}

/** A count per kind of resource, all 0. */
export function zeroKinds(): Record<Resource["kind"], number> {
  return Object.fromEntries(RESOURCE_KINDS.map((k) => [k, 0])) as Record<Resource["kind"], number>;
}

function failingByKind(resources: readonly Resource[], severity: Severity): string {
  const counts = zeroKinds();
  for (const r of resources) if (r.severity === severity) counts[r.kind]++;
  return kindsText(counts);
}

/** "2 account defaults, 14 instances, 1 launch template version": the counts that are not 0. */
export function kindsText(counts: Record<Resource["kind"], number>): string {
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
function enforceCommand(
  regions: readonly RegionReport[],
  everyEnabledRegion: boolean,
  invocation: Invocation,
): string | undefined {
  const needing = regions.filter((r) => r.defaults !== null && !r.locked && !requiresV2(r.defaults));
  if (needing.length === 0) return undefined;
  const scope = everyEnabledRegion ? [] : ["--regions", needing.map((r) => r.region).join(",")];
  return suggest(["enforce", ...scope], invocation);
}

export function verdictOf(judged: Judged, everyEnabledRegion: boolean, invocation: Invocation = {}): Verdict {
  const { regions, resources, complete, worst } = judged;
  const total = regions.length;
  const nextCommand = enforceCommand(regions, everyEnabledRegion, invocation);
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
      line: `PASS: IMDSv2 is required across ${plural(total, "region")} (${plural(instances, "instance")} checked).${exceptedNote(resources)}`,
    };
  }
  const failingRegions = regions.filter((r) => r.status === worst).length;
  // Only an exception may be failing (an expired one): then no region is named.
  const where = failingRegions ? ` in ${failingRegions} of ${plural(total, "region")}` : "";
  const label = worst === "fail" ? (failingRegions ? "FAIL: IMDSv1 is allowed" : "FAIL") : "WARN: findings";
  const what = [failingByKind(resources, worst), exceptionsAt(judged.exceptions ?? [], worst)]
    .filter(Boolean)
    .join(", ");
  return {
    status: "findings",
    line: `${label}${where}: ${what}.${exceptedNote(resources)}${lockNote}`,
    ...next,
  };
}
