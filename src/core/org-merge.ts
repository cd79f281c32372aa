// `imds report merge`: the reports of `--shard I/N` runs joined into the report one run over every
// account would have given (its exit code included). Refuses shards that overlap or do not belong
// together (other options, accounts, organization, tool version); a missing shard makes the merged
// report incomplete, said as an error of its own. Pure.
import { UsageError } from "../errors.js";
import { joinVerdicts } from "./exceptions.js";
import { assembleOrgHead } from "./org-report.js";
import type { AccountBlock, OrgAuditHead, OrgAuditReport, OrgAuditView, OrgError } from "./org-types.js";
import { shardLabel, shardOf } from "./shard.js";

export interface ShardReport {
  /** The file it came from, for messages. */
  name: string;
  report: OrgAuditReport;
}

/** What every shard of one run shares; the first field that differs names the mismatch. */
function sameRun(r: OrgAuditReport) {
  const { shard: _shard, ...selection } = r.selection;
  return {
    "tool.version": r.tool.version,
    caller: r.caller.id,
    endpoint: r.endpoint,
    options: r.options,
    organization: r.organization,
    selection,
  };
}

/** How to name each part of sameRun to a user. */
const RUN_PARTS: Record<keyof ReturnType<typeof sameRun>, string> = {
  "tool.version": "the imds versions that wrote them",
  caller: "the callers (the identities that ran them)",
  endpoint: "their endpoints",
  options: "their options",
  organization: "their organizations",
  selection: "their account or region selections",
};

/** The command-line option a key of the report's options or selection came from. */
const OPTION_OF: Record<string, string> = {
  usageDays: "--usage",
  excluded: "--exclude-accounts",
  source: "--org, --ou, --accounts or --accounts-file",
  ous: "--ou",
  file: "--accounts-file",
  role: "--role-name or --role-arn",
};

function firstDifference<T extends object>(a: T, b: T): keyof T | undefined {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])] as (keyof T)[];
  return keys.find((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

/** "--regions" when that is what two shards' options or selections differ in. */
function optionNamed(a: unknown, b: unknown): string {
  const key = firstDifference((a ?? {}) as Record<string, unknown>, (b ?? {}) as Record<string, unknown>);
  if (key === undefined) return "?";
  return OPTION_OF[key] ?? `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

function checkTogether(shards: readonly ShardReport[]): number {
  const [first, ...rest] = shards;
  if (!first) throw new UsageError("imds report merge: name the shard reports to merge");
  for (const s of shards) {
    if (!s.report.selection.shard) {
      throw new UsageError(
        `${s.name} is not a shard's report (it was not run with --shard): nothing to merge it with`,
      );
    }
  }
  const count = first.report.selection.shard?.count ?? 0;
  const want = sameRun(first.report);
  for (const s of rest) {
    const got = sameRun(s.report);
    const field = firstDifference(want, got);
    if (field) {
      const what =
        field === "options" || field === "selection" ? optionNamed(want[field], got[field]) : field;
      throw new UsageError(
        `${s.name} and ${first.name} are not shards of the same run: ${RUN_PARTS[field]} differ (${what})`,
      );
    }
    if (s.report.selection.shard?.count !== count) {
      throw new UsageError(
        `${s.name} is a shard of ${s.report.selection.shard?.count}, ${first.name} of ${count}: merge shards of one split`,
      );
    }
  }
  return count;
}

/** Each shard once, each account in the shard its id hashes to, and in one shard only. */
function checkDisjoint(shards: readonly ShardReport[], count: number): void {
  const byIndex = new Map<number, string>();
  const byAccount = new Map<string, string>();
  for (const s of shards) {
    const shard = s.report.selection.shard ?? { index: 0, count };
    const other = byIndex.get(shard.index);
    if (other)
      throw new UsageError(`${s.name} and ${other} are both shard ${shardLabel(shard)}: they overlap`);
    byIndex.set(shard.index, s.name);
    for (const id of [...s.report.accounts.map((a) => a.id), ...s.report.skipped.map((a) => a.id)]) {
      const seen = byAccount.get(id);
      if (seen) throw new UsageError(`account ${id} is in both ${seen} and ${s.name}: the shards overlap`);
      byAccount.set(id, s.name);
      if (shardOf(id, count) !== shard.index) {
        throw new UsageError(
          `${s.name}: account ${id} does not belong to shard ${shardLabel(shard)} (the report was edited, or made by another split)`,
        );
      }
    }
  }
}

function missingShards(shards: readonly ShardReport[], count: number): OrgError[] {
  const have = new Set(shards.map((s) => s.report.selection.shard?.index));
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !have.has(i));
  return missing.map((i) => ({
    kind: "other",
    action: "imds report merge",
    code: "MissingShard",
    message: `no report of shard ${i}/${count} was given`,
    hint: `run shard ${i}/${count} again (--shard ${i}/${count}) and merge its report with the others`,
  }));
}

/** Each error once, in the order first seen (every shard lists the organization itself). */
function distinct(errors: readonly OrgError[]): OrgError[] {
  const seen = new Map(errors.map((e) => [JSON.stringify(e), e]));
  return [...seen.values()];
}

function blocksOf(shards: readonly ShardReport[]): Map<string, AccountBlock> {
  const blocks = new Map<string, AccountBlock>();
  const block = (account: string) => {
    let b = blocks.get(account);
    if (!b) {
      b = { account, regions: [], resources: [] };
      blocks.set(account, b);
    }
    return b;
  };
  for (const { report } of shards) {
    for (const a of report.accounts) block(a.id);
    for (const r of report.regions) block(r.account).regions.push(r);
    for (const r of report.resources) block(r.account).resources.push(r);
  }
  return blocks;
}

/** The merged report, as renderers take it: what one run over every shard's accounts would print. */
export function mergeShards(shards: readonly ShardReport[]): OrgAuditView {
  const count = checkTogether(shards);
  checkDisjoint(shards, count);
  const reports = shards.map((s) => s.report);
  const first = reports[0] as OrgAuditReport;
  const { shard: _shard, ...selection } = first.selection;
  const head: OrgAuditHead = assembleOrgHead(
    reports.flatMap((r) => r.accounts),
    {
      version: first.tool.version,
      caller: first.caller,
      generatedAt: new Date(Math.min(...reports.map((r) => Date.parse(r.generatedAt)))),
      durationMs: Math.max(...reports.map((r) => r.durationMs)),
      endpoint: first.endpoint,
      options: first.options,
      organization: first.organization,
      selection,
      // The shards' profile and ExternalId are not in their reports; their endpoint and config file
      // are (the role and the accounts, --org or --ou, come from the selection).
      invocation: { endpoint: first.endpoint, config: first.options.config },
      errors: [...distinct(reports.flatMap((r) => r.errors)), ...missingShards(shards, count)],
      skipped: reports.flatMap((r) => r.skipped),
      exceptions: joinVerdicts(reports.map((r) => r.exceptions ?? [])),
    },
  );
  const blocks = blocksOf(shards);
  const ids = [...blocks.keys()].sort();
  return {
    head,
    *blocks() {
      for (const id of ids) {
        const b = blocks.get(id);
        if (b) yield b;
      }
    },
  };
}
