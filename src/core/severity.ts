import type { Finding, Severity } from "./types.js";

const RANK: Record<Severity, number> = { pass: 0, warn: 1, fail: 2 };

export function worstOf(severities: Iterable<Severity>): Severity {
  let worst: Severity = "pass";
  for (const s of severities) if (RANK[s] > RANK[worst]) worst = s;
  return worst;
}

export function worstFinding(findings: readonly Finding[]): Severity {
  return worstOf(findings.map((f) => f.severity));
}

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return RANK[severity] >= RANK[threshold];
}
