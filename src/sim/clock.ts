// The simulator's one clock. Everything in the simulator that depends on time reads it: CloudWatch
// metrics (which periods have begun, when IMDSv1 calls happened), pending -> applied, the token
// buckets' refill, the request log, the Date header, and issued credentials' expiry. It runs from
// the wall clock by default (plus an offset tests move on); a scenario or a test can fix it at an
// instant and move it on only when told (`POST /_sim/clock`), so what the simulator answers no
// longer depends on when a test happens to run.

import type * as v from "valibot";
import { clockPatchSchema } from "./scenario/controls.js";
import { parseAt } from "./scenario/validate.js";

export interface ClockState {
  /** ISO 8601 UTC. */
  now: string;
  /** True when the clock stands still until it is set or advanced. */
  fixed: boolean;
  /** How far the clock is from the wall clock (ms). */
  offsetMs: number;
}

/** `at` (ISO time or epoch ms), then `advanceMs`; `fixed` stands still (true) or runs (false). */
export type ClockPatch = v.InferOutput<typeof clockPatchSchema>;

export class SimClock {
  /** Running: the clock is the wall clock plus this (ms). */
  private offset = 0;
  /** Fixed: the clock reads this (epoch ms). */
  private base = 0;
  private standing = false;

  /** Epoch ms. */
  now(): number {
    return this.standing ? this.base : Date.now() + this.offset;
  }

  get fixed(): boolean {
    return this.standing;
  }

  /** How far the clock is from the wall clock now (ms; positive: ahead). */
  get offsetMs(): number {
    return this.standing ? this.base - Date.now() : this.offset;
  }

  set(ms: number): void {
    if (this.standing) this.base = ms;
    else this.offset = ms - Date.now();
  }

  advance(ms: number): void {
    if (this.standing) this.base += ms;
    else this.offset += ms;
  }

  /** Fixes the clock at its current reading (true), or lets it run on from there (false). */
  setFixed(fixed: boolean): void {
    if (fixed === this.standing) return;
    if (fixed) this.base = this.now();
    else this.offset = this.base - Date.now();
    this.standing = fixed;
  }

  /** Fixes or frees the clock first, so `{ at, fixed: true }` stands exactly at `at`. */
  update(patch: ClockPatch): void {
    if (patch.fixed !== undefined) this.setFixed(patch.fixed);
    if (patch.at !== undefined) this.set(typeof patch.at === "number" ? patch.at : Date.parse(patch.at));
    if (patch.advanceMs !== undefined) this.advance(patch.advanceMs);
  }

  get current(): ClockState {
    return { now: new Date(this.now()).toISOString(), fixed: this.standing, offsetMs: this.offsetMs };
  }
}

/** Validates a clock patch (scenario `clock`, or the body of `POST /_sim/clock`); errors name the path. */
export function checkClockPatch(value: unknown, path: string): ClockPatch {
  return parseAt(clockPatchSchema, value, path);
}
