// The simulator's one clock. Everything in the simulator that depends on time reads it: CloudWatch
// metrics (which periods have begun, when IMDSv1 calls happened), pending -> applied, the token
// buckets' refill, the request log. It runs from the wall clock by default; a scenario or a test
// can fix it at an instant and move it on only when told (`POST /_sim/clock`), so what the
// simulator answers no longer depends on when a test happens to run.

import type * as v from "valibot";
import { clockPatchSchema } from "./scenario/controls.js";
import { parseAt } from "./scenario/validate.js";

export interface ClockState {
  /** ISO 8601 UTC. */
  now: string;
  /** True when the clock stands still until it is set or advanced. */
  fixed: boolean;
}

/** `at` (ISO time or epoch ms), then `advanceMs`; `fixed` stands still (true) or runs (false). */
export type ClockPatch = v.InferOutput<typeof clockPatchSchema>;

export class SimClock {
  /** The clock's reading at `anchor` (a performance.now() value) when running, or always when fixed. */
  private base: number;
  private anchor: number;
  private standing: boolean;

  constructor(start: number = Date.now(), fixed = false) {
    this.base = start;
    this.anchor = performance.now();
    this.standing = fixed;
  }

  /** Epoch ms. Monotonic while running (it never jumps with the wall clock). */
  now(): number {
    return this.standing ? this.base : this.base + (performance.now() - this.anchor);
  }

  get fixed(): boolean {
    return this.standing;
  }

  set(ms: number): void {
    this.base = ms;
    this.anchor = performance.now();
  }

  advance(ms: number): void {
    this.set(this.now() + ms);
  }

  /** Fixes the clock at its current reading (true), or lets it run from there (false). */
  setFixed(fixed: boolean): void {
    this.set(this.now());
    this.standing = fixed;
  }

  /** Fixes or frees the clock first, so `{ at, fixed: true }` stands exactly at `at`. */
  update(patch: ClockPatch): void {
    if (patch.fixed !== undefined) this.setFixed(patch.fixed);
    if (patch.at !== undefined) this.set(typeof patch.at === "number" ? patch.at : Date.parse(patch.at));
    if (patch.advanceMs !== undefined) this.advance(patch.advanceMs);
  }

  get current(): ClockState {
    return { now: new Date(this.now()).toISOString(), fixed: this.standing };
  }
}

/** Validates a clock patch (scenario `clock`, or the body of `POST /_sim/clock`); errors name the path. */
export function checkClockPatch(value: unknown, path: string): ClockPatch {
  return parseAt(clockPatchSchema, value, path);
}
