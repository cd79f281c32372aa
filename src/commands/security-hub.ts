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

const KINDS = Object.keys(PART_OF) as ResourceKind[];

/** The kinds of resource read completely in a region (a part with an error proves nothing). */
function readKindsOf(region: RegionReport): Set<ResourceKind> {
  const unread = new Set(region.errors.map((e) => e.part));
  return new Set(KINDS.filter((k) => !unread.has(PART_OF[k])));
}

/** The parts of a region whose earlier findings an import leaves alone, as "instances, images". */
function unreadPartsText(readKinds: ReadonlySet<ResourceKind>): string {
  return [...new Set(KINDS.filter((k) => !readKinds.has(k)).map((k) => PART_OF[k]))].join(", ");
}

/**
 * The units to import: regions where at least one kind of resource was read. A region read not at
 * all is not a unit: nothing of it is sent, and its earlier findings are left as they are.
 */
function hubUnits(report: AuditReport, account: string): { units: HubUnit[]; unread: string[] } {
  // Excepted findings go too (marked): left out, an earlier import of them would be resolved as fixed.
  const rows = groupBy(findingRows(report, { excepted: true }), (r) => r.region);
  const seen = groupBy(report.resources, (r) => r.region);
  const units: HubUnit[] = [];
  const unread: string[] = [];
  for (const region of report.regions) {
    const readKinds = readKindsOf(region);
    if (readKinds.size === 0) {
      unread.push(region.region);
      continue;
    }
    const findings = {
      rows: rows.get(region.region) ?? ([] as FindingRow[]),
      readKinds,
      seen: new Set((seen.get(region.region) ?? []).map((r) => `${r.kind}/${r.id}`)),
    };
    units.push({ account, region: region.region, findings });
  }
  return { units, unread };
}

/** What happened to the earlier findings, in brackets after the count imported ("" when nothing). */
function earlierText(r: HubResult, readKinds: ReadonlySet<ResourceKind>): string {
  const { resolved, archived, kept, already } = r.counts;
  const ones = (n: number) => (n === 1 ? "one" : "ones");
  const parts = [
    resolved ? `${resolved} earlier ${ones(resolved)} resolved` : "",
    archived ? `${archived} archived: resource gone` : "",
    kept ? `${kept} left as they were: ${unreadPartsText(readKinds)} not read` : "",
    already ? `${already} already resolved before this run` : "",
  ].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join("; ")})` : "";
}

function hubWhere(account: string, region: string, named: boolean): string {
  return `Security Hub ${named ? `${account} ` : ""}${region}`;
}

function line(outcome: UnitOutcome<HubUnit, HubResult>, named: boolean): { ok: boolean; text: string } {
  const where = hubWhere(outcome.unit.account, outcome.unit.region, named);
  if (!outcome.ok) {
    const e = outcome.error;
    const hint =
      e.code === "InvalidAccessException"
        ? `Security Hub is not enabled in ${outcome.unit.region} for account ${outcome.unit.account}: enable it there, or leave the region out with --exclude-regions ${outcome.unit.region}`
        : e.hint;
    return { ok: false, text: `${where}: not imported (${e.action} ${e.code}): ${hint}` };
  }
  const r = outcome.value;
  const text = `${where}: ${plural(r.imported, "finding")} imported${earlierText(r, outcome.unit.findings.readKinds)} in ${plural(r.calls, "call")}`;
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
  const account = session.account.id;
  const { units, unread } = hubUnits(report, account);
  // Not an error of the import (the verdict already says the region is incomplete): unless --quiet.
  for (const region of opts.quiet ? [] : unread) {
    const where = hubWhere(account, region, opts.named ?? false);
    io.stderr.write(
      `imds: ${where}: nothing sent: the region could not be read, so its earlier findings are left as they were\n`,
    );
  }
  const outcomes = await importToSecurityHub(session.clients, units, report.generatedAt, VERSION);
  let ok = true;
  for (const outcome of outcomes) {
    const said = line(outcome, opts.named ?? false);
    ok &&= said.ok;
    if (!said.ok || !opts.quiet) io.stderr.write(`imds: ${said.text}\n`);
  }
  return ok;
}
