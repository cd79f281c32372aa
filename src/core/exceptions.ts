// Exceptions from the config file: which findings they except, and each one's own verdict (active,
// expired, stale, out of scope). Pure: "now" is given, never read from the clock.
import type { ExceptionEntry } from "../schemas/config.js";
import { compileSelector, type Matcher, type Target } from "./selector.js";
import { plural } from "./text.js";
import type { ExceptedFinding, ExceptionRef, ExceptionVerdict, Finding } from "./types.js";

/** An exception as the config file gave it, and where: "imds.config.yaml:14". */
export interface Located<T> {
  value: T;
  where: string;
}

interface Rule {
  ref: ExceptionRef;
  match: ExceptionEntry["match"];
  matcher: Matcher;
  expired: boolean;
  excepted: number;
}

/** The UTC day of `now`, "2026-11-22". */
function dayOf(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** An exception holds through its `expires` day (UTC) and has expired from the day after. */
export function hasExpired(expires: string, now: Date): boolean {
  return dayOf(now) > expires;
}

export function describeException(ref: ExceptionRef): string {
  return `${ref.where}, owner ${ref.owner}, until ${ref.expires}: ${ref.reason}`;
}

/** "excepted (imds.config.yaml:14, owner ..., until 2026-12-31: reason)": what every format says. */
export function exceptedText(ref: ExceptionRef): string {
  return `excepted (${describeException(ref)})`;
}

export class ExceptionBook {
  private readonly rules: Rule[];

  constructor(entries: readonly Located<ExceptionEntry>[], now: Date) {
    this.rules = entries.map(({ value, where }) => ({
      ref: { where, reason: value.reason, owner: value.owner, expires: value.expires },
      match: value.match,
      matcher: compileSelector(value.match),
      expired: hasExpired(value.expires, now),
      excepted: 0,
    }));
  }

  get size(): number {
    return this.rules.length;
  }

  /** The active exception that covers a finding code on this resource, if any. */
  covering(target: Target, code: string): ExceptionRef | undefined {
    return this.rules.find((r) => !r.expired && r.matcher.covers(target) && r.matcher.coversCode(code))?.ref;
  }

  /** The findings no active exception covers, and those one does (counted against it). */
  split(target: Target, findings: readonly Finding[]): { kept: Finding[]; excepted: ExceptedFinding[] } {
    const kept: Finding[] = [];
    const excepted: ExceptedFinding[] = [];
    if (findings.length === 0) return { kept, excepted };
    const active = this.rules.filter((r) => !r.expired && r.matcher.covers(target));
    for (const finding of findings) {
      const rule = active.find((r) => r.matcher.coversCode(finding.code));
      if (rule) {
        rule.excepted++;
        excepted.push({ ...finding, exception: rule.ref });
      } else {
        kept.push(finding);
      }
    }
    return { kept, excepted };
  }

  /** Expired exceptions, for commands that only warn about them (enforce). */
  expired(): ExceptionRef[] {
    return this.rules.filter((r) => r.expired).map((r) => r.ref);
  }

  /**
   * Each exception's verdict once every resource was judged: an expired one fails, one that
   * excepted nothing in the accounts and regions it could reach is stale (warn), one that can
   * reach none of them is out of scope.
   */
  verdicts(account: string, regions: readonly string[]): ExceptionVerdict[] {
    return this.rules.map((r) =>
      judged(
        { ...r.ref, match: r.match, excepted: r.excepted },
        r.expired ? "expired" : !r.matcher.within(account, regions) ? "out-of-scope" : "reached",
      ),
    );
  }
}

type Reach = "expired" | "out-of-scope" | "reached";
type VerdictBase = Omit<ExceptionVerdict, "status" | "severity" | "message">;

/** An exception's verdict from what it excepted and whether it could reach anything. */
function judged(base: VerdictBase, reach: Reach): ExceptionVerdict {
  const { where, owner, expires, reason } = base;
  if (reach === "expired") {
    return {
      ...base,
      status: "expired",
      severity: "fail",
      message: `exception ${where} (owner ${owner}) expired after ${expires}: renew it with a new date, or fix what it covered`,
    };
  }
  if (reach === "out-of-scope") {
    return {
      ...base,
      status: "out-of-scope",
      severity: "pass",
      message: `exception ${where} covers no account or region in this run`,
    };
  }
  if (base.excepted === 0) {
    return {
      ...base,
      status: "stale",
      severity: "warn",
      message: `exception ${where} (owner ${owner}) matches no finding: remove it, or correct its match`,
    };
  }
  return {
    ...base,
    status: "active",
    severity: "pass",
    message: `exception ${where} excepts ${plural(base.excepted, "finding")} until ${expires} (owner ${owner}): ${reason}`,
  };
}

/**
 * The verdicts of several accounts (or shards) as one run's: the findings each exception excepted
 * summed; out of scope only when it was out of scope everywhere; stale when it excepted nothing
 * anywhere it reached. Exceptions are matched by where the config declares them.
 */
export function joinVerdicts(lists: readonly (readonly ExceptionVerdict[])[]): ExceptionVerdict[] {
  const joined = new Map<string, { base: VerdictBase; reach: Reach }>();
  for (const list of lists) {
    for (const v of list) {
      const { status, severity: _s, message: _m, ...base } = v;
      const reach: Reach =
        status === "expired" ? "expired" : status === "out-of-scope" ? "out-of-scope" : "reached";
      const seen = joined.get(v.where);
      if (!seen) joined.set(v.where, { base: { ...base }, reach });
      else {
        seen.base.excepted += v.excepted;
        if (reach !== "out-of-scope" && seen.reach === "out-of-scope") seen.reach = reach;
      }
    }
  }
  return [...joined.values()].map(({ base, reach }) => judged(base, reach));
}
