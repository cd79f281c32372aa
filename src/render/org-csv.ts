// The organization report as CSV: the one-account columns with the account first, one row per
// resource, an `error` row per region part or account that could not be read, and a
// `skipped-account` row per account left out. Streamed account by account.
import type { OrgAuditView } from "../core/org-types.js";
import { CSV_HEADER, CSV_SETTINGS, CSV_USAGE, csvCell, errorRow, resourceRow } from "./csv.js";

const line = (cells: readonly string[]) => `${cells.map(csvCell).join(",")}\n`;
const blank = () => [...CSV_SETTINGS, ...CSV_USAGE].map(() => "");

export function* orgCsvChunks(view: OrgAuditView): Generator<string> {
  const { head } = view;
  const rows = new Map(head.accounts.map((r) => [r.id, r]));
  yield line(["account", ...CSV_HEADER]);
  for (const block of view.blocks()) {
    const out: string[] = [];
    for (const r of block.resources) out.push(line([block.account, ...resourceRow(r)]));
    for (const region of block.regions) {
      for (const e of region.errors) out.push(line([block.account, ...errorRow(region.region, e)]));
    }
    for (const e of rows.get(block.account)?.errors ?? []) {
      out.push(line([block.account, ...errorRow("", { ...e, part: e.stage })]));
    }
    yield out.join("");
  }
  for (const e of head.errors) yield line(["", ...errorRow("", { ...e, part: e.parent ?? "organization" })]);
  for (const s of head.skipped) {
    yield line([s.id, "", "skipped-account", "", s.name ?? "", "", "", s.reason, ...blank()]);
  }
}
