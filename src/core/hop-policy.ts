// The hop-limit policy: the highest hop limit a resource may have, from the first config rule that
// matches it, else --max-hop-limit. Used by audit's hop-limit check and enforce's --hop-limit policy. Pure.
import type { HopLimitRule } from "../schemas/config.js";
import type { Located } from "./exceptions.js";
import { compileSelector, type Matcher, type Target } from "./selector.js";

/** The limit for a resource, and the rule that set it (absent: --max-hop-limit). */
export interface HopLimit {
  max: number;
  where?: string;
}

export interface HopPolicy {
  limitFor(target: Target): HopLimit;
}

export function hopPolicy(rules: readonly Located<HopLimitRule>[], fallback: number): HopPolicy {
  const compiled: { matcher: Matcher; limit: HopLimit }[] = rules.map(({ value, where }) => ({
    matcher: compileSelector(value.match),
    limit: { max: value.max, where },
  }));
  const otherwise: HopLimit = { max: fallback };
  return {
    limitFor: (target) => compiled.find((r) => r.matcher.covers(target))?.limit ?? otherwise,
  };
}
