// The one fan-out every engine stage uses: a function per unit of work, each under the shared
// limiter, each outcome data. A unit is a region in one account, or an (account, region) pair in
// an organization run: one limiter bounds the calls in flight across all of them.
import type { LimitFunction } from "p-limit";
import { classify, type Where } from "../aws/errors.js";
import type { Part, ReadError } from "../core/types.js";

export type UnitOutcome<U, T> = { unit: U; ok: true; value: T } | { unit: U; ok: false; error: ReadError };

/** What a unit was doing when it failed, for the error's classification and hint. */
export interface UnitWork {
  part: Part;
  /** The IAM action, e.g. "ec2:DescribeInstances". */
  action: string;
}

/** A failure a unit has already classified (one unit can read several parts). */
export class UnitFailure extends Error {
  constructor(readonly error: ReadError) {
    super(error.message);
    this.name = "UnitFailure";
  }
}

/** Runs `fn` on `work`, turning any failure into a classified UnitFailure. */
export async function attempt<T>(work: UnitWork, where: Where, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof UnitFailure) throw err;
    throw new UnitFailure(classify(err, work.part, work.action, where));
  }
}

/** What a fan-out shares: the one limiter, and the account its units are in (organization runs). */
export interface Fanout {
  limit: LimitFunction;
  account?: string | undefined;
}

/**
 * Runs `fn` for every unit, at most as many at once as `limit` allows across every fan-out that
 * shares it. Never rejects: each unit's failure is classified at its own boundary, so one
 * unreadable unit never hides or sinks the others. `onOutcome` hears each unit as it settles;
 * the outcomes come back in the order of `units`. Hints name `account` when there is one.
 */
export function perUnit<U extends { region: string; account?: string | undefined }, T>(
  { limit, account }: Fanout,
  units: readonly U[],
  work: UnitWork,
  fn: (unit: U) => Promise<T>,
  onOutcome?: (outcome: UnitOutcome<U, T>) => void,
): Promise<UnitOutcome<U, T>[]> {
  return Promise.all(
    units.map(async (unit) => {
      const where = { region: unit.region, account: unit.account ?? account };
      let outcome: UnitOutcome<U, T>;
      try {
        outcome = { unit, ok: true, value: await limit(() => attempt(work, where, () => fn(unit))) };
      } catch (err) {
        const error = err instanceof UnitFailure ? err.error : classify(err, work.part, work.action, where);
        outcome = { unit, ok: false, error };
      }
      onOutcome?.(outcome);
      return outcome;
    }),
  );
}
