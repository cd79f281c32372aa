// The parts of regions an audit could not read, as a list the finding formats can carry: a SIEM or
// Security Hub that only sees findings must still see that a region was not checked, or an empty
// file would read as "nothing wrong".
import { accountOf, type WithAccount } from "./finding-rows.js";
import type { AuditReport, ReadError } from "./types.js";

export interface UnreadPart extends ReadError {
  account: string;
  region: string;
}

/** Every (region, part) the report says was not read, with its account and the classified error. */
export function unreadParts(report: AuditReport): UnreadPart[] {
  return (report.regions as WithAccount<AuditReport["regions"][number]>[]).flatMap((r) =>
    r.errors.map((e) => ({ ...e, account: accountOf(report, r), region: r.region })),
  );
}

/** One line: what was not read, why, and what to do. */
export function unreadText(u: UnreadPart): string {
  return `imds could not read the ${u.part} of ${u.region} in account ${u.account} (${u.action} ${u.code}: ${u.message}). ${u.hint}`;
}

/** The stable id of an unread part: the same (account, region, part) every run. */
export function unreadKey(u: UnreadPart): string {
  return ["unread", u.account, u.region, u.part].join("/");
}
