// One account of an organization report as a one-account audit report: what the finding formats
// (SARIF, OCSF, ASFF, JUnit, HTML) and Security Hub are built from, so an organization run renders
// each account's findings as its own audit would, one account in memory at a time. Pure.
import type { AccountBlock, OrgAuditHead } from "./org-types.js";
import { assembleReport, type EvaluatedRegion } from "./report.js";
import { groupBy } from "./text.js";
import type { AuditReport, ExceptionVerdict, Resource } from "./types.js";

/** The head's audit options without the organization's own. */
function auditOptionsOf(head: OrgAuditHead): AuditReport["options"] {
  const { scpDeniedAsExcluded: _scp, ...options } = head.options;
  return options;
}

/** The account's regions and resources judged as its own audit judges them (its own verdict). */
export function accountReport(
  head: OrgAuditHead,
  block: AccountBlock,
  exceptions?: ExceptionVerdict[],
): AuditReport {
  const byRegion = groupBy(block.resources as Resource[], (r) => r.region);
  const evaluated: EvaluatedRegion[] = block.regions.map((report) => ({
    report,
    resources: byRegion.get(report.region) ?? [],
  }));
  const { selection } = head;
  return assembleReport(evaluated, {
    version: head.tool.version,
    account: { id: block.account },
    generatedAt: new Date(head.generatedAt),
    durationMs: head.durationMs,
    ...(head.endpoint === undefined ? {} : { endpoint: head.endpoint }),
    options: auditOptionsOf(head),
    everyEnabledRegion: !selection.regions?.length && !selection.excludeRegions?.length,
    exceptions,
  });
}

/** Every account's report, one at a time, in the view's (account id) order. */
export function* accountReports(view: {
  head: OrgAuditHead;
  blocks(): Iterable<AccountBlock>;
}): Generator<AuditReport> {
  for (const block of view.blocks()) yield accountReport(view.head, block);
}
