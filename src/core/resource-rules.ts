// The config file's rules about resources (exceptions and hop limits), bound to one account and one
// moment, as evaluation and planning use them. Pure.
import type { ExceptionEntry, HopLimitRule } from "../schemas/config.js";
import { ExceptionBook, type Located } from "./exceptions.js";
import { type HopPolicy, hopPolicy } from "./hop-policy.js";
import { arnOf, partitionOf, type Target } from "./selector.js";
import type { ResourceKind } from "./types.js";

/** What the config file says about resources, each entry with where it is declared. */
export interface ConfigRules {
  exceptions: readonly Located<ExceptionEntry>[];
  hopLimits: readonly Located<HopLimitRule>[];
}

export interface ResourceRules {
  account: string;
  partition: string;
  exceptions: ExceptionBook;
  hop: HopPolicy;
}

export function resourceRules(
  config: ConfigRules,
  ctx: { account: { id: string; arn?: string | undefined }; now: Date; maxHopLimit: number },
): ResourceRules {
  return {
    account: ctx.account.id,
    partition: partitionOf(ctx.account.arn),
    exceptions: new ExceptionBook(config.exceptions, ctx.now),
    hop: hopPolicy(config.hopLimits, ctx.maxHopLimit),
  };
}

/** A resource as selectors see it. */
export function targetOf(
  rules: ResourceRules,
  r: { region: string; kind: ResourceKind; id: string; name?: string | undefined },
  tags?: Readonly<Record<string, string>>,
): Target {
  return {
    account: rules.account,
    region: r.region,
    kind: r.kind,
    id: r.id,
    arn: arnOf(rules.partition, rules.account, r.region, r.kind, r.id),
    name: r.name,
    tags,
  };
}
