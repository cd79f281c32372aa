// `imds audit --to-security-hub`: after the report is out, import its findings into each audited
// region's Security Hub and say, per region, what was imported, resolved or refused (stderr).
import { type FindingRow, findingRows, PART_OF } from "../core/finding-rows.js";
import { groupBy, plural } from "../core/text.js";
import type { AuditReport, RegionReport, ResourceKind } from "../core/types.js";
import type { UnitOutcome } from "../engine/per-unit.js";
import { type HubResult, type HubUnit, importToSecurityHub } from "../engine/security-hub.js";
import { VERSION } from "../version.js";
import type { CommandIO } from "./options.js";
import type { Session } from "./session.js";

/** The units to import: regions where at least one kind of resource was read. */
function hubUnits(report: AuditReport, account: string): HubUnit[] {
  // Excepted findings go too (marked): left out, an earlier import of them would be resolved as fixed.
  const rows = groupBy(findingRows(report, { excepted: true }), (r) => r.region);
  const seen = groupBy(report.resources, (r) => r.region);
  return report.regions.flatMap((region: RegionReport) => {
    const unread = new Set(region.errors.map((e) => e.part));
    const readKinds = new Set(
      (Object.keys(PART_OF) as ResourceKind[]).filter((k) => !unread.has(PART_OF[k])),
    );
    if (readKinds.size === 0) return [];
    const findings = {
      rows: rows.get(region.region) ?? ([] as FindingRow[]),
      readKinds,
      seen: new Set((seen.get(region.region) ?? []).map((r) => `${r.kind}/${r.id}`)),
    };
    return [{ account, region: region.region, findings }];
  });
}

function line(outcome: UnitOutcome<HubUnit, HubResult>, named: boolean): { ok: boolean; text: string } {
  const where = `Security Hub ${named ? `${outcome.unit.account} ` : ""}${outcome.unit.region}`;
  if (!outcome.ok) {
    const e = outcome.error;
    const hint =
      e.code === "InvalidAccessException"
        ? `Security Hub is not enabled in ${outcome.unit.region} for account ${outcome.unit.account}: enable it there, or leave the region out with --exclude-regions ${outcome.unit.region}`
        : e.hint;
    return { ok: false, text: `${where}: not imported (${e.action} ${e.code}): ${hint}` };
  }
  const r = outcome.value;
  const resolved = r.plan.resolved + r.plan.archived;
  const text = `${where}: ${plural(r.imported, "finding")} imported${resolved ? ` (${resolved} earlier ${resolved === 1 ? "one" : "ones"} resolved)` : ""} in ${plural(r.calls, "call")}`;
  if (r.failed.length === 0) return { ok: true, text };
  const first = r.failed[0];
  return {
    ok: false,
    text: `${text}; ${plural(r.failed.length, "finding")} refused (${first?.code}: ${first?.message})`,
  };
}

/**
 * Imports the report's findings into its account's Security Hub, through that account's clients (an
 * organization run: the member's assumed role, since Security Hub takes a finding under the default
 * product only from the finding's own account); false when any region or finding was not imported.
 * `named`: each line names the account too.
 */
export async function toSecurityHub(
  session: Pick<Session, "clients" | "account">,
  report: AuditReport,
  io: CommandIO,
  opts: { quiet: boolean; named?: boolean },
): Promise<boolean> {
  const outcomes = await importToSecurityHub(
    session.clients,
    hubUnits(report, session.account.id),
    report.generatedAt,
    VERSION,
  );
  let ok = true;
  for (const outcome of outcomes) {
    const said = line(outcome, opts.named ?? false);
    ok &&= said.ok;
    if (!said.ok || !opts.quiet) io.stderr.write(`imds: ${said.text}\n`);
  }
  return ok;
}
