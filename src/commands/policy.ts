// `imds policy scp|declarative|iam|terraform`: write a generated policy to stdout or, atomically,
// to --output; say on stderr what to know about it. Bad input is a UsageError (exit 2).
import type { AwsOptions } from "../aws/clients.js";
import { EXIT } from "../core/exit-code.js";
import type { ScopeRequest } from "../core/scope.js";
import { UsageError } from "../errors.js";
import { writeOutput } from "../io/output-file.js";
import { PLANNED_USES } from "../policy/actions.js";
import { type DeclarativeOptions, declarativePolicy } from "../policy/declarative.js";
import { LIMITS, minifiedSize, toJson } from "../policy/document.js";
import { type IamOptions, iamPolicy, usesOf } from "../policy/iam.js";
import { buildScp } from "../policy/scp.js";
import type { ScpOptions } from "../policy/scp-statements.js";
import { terraformConfig } from "../policy/terraform.js";
import { VERSION } from "../version.js";
import type { CommandIO } from "./options.js";
import { openSession } from "./session.js";

export interface PolicyOutputOptions {
  output?: string | undefined;
  quiet: boolean;
}

type IO = Pick<CommandIO, "stdout" | "stderr">;

function emit(io: IO, opts: PolicyOutputOptions, text: string, notes: string[]): number {
  if (opts.output !== undefined) {
    writeOutput(opts.output, text);
    notes.push(`wrote ${opts.output}`);
  } else {
    io.stdout.write(text);
  }
  if (!opts.quiet) for (const note of notes) io.stderr.write(`imds: ${note}\n`);
  return EXIT.ok;
}

const fmt = (n: number) => n.toLocaleString("en-US");

export function policyScp(
  opts: ScpOptions & PolicyOutputOptions & { split: boolean; minify: boolean },
  io: IO,
): number {
  const { documents, sizes } = buildScp(opts, opts.split);
  const text = toJson(documents.length === 1 ? documents[0] : documents, opts.minify);
  const notes = [
    documents.length === 1
      ? `SCP: ${fmt(sizes[0] ?? 0)} of ${fmt(LIMITS.scp)} characters (minified, as AWS counts)`
      : `split into ${documents.length} SCPs (${sizes.map(fmt).join(", ")} of ${fmt(LIMITS.scp)} characters): a JSON array, one policy each; attach them all to the same target, which takes at most 5 SCPs`,
  ];
  if (!opts.minify && documents.some((d) => toJson(d).length > LIMITS.scp)) {
    notes.push("the API and CLI count white space too: pass --minify when creating it with them");
  }
  return emit(io, opts, text, notes);
}

export function policyDeclarative(opts: DeclarativeOptions & PolicyOutputOptions, io: IO): number {
  const doc = declarativePolicy(opts);
  const notes = [
    `declarative policy (EC2): ${fmt(minifiedSize(doc))} of ${fmt(LIMITS.declarative)} characters; accounts it is attached to report ManagedBy=declarative-policy and imds enforce leaves them alone`,
  ];
  return emit(io, opts, toJson(doc), notes);
}

export function policyIam(opts: IamOptions & PolicyOutputOptions, io: IO): number {
  const planned = usesOf(opts.for).filter((u) => PLANNED_USES.includes(u));
  const notes = planned.length
    ? [`${planned.join(", ")}: not released yet; these are the actions it is planned to call`]
    : [];
  return emit(io, opts, toJson(iamPolicy(opts)), notes);
}

export interface TerraformCommandOptions extends PolicyOutputOptions {
  hopLimit: number | "no-preference";
  scope: ScopeRequest;
  aws: AwsOptions;
}

/** The regions named, or else the account's enabled regions (read as every command reads them). */
async function terraformRegions(opts: TerraformCommandOptions): Promise<string[]> {
  if (opts.scope.regions?.length) {
    const excluded = new Set(opts.scope.excludeRegions ?? []);
    const regions = [...new Set(opts.scope.regions)].filter((r) => !excluded.has(r));
    if (regions.length === 0) throw new UsageError("--exclude-regions leaves no region in scope");
    return regions;
  }
  try {
    return (await openSession(opts.aws, opts.scope)).regions;
  } catch (err) {
    if (err instanceof UsageError) throw new UsageError(`${err.message}; or name the regions with --regions`);
    throw err;
  }
}

export async function policyTerraform(opts: TerraformCommandOptions, io: IO): Promise<number> {
  const regions = await terraformRegions(opts);
  const text = terraformConfig({
    regions,
    hopLimit: opts.hopLimit,
    generatedBy: `imds ${VERSION} (imds policy terraform)`,
  });
  const notes = [
    `${regions.length} regions; http_tokens_enforced is not settable with the AWS provider yet (see the file's header)`,
  ];
  return emit(io, opts, text, notes);
}
