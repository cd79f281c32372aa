// Run-time knobs for tests and benchmarks: latency, injected faults, throttling, apply delay.
// Set from the scenario's `controls`, then changed in-process or over `POST /_sim/controls`.

import type * as v from "valibot";
import type { BucketSize } from "../core/buckets.js";
import { controlsPatchSchema, type faultRuleSchema } from "./scenario/controls.js";
import { parseAt } from "./scenario/validate.js";

export type FaultRule = v.InferOutput<typeof faultRuleSchema>;
export type FaultKind = FaultRule["kind"];
export type { BucketSize };
export type ControlsPatch = v.InferOutput<typeof controlsPatchSchema>;

export interface ControlsState {
  latency: { ms: number; jitterMs: number; byRegion: Record<string, number> };
  faults: FaultRule[];
  throttle: { enabled: boolean; timeScale: number; overrides: Record<string, BucketSize> };
  /** How long a ModifyInstanceMetadataOptions change stays `pending` before `applied`. */
  appliedAfterMs: number;
}

function defaultControls(): ControlsState {
  return {
    latency: { ms: 0, jitterMs: 0, byRegion: {} },
    faults: [],
    throttle: { enabled: true, timeScale: 1, overrides: {} },
    appliedAfterMs: 2000,
  };
}

/** Validates a controls patch (from a scenario or the HTTP control API); errors name the path. */
export function checkControlsPatch(value: unknown, path: string): ControlsPatch {
  return parseAt(controlsPatchSchema, value, path);
}

/** The live controls of one simulator. */
export class Controls {
  private state: ControlsState;

  constructor(private readonly initial: ControlsPatch = {}) {
    this.state = merge(defaultControls(), initial);
  }

  get current(): Readonly<ControlsState> {
    return this.state;
  }

  /** Applies a patch: `latency` and `throttle` merge field by field, `faults` is replaced. */
  update(patch: ControlsPatch): void {
    this.state = merge(this.state, checkControlsPatch(patch, "controls"));
  }

  /** Back to the scenario's controls. */
  reset(): void {
    this.state = merge(defaultControls(), this.initial);
  }

  latencyFor(region: string): number {
    const { ms, jitterMs, byRegion } = this.state.latency;
    return (byRegion[region] ?? ms) + Math.random() * jitterMs;
  }

  /** The fault a request gets, if any; counted rules use up one of their count. */
  pickFault(region: string, action: string, account = ""): FaultRule | undefined {
    for (const rule of this.state.faults) {
      if (rule.count !== undefined && rule.count <= 0) continue;
      if (rule.regions && !rule.regions.includes(region)) continue;
      if (rule.actions && !rule.actions.includes(action)) continue;
      if (rule.accounts && !rule.accounts.includes(account)) continue;
      if (Math.random() >= (rule.rate ?? 1)) continue;
      if (rule.count !== undefined) rule.count -= 1;
      return rule;
    }
    return undefined;
  }
}

function merge(base: ControlsState, patch: ControlsPatch): ControlsState {
  return {
    latency: { ...base.latency, ...patch.latency },
    faults: (patch.faults ?? base.faults).map((f) => ({ ...f })),
    throttle: { ...base.throttle, ...patch.throttle },
    appliedAfterMs: patch.appliedAfterMs ?? base.appliedAfterMs,
  };
}
