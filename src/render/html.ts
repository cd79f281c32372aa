// `--format html`: one self-contained page (style and script inline, no network at view time) to
// send to the people who must fix things: the verdict, each account and region as a heat map,
// counts as bars, the findings with their evidence (search and sort with JavaScript; the page reads
// fine without), what the config file excepts, what could not be read, and the commands to run next.
import { codeInfo } from "../core/finding-codes.js";
import { accountOf, type WithAccount } from "../core/finding-rows.js";
import { plural } from "../core/text.js";
import type {
  AuditReport,
  ExceptionVerdict,
  RegionReport,
  Resource,
  ResourceKind,
  Severity,
  Verdict,
} from "../core/types.js";
import {
  EXCEPTED_HEADERS,
  exceptedRows,
  lockMessage,
  nameCell,
  regionErrorLines,
  scopeParts,
  TopFindings,
} from "./audit-cells.js";
import { EXCEPTION_HEADERS, exceptionCells, exceptionProblems } from "./exception-cells.js";
import { HTML_SCRIPT, HTML_STYLE } from "./html-assets.js";
import { printable } from "./text.js";

/** Findings rows in the page; a bigger list belongs in CSV or JSON. */
const HTML_MAX_ROWS = 5000;

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text as HTML: escaped, and one printable line. */
function h(text: string | number): string {
  return printable(String(text)).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

const KIND_TITLES = {
  "account-default": "Account defaults",
  instance: "Instances",
  "launch-template": "Launch template versions",
  image: "AMIs",
  "auto-scaling-group": "Auto Scaling groups",
  "launch-configuration": "Launch configurations",
} as const satisfies Record<ResourceKind, string>;
const SEVERITY_ORDER = { fail: "0", warn: "1", pass: "2" } as const satisfies Record<Severity, string>;

type Tally = Record<ResourceKind, Record<Severity, number>>;
type AccountRegion = RegionReport & { account: string };
type AccountResource = Resource & { account: string };

/**
 * What the page shows, gathered a report at a time (an organization's accounts one by one): every
 * region (the heat map), counts by kind, and at most HTML_MAX_ROWS findings and excepted findings.
 */
export class HtmlParts {
  readonly regions: AccountRegion[] = [];
  readonly tally = Object.fromEntries(
    Object.keys(KIND_TITLES).map((k) => [k, { fail: 0, warn: 0, pass: 0 }]),
  ) as Tally;
  readonly findings = new TopFindings<AccountResource>(HTML_MAX_ROWS);
  readonly excepted: string[][] = [];
  exceptedTotal = 0;
  readonly codes = new Set<string>();

  add(report: AuditReport): this {
    for (const r of report.regions as WithAccount<RegionReport>[])
      this.regions.push({ ...r, account: accountOf(report, r) });
    const resources = (report.resources as WithAccount<Resource>[]).map((r) => ({
      ...r,
      account: accountOf(report, r),
    }));
    for (const r of resources) {
      this.tally[r.kind][r.severity]++;
      for (const f of r.findings) if (f.severity !== "pass") this.codes.add(f.code);
    }
    this.findings.add(resources);
    const excepted = exceptedRows(report);
    this.exceptedTotal += excepted.length;
    for (const row of excepted.slice(0, Math.max(0, HTML_MAX_ROWS - this.excepted.length)))
      this.excepted.push([report.account.id, ...row]);
    return this;
  }
}

function bars(tally: Tally): string {
  const cards = (Object.keys(KIND_TITLES) as ResourceKind[]).map((kind) => {
    const counts = tally[kind];
    const total = counts.fail + counts.warn + counts.pass;
    const pct = (n: number) => (total === 0 ? 0 : (100 * n) / total).toFixed(1);
    const spans = (["fail", "warn", "pass"] as const)
      .map((s) => `<span class="${s}" style="width:${pct(counts[s])}%" title="${counts[s]} ${s}"></span>`)
      .join("");
    return `<div class="card"><h3>${KIND_TITLES[kind]}</h3><div class="bar">${spans}</div><div class="legend">${total} checked · <b>${counts.fail}</b> fail · <b>${counts.warn}</b> warn · ${counts.pass} pass</div></div>`;
  });
  return `<section><h2>Resources</h2><div class="cards">${cards.join("")}</div></section>`;
}

function regionTitle(r: RegionReport): string {
  const c = r.counts;
  return `${r.region}: ${r.status.toUpperCase()} · ${c.instances} instances, ${c.v1Allowed} allow IMDSv1 · defaults ${r.defaults?.httpTokens ?? (r.defaults ? "unset" : "not read")}${r.locked ? " (org policy)" : ""}`;
}

const CELL_TEXT = { fail: "F", warn: "W", pass: "✓", incomplete: "?" } as const;

function heatMap(regions: readonly AccountRegion[]): string {
  const names = [...new Set(regions.map((r) => r.region))].sort();
  const accounts = [...new Set(regions.map((r) => r.account))];
  const cell = new Map(regions.map((r) => [`${r.account} ${r.region}`, r]));
  const head = `<tr><th>Account</th>${names.map((n) => `<th class="region" scope="col">${h(n)}</th>`).join("")}</tr>`;
  const rows = accounts.map((account) => {
    const cells = names.map((name) => {
      const r = cell.get(`${account} ${name}`);
      if (!r) return `<td class="none" title="${h(name)}: not in scope"></td>`;
      return `<td class="${r.status}" title="${h(regionTitle(r))}">${CELL_TEXT[r.status]}</td>`;
    });
    return `<tr><th scope="row">${h(account)}</th>${cells.join("")}</tr>`;
  });
  return `<section><h2>Regions</h2><table class="heat">${head}${rows.join("")}</table><p class="legend">F fail · W warn · ✓ pass · ? not read completely (hover a cell for its counts)</p></section>`;
}

function evidence(r: Resource): string {
  const u = r.usage;
  if (!u) return "";
  if (u.readiness === "in-use")
    return `in use: ${u.calls ?? "?"} IMDSv1 calls${u.lastSeen ? `, last ${u.lastSeen}` : ""}`;
  return u.reason ? `${u.readiness}: ${u.reason}` : u.readiness;
}

function settingsText(r: Resource): string {
  const s = r.settings;
  return ["httpTokens", "hopLimit", "httpEndpoint", "state"]
    .filter((k) => s[k] !== undefined)
    .map((k) => `${k}=${s[k]}`)
    .join(" ");
}

function findingRow(r: AccountResource): string {
  const findings = r.findings.map((f) => h(f.message)).join("<br>");
  return `<tr><td>${h(r.account)}</td><td>${h(r.region)}</td><td>${h(r.kind)}</td><td><code>${h(r.id)}</code></td><td>${h(nameCell(r))}</td><td data-key="${SEVERITY_ORDER[r.severity]}"><span class="sev ${r.severity}">${r.severity.toUpperCase()}</span></td><td>${findings}</td><td>${h(evidence(r))}</td><td><code>${h(settingsText(r))}</code></td></tr>`;
}

function findingsTable(top: TopFindings<AccountResource>): string {
  const total = top.total;
  if (total === 0) return `<section><h2>Findings</h2><p>No failing or warning resources.</p></section>`;
  const shown = top.shown();
  const cut =
    total > shown.length
      ? `<p class="muted">Showing the first ${shown.length} of ${total} (failures first): use --format csv or json for all of them.</p>`
      : "";
  const heads = [
    "Account",
    "Region",
    "Kind",
    "Resource",
    "Name",
    "Severity",
    "Finding",
    "Evidence (IMDSv1 use)",
    "Settings",
  ];
  const head = heads.map((t) => `<th data-sort scope="col">${t}</th>`).join("");
  const tools = `<div class="tools" id="tools" hidden><input id="search" type="search" placeholder="Search findings (region, id, name, text)" aria-label="Search findings"><span id="shown" class="muted"></span></div>`;
  const body = shown.map(findingRow).join("\n");
  return `<section><h2>Findings (${total})</h2>${tools}${cut}<table class="data" id="findings"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></section>`;
}

function plainTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const th = head.map((t) => `<th scope="col">${h(t)}</th>`).join("");
  const body = rows.map((row) => `<tr>${row.map((c) => `<td>${h(c)}</td>`).join("")}</tr>`).join("\n");
  return `<table class="data"><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** The findings the config excepts, each exception's verdict, and what to do about the bad ones. */
function exceptionsSection(parts: HtmlParts, exceptions: readonly ExceptionVerdict[] | undefined): string {
  if (!exceptions) return "";
  const total = parts.exceptedTotal;
  const cut =
    total > parts.excepted.length
      ? `<p class="muted">Showing the first ${parts.excepted.length} of ${total}.</p>`
      : "";
  const excepted = total ? `${plainTable(["Account", ...EXCEPTED_HEADERS], parts.excepted)}${cut}` : "";
  const todo = exceptionProblems(exceptions).map((line) => `<li>${h(line)}</li>`);
  return `<section><h2>Excepted by the config file (${total})</h2>${excepted}<h3>Exceptions</h3>${plainTable(EXCEPTION_HEADERS, exceptions.map(exceptionCells))}${todo.length ? `<ul class="errors">${todo.join("")}</ul>` : ""}</section>`;
}

/** "111122223333 eu-west-1" in an organization page, "eu-west-1" in one account's. */
const where = (r: AccountRegion, many: boolean) => (many ? `${r.account} ${r.region}` : r.region);

function problems(parts: HtmlParts, many: boolean): string {
  const errors = parts.regions.flatMap((r) =>
    regionErrorLines({ regions: [r] }).map(
      (e) => `<li><b>${h(where(r, many))}</b> (${e.part}): ${h(e.text)}</li>`,
    ),
  );
  const locked = parts.regions
    .filter((r) => r.locked)
    .map((r) => `<li><b>${h(where(r, many))}</b>: ${h(lockMessage(r))}</li>`);
  return [
    errors.length
      ? `<section><h2>Not read completely</h2><ul class="errors">${errors.join("")}</ul><p class="muted">This is not proof of compliance for these regions.</p></section>`
      : "",
    locked.length
      ? `<section><h2>Locked by an organization policy</h2><ul>${locked.join("")}</ul></section>`
      : "",
  ].join("");
}

function nextSteps(parts: HtmlParts, verdict: Verdict): string {
  const codes = [...parts.codes].sort();
  const command = verdict.nextCommand ? `<pre><code>${h(verdict.nextCommand)}</code></pre>` : "";
  const remedies = codes.map(
    (c) => `<dt>${h(codeInfo(c).title)} <code>${h(c)}</code></dt><dd>${h(codeInfo(c).remedy)}</dd>`,
  );
  if (!command && remedies.length === 0) return "";
  return `<section><h2>Next</h2>${command}${remedies.length ? `<dl class="codes">${remedies.join("")}</dl>` : ""}</section>`;
}

/** What a page says besides its parts: its title, scope, verdict, and what comes first. */
export interface PageHead {
  title: string;
  scope: string;
  verdict: Verdict;
  version: string;
  generatedAt: string;
  exceptions?: readonly ExceptionVerdict[] | undefined;
  /** Sections before the heat map (an organization's summary). */
  first?: string;
  /** Whether the page covers several accounts (problems then name the account). */
  many?: boolean;
}

export function htmlPage(head: PageHead, parts: HtmlParts): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${h(head.title)}</title>
<style>${HTML_STYLE}</style>
</head>
<body>
<header><h1>imds audit</h1><div class="scope">${h(head.scope)}</div><div class="verdict ${head.verdict.status}">${h(head.verdict.line)}</div></header>
<main>
${head.first ?? ""}
${heatMap(parts.regions)}
${bars(parts.tally)}
${findingsTable(parts.findings)}
${exceptionsSection(parts, head.exceptions)}
${problems(parts, head.many ?? false)}
${nextSteps(parts, head.verdict)}
</main>
<footer>imds ${h(head.version)} · generated ${h(head.generatedAt)} · IMDSv2 audit of EC2 account defaults, instances, launch templates and AMIs</footer>
<script>${HTML_SCRIPT}</script>
</body>
</html>
`;
}

export { h as htmlText, plainTable };

export function auditHtml(report: AuditReport): string {
  return htmlPage(
    {
      title: `imds audit · ${report.account.id} · ${report.verdict.status}`,
      scope: `${scopeParts(report).join(" · ")} · ${plural(report.resources.length, "resource")}`,
      verdict: report.verdict,
      version: report.tool.version,
      generatedAt: report.generatedAt,
      exceptions: report.exceptions,
    },
    new HtmlParts().add(report),
  );
}
