// A template's launch-path changes form a chain made in order: the new version first, then the
// default and the groups that name it. Their version numbers are planned (the template's latest + 1)
// and replaced by the real one once the new version exists. Pure.
import type { Change } from "./changes.js";
import type { Settings } from "./rules.js";

export function isLaunchPath(c: Change): boolean {
  return c.kind !== "account-default" && c.kind !== "instance";
}

/** The template a launch-path change belongs to (a group's: the template it is moved on). */
type Step = Pick<Change, "region" | "kind" | "id" | "requested">;

function chainOf(c: Step): string {
  return c.kind === "auto-scaling-group" ? String(c.requested.launchTemplateId) : c.id;
}

/** Launch-path changes grouped by template, each chain in the order given, chains in first-seen order. */
export function launchChains<C extends Step>(changes: readonly C[]): C[][] {
  const chains = new Map<string, C[]>();
  for (const c of changes) {
    const key = `${c.region} ${chainOf(c)}`;
    const chain = chains.get(key);
    if (chain) chain.push(c);
    else chains.set(key, [c]);
  }
  return [...chains.values()];
}

/** The version fields a chain step names the new version by. */
const VERSION_FIELDS = {
  "launch-template-default": "defaultVersion",
  "auto-scaling-group": "launchTemplateVersion",
} as const;

/**
 * The change's request with the planned number of the chain's new version replaced by the number
 * it got (the same request when nothing was created, or the numbers agree).
 */
export function substitute(c: Change, created: { predicted: number; actual: number } | undefined): Settings {
  const field = VERSION_FIELDS[c.kind as keyof typeof VERSION_FIELDS];
  if (!field || !created || created.predicted === created.actual) return c.requested;
  const v = c.requested[field];
  if (Number(v) !== created.predicted) return c.requested;
  return { ...c.requested, [field]: typeof v === "number" ? created.actual : String(created.actual) };
}
