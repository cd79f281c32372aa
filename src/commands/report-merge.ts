// `imds report merge A.json B.json ...`: the JSON reports of `imds audit --org --shard I/N` runs,
// joined into the report (and exit code) one run over every account would have given. Any flaw in
// a file, or shards that do not belong together, is bad input: exit 2, nothing written.
import { readFileSync } from "node:fs";
import * as v from "valibot";
import { auditExitCode } from "../core/exit-code.js";
import { mergeShards, type ShardReport } from "../core/org-merge.js";
import { firstLine } from "../core/text.js";
import { UsageError } from "../errors.js";
import { emitReport } from "../io/emit.js";
import type { ReportFormat } from "../render/formats.js";
import { renderOrgAudit } from "../render/index.js";
import { orgAuditReportSchema } from "../schemas/org-audit-report.js";
import { dottedPath, problemOf, shown } from "../schemas/problem.js";
import type { CommandIO } from "./options.js";

export interface MergeOptions {
  files: string[];
  format: ReportFormat;
  output?: string | undefined;
  color: boolean;
  quiet: boolean;
  maxRows: number;
  detail: boolean;
}

function readShard(path: string): ShardReport {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new UsageError(`${path}: not a JSON report (${firstLine(err)})`);
  }
  const result = v.safeParse(orgAuditReportSchema, value, { abortEarly: true });
  if (!result.success) {
    const p = problemOf(result.issues[0]);
    const where = dottedPath("report", p.path);
    throw new UsageError(
      `${path}: not an imds organization report (imds audit --org --format json): ${where} must be ${p.message} (got ${shown(p.input)})`,
    );
  }
  // The file as written, not valibot's copy: that one orders keys as the schema does, and the merged
  // report must print each row exactly as one run prints it.
  return { name: path, report: value as typeof result.output };
}

export async function reportMerge(opts: MergeOptions, io: CommandIO): Promise<number> {
  const view = mergeShards(opts.files.map(readShard));
  emitReport(
    io,
    opts,
    (vw) => renderOrgAudit(opts.format, view, { ...vw, maxRows: opts.maxRows, detail: opts.detail }),
    view.head.verdict.line,
  );
  return auditExitCode(view.head, view.head.options.failOn);
}
