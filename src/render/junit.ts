// `--format junit`: the audit as a test report for a CI's test tab (Jenkins, GitLab, Azure DevOps).
// One testsuite per account and region (name ACCOUNT/REGION), one testcase per resource (classname
// imds.ACCOUNT.REGION.KIND, name the resource id: unique together), a <failure> for each finding at
// or above --fail-on, and an <error> testcase for each part of a region that could not be read
// (classname imds.ACCOUNT.REGION.region, name "PART (not read)"). A
// resource whose only such findings a config exception covers is <skipped>, with the exception.
// Validated against the JUnit XSD Jenkins' xunit plugin publishes (test/schemas/junit-10.xsd).
import { exceptedText } from "../core/exceptions.js";
import { accountOf, type WithAccount } from "../core/finding-rows.js";
import { atLeast } from "../core/severity.js";
import { groupBy } from "../core/text.js";
import type { AuditReport, FailOn, Finding, ReadError, RegionReport, Resource } from "../core/types.js";
import { nameCell } from "./audit-cells.js";
import { printable } from "./text.js";

const XML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

/** Text safe in an XML attribute or element: one line, escaped, no characters XML 1.0 forbids. */
function xml(text: string): string {
  return printable(text).replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);
}

function attrs(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([k, v]) => ` ${k}="${xml(String(v))}"`)
    .join("");
}

function failing(f: Finding, failOn: FailOn): boolean {
  return failOn !== "never" && atLeast(f.severity, failOn);
}

/** Resources with a finding at or above --fail-on: the failing testcases. */
function failingCount(resources: readonly Resource[], failOn: FailOn): number {
  return resources.filter((r) => r.findings.some((f) => failing(f, failOn))).length;
}

/** A resource whose only findings at or above --fail-on are excepted by the config: a skipped test. */
function skipped(resource: Resource, failOn: FailOn): boolean {
  return !resource.findings.some((f) => failing(f, failOn)) && Boolean(resource.excepted?.length);
}

function testcase(resource: Resource, classname: string, failOn: FailOn): string {
  // The name is the resource id alone, so a CI's test history follows the resource when its tags
  // change; its name, owner or launch path, as the table shows them ("web v3 [EKS prod/ng-1]"),
  // lead its output.
  const label = nameCell(resource);
  const head = `    <testcase${attrs({ classname, name: resource.id, time: "0" })}`;
  const failures = resource.findings.filter((f) => failing(f, failOn));
  const notes = [
    ...(label ? [`name: ${label}`] : []),
    ...resource.findings.filter((f) => !failing(f, failOn)).map((f) => `${f.severity}: ${f.message}`),
    ...(resource.excepted ?? []).map((f) => `${f.severity}: ${f.message}, ${exceptedText(f.exception)}`),
  ];
  if (failures.length === 0 && notes.length === 0) return `${head}/>\n`;
  const excepted = resource.excepted?.[0];
  const body = [
    ...(excepted && skipped(resource, failOn)
      ? [`      <skipped${attrs({ message: exceptedText(excepted.exception) })}/>\n`]
      : []),
    ...failures.map(
      (f) =>
        `      <failure${attrs({ type: f.code, message: f.message })}>${xml(`${f.severity}: ${f.message}`)}</failure>\n`,
    ),
    ...(notes.length ? [`      <system-out>${xml(notes.join("; "))}</system-out>\n`] : []),
  ];
  return `${head}>\n${body.join("")}    </testcase>\n`;
}

function errorCase(error: ReadError, classname: string): string {
  return (
    `    <testcase${attrs({ classname, name: `${error.part} (not read)`, time: "0" })}>\n` +
    `      <error${attrs({ type: error.code, message: `${error.action} ${error.code}` })}>${xml(`${error.message} Hint: ${error.hint}`)}</error>\n` +
    "    </testcase>\n"
  );
}

interface Suite {
  account: string;
  region: RegionReport;
  resources: Resource[];
}

function suite(s: Suite, report: AuditReport): string {
  const { failOn } = report.options;
  const classname = (kind: string) => `imds.${s.account}.${s.region.region}.${kind}`;
  const head = attrs({
    name: `${s.account}/${s.region.region}`,
    tests: s.resources.length + s.region.errors.length,
    failures: failingCount(s.resources, failOn),
    errors: s.region.errors.length,
    skipped: s.resources.filter((r) => skipped(r, failOn)).length,
    time: "0",
    timestamp: report.generatedAt.slice(0, 19),
    hostname: s.region.region,
    package: `imds.${s.account}`,
  });
  const cases = [
    ...s.resources.map((r) => testcase(r, classname(r.kind), failOn)),
    ...s.region.errors.map((e) => errorCase(e, classname("region"))),
  ];
  return `  <testsuite${head}>\n${cases.join("")}  </testsuite>\n`;
}

/** One suite per region of the report (per account and region when its rows name accounts). */
function suitesOf(report: AuditReport): Suite[] {
  const key = (account: string, region: string) => `${account}\u0000${region}`;
  const byUnit = groupBy(report.resources as WithAccount<Resource>[], (r) =>
    key(accountOf(report, r), r.region),
  );
  return (report.regions as WithAccount<RegionReport>[]).map((region) => {
    const account = accountOf(report, region);
    return { account, region, resources: byUnit.get(key(account, region.region)) ?? [] };
  });
}

export interface JunitTotals {
  tests: number;
  failures: number;
  errors: number;
}

function totalsOf(suites: readonly Suite[], failOn: FailOn): JunitTotals {
  const count = (f: (s: Suite) => number) => suites.reduce((n, s) => n + f(s), 0);
  return {
    tests: count((s) => s.resources.length + s.region.errors.length),
    failures: count((s) => failingCount(s.resources, failOn)),
    errors: count((s) => s.region.errors.length),
  };
}

/** A report's suites and what they count, for documents that join several reports. */
export function junitSuites(report: AuditReport): { totals: JunitTotals; xml: () => Generator<string> } {
  const suites = suitesOf(report);
  return {
    totals: totalsOf(suites, report.options.failOn),
    *xml() {
      for (const s of suites) yield suite(s, report);
    },
  };
}

/** The document: <testsuites> with its totals around the suites. */
export function* junitDocument(
  head: { name: string; durationMs: number; totals: JunitTotals },
  suites: Iterable<string>,
): Generator<string> {
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield `<testsuites${attrs({ name: head.name, ...head.totals, time: (head.durationMs / 1000).toFixed(3) })}>\n`;
  yield* suites;
  yield "</testsuites>\n";
}

export function auditJunit(report: AuditReport): Iterable<string> {
  const { totals, xml } = junitSuites(report);
  return junitDocument(
    { name: `imds audit ${report.account.id}`, durationMs: report.durationMs, totals },
    xml(),
  );
}
