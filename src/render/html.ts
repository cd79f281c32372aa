// `--format html`: one self-contained page (style and script inline, no network at view time) to
// send to the people who must fix things: the verdict, each account and region as a heat map,
// counts as bars, the findings with their evidence (search and sort with JavaScript; the page reads
// fine without), what the config file excepts, what could not be read, and the commands to run next.
import { codeInfo } from "../core/finding-codes.js";
import { accountOf, type WithAccount } from "../core/finding-rows.js";
import { plural } from "../core/text.js";
import type { AuditReport, RegionReport, Resource, ResourceKind, Severity } from "../core/types.js";
import {
  EXCEPTED_HEADERS,
  exceptedRows,
  lockedRegions,
  lockMessage,
  nameCell,
  nonPassing,
  regionErrorLines,
  scopeParts,
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

function bars(report: AuditReport): string {
  const cards = (Object.keys(KIND_TITLES) as ResourceKind[]).map((kind) => {
    const counts = { fail: 0, warn: 0, pass: 0 };
    for (const r of report.resources) if (r.kind === kind) counts[r.severity]++;
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

function heatMap(report: AuditReport): string {
  const regions = report.regions as WithAccount<RegionReport>[];
  const names = [...new Set(regions.map((r) => r.region))].sort();
  const accounts = [...new Set(regions.map((r) => accountOf(report, r)))];
  const cell = new Map(regions.map((r) => [`${accountOf(report, r)} ${r.region}`, r]));
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

function findingRow(report: AuditReport, r: WithAccount<Resource>): string {
  const findings = r.findings.map((f) => h(f.message)).join("<br>");
  return `<tr><td>${h(accountOf(report, r))}</td><td>${h(r.region)}</td><td>${h(r.kind)}</td><td><code>${h(r.id)}</code></td><td>${h(nameCell(r))}</td><td data-key="${SEVERITY_ORDER[r.severity]}"><span class="sev ${r.severity}">${r.severity.toUpperCase()}</span></td><td>${findings}</td><td>${h(evidence(r))}</td><td><code>${h(settingsText(r))}</code></td></tr>`;
}

function findingsTable(report: AuditReport): string {
  const all = nonPassing(report);
  if (all.length === 0) return `<section><h2>Findings</h2><p>No failing or warning resources.</p></section>`;
  const shown = all.slice(0, HTML_MAX_ROWS);
  const cut =
    all.length > shown.length
      ? `<p class="muted">Showing the first ${shown.length} of ${all.length} (failures first): use --format csv or json for all of them.</p>`
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
  const body = shown.map((r) => findingRow(report, r)).join("\n");
  return `<section><h2>Findings (${all.length})</h2>${tools}${cut}<table class="data" id="findings"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></section>`;
}

function plainTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const th = head.map((t) => `<th scope="col">${h(t)}</th>`).join("");
  const body = rows.map((row) => `<tr>${row.map((c) => `<td>${h(c)}</td>`).join("")}</tr>`).join("\n");
  return `<table class="data"><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** The findings the config excepts, each exception's verdict, and what to do about the bad ones. */
function exceptionsSection(report: AuditReport): string {
  if (!report.exceptions) return "";
  const rows = exceptedRows(report);
  const cut =
    rows.length > HTML_MAX_ROWS
      ? `<p class="muted">Showing the first ${HTML_MAX_ROWS} of ${rows.length}.</p>`
      : "";
  const excepted = rows.length ? `${plainTable(EXCEPTED_HEADERS, rows.slice(0, HTML_MAX_ROWS))}${cut}` : "";
  const todo = exceptionProblems(report.exceptions).map((line) => `<li>${h(line)}</li>`);
  return `<section><h2>Excepted by the config file (${rows.length})</h2>${excepted}<h3>Exceptions</h3>${plainTable(EXCEPTION_HEADERS, report.exceptions.map(exceptionCells))}${todo.length ? `<ul class="errors">${todo.join("")}</ul>` : ""}</section>`;
}

function problems(report: AuditReport): string {
  const errors = regionErrorLines(report).map(
    (e) => `<li><b>${h(e.region)}</b> (${e.part}): ${h(e.text)}</li>`,
  );
  const locked = lockedRegions(report).map((r) => `<li><b>${h(r.region)}</b>: ${h(lockMessage(r))}</li>`);
  return [
    errors.length
      ? `<section><h2>Not read completely</h2><ul class="errors">${errors.join("")}</ul><p class="muted">This is not proof of compliance for these regions.</p></section>`
      : "",
    locked.length
      ? `<section><h2>Locked by an organization policy</h2><ul>${locked.join("")}</ul></section>`
      : "",
  ].join("");
}

function nextSteps(report: AuditReport): string {
  const codes = [...new Set(report.resources.flatMap((r) => r.findings.map((f) => f.code)))].sort();
  const command = report.verdict.nextCommand
    ? `<pre><code>${h(report.verdict.nextCommand)}</code></pre>`
    : "";
  const remedies = codes.map(
    (c) => `<dt>${h(codeInfo(c).title)} <code>${h(c)}</code></dt><dd>${h(codeInfo(c).remedy)}</dd>`,
  );
  if (!command && remedies.length === 0) return "";
  return `<section><h2>Next</h2>${command}${remedies.length ? `<dl class="codes">${remedies.join("")}</dl>` : ""}</section>`;
}

export function auditHtml(report: AuditReport): string {
  const title = `imds audit · ${report.account.id} · ${report.verdict.status}`;
  const scope = scopeParts(report).join(" · ");
  const count = plural(report.resources.length, "resource");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${h(title)}</title>
<style>${HTML_STYLE}</style>
</head>
<body>
<header><h1>imds audit</h1><div class="scope">${h(scope)} · ${count}</div><div class="verdict ${report.verdict.status}">${h(report.verdict.line)}</div></header>
<main>
${heatMap(report)}
${bars(report)}
${findingsTable(report)}
${exceptionsSection(report)}
${problems(report)}
${nextSteps(report)}
</main>
<footer>imds ${h(report.tool.version)} · generated ${h(report.generatedAt)} · IMDSv2 audit of EC2 account defaults, instances, launch templates and AMIs</footer>
<script>${HTML_SCRIPT}</script>
</body>
</html>
`;
}
