// The organization audit report (schema version 2): one row per account, then every account's
// regions and resources with the account on each.
// Types only: inferred from src/schemas/org-audit-report.ts, so nothing loads at run time.
import type * as v from "valibot";
import type {
  accountCountsSchema,
  accountErrorSchema,
  accountRowSchema,
  kindCountsSchema,
  orgAuditReportSchema,
  orgErrorSchema,
  orgOptionsSchema,
  selectionSchema,
  totalsSchema,
} from "../schemas/org-audit-report.js";
import type { RegionReport, Resource } from "./types.js";

type Out<S extends v.GenericSchema> = v.InferOutput<S>;

/** A failure that kept a whole account (not one region) from being read. */
export type AccountError = Out<typeof accountErrorSchema>;
/** A failure listing the organization's accounts (an OU, or the whole listing). */
export type OrgError = Out<typeof orgErrorSchema>;
/** Resources at one severity, by kind. */
export type KindCounts = Out<typeof kindCountsSchema>;
export type AccountCounts = Out<typeof accountCountsSchema>;
/** One account's row in the organization summary. */
export type AccountRow = Out<typeof accountRowSchema>;
type OrgRegionRow = { account: string } & RegionReport;
export type OrgResource = { account: string } & Resource;
/** Which accounts the run covers, as asked. */
export type Selection = Out<typeof selectionSchema>;
export type AccountSource = Selection["source"];
export type OrgTotals = Out<typeof totalsSchema>;
export type OrgOptionsEcho = Out<typeof orgOptionsSchema>;
/** The whole report, as `--format json` prints it. */
export type OrgAuditReport = Out<typeof orgAuditReportSchema>;
/** Everything in the report but the two long arrays, which stream from the per-account blocks. */
export type OrgAuditHead = Omit<OrgAuditReport, "regions" | "resources">;

/** One account's regions and resources: written out as soon as the account is done. */
export interface AccountBlock {
  account: string;
  regions: OrgRegionRow[];
  resources: OrgResource[];
}

/** The report as renderers take it: the head, and each account's block read back on demand. */
export interface OrgAuditView {
  head: OrgAuditHead;
  /** Blocks in account id order; each read when asked for, so only one is in memory at a time. */
  blocks(): Iterable<AccountBlock>;
}
