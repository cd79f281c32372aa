// The organization report for a ticket or a pull request: the account summary with totals, what
// was not read or left out, the findings (account column added, capped) and the verdict.
import type { OrgAuditView } from "../core/org-types.js";
import { cappedLine, findingSummary, printable, resourceCells } from "./cells.js";
import { escapeMd, MARKDOWN_MAX_ROWS, mdTable } from "./markdown.js";
import {
  ACCOUNT_HEADERS,
  accountCells,
  ORG_FINDING_HEADERS,
  orgNotes,
  orgScopeParts,
  topFindings,
  totalCells,
} from "./org-cells.js";

const TITLES = { compliant: "Compliant", findings: "Findings", incomplete: "Incomplete" } as const;

export function renderOrgMarkdown(view: OrgAuditView): string {
  const { head } = view;
  const { shown, total } = topFindings(view, MARKDOWN_MAX_ROWS);
  const findings = shown.map((r) => {
    const { message, more } = findingSummary(r);
    return [r.account, ...resourceCells(r), more ? `${message} ${more}` : message];
  });
  const notes = orgNotes(head).map((n) => `- ${escapeMd(n)}`);
  const sections = [
    `## imds audit (organization): ${TITLES[head.verdict.status]}`,
    escapeMd(orgScopeParts(head).join(" · ")),
    mdTable([...ACCOUNT_HEADERS], [...head.accounts.map((r) => accountCells(r)), totalCells(head)]),
    notes.length ? `### Not read completely, or left out\n\n${notes.join("\n")}` : "",
    findings.length
      ? `### Failing and warning resources\n\n${mdTable([...ORG_FINDING_HEADERS], findings)}`
      : "",
    cappedLine(total, shown.length, " (use --format csv or json to see them all)"),
    `**${escapeMd(printable(head.verdict.line))}**`,
    head.verdict.nextCommand ? `Next:\n\n\`\`\`sh\n${printable(head.verdict.nextCommand)}\n\`\`\`` : "",
  ];
  return `${sections.filter((s) => s !== "").join("\n\n")}\n`;
}
