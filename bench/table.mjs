// The benchmark's table: one row per measure, printed as it comes and written as markdown.

export const QUICK = process.env.BENCH_QUICK === "1";
/** Rounds per comparison: at least 5 in a full run, the order rotated each round. */
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (QUICK ? 2 : 5));

const rows = [];

/** Adds a row: what was measured, imds's figure, what it is compared with, ratio, target, note. */
export function row(name, imds, other, ratio, target, note = "") {
  rows.push({ name, imds, other, ratio, target, note });
  console.error(`bench: ${name}: ${imds} vs ${other} = ${ratio} (${target}) ${note}`);
}

/** "met" or "MISSED", for a target. */
export const verdict = (ok) => (ok ? "met" : "MISSED");

export function markdown() {
  return [
    "| row | imds | compared with | ratio | target | note |",
    "|---|---|---|---|---|---|",
    ...rows.map((r) => `| ${r.name} | ${r.imds} | ${r.other} | ${r.ratio} | ${r.target} | ${r.note} |`),
  ].join("\n");
}
