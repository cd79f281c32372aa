// Run-time knobs for tests and benchmarks: latency, injected faults, throttling, apply delay.
// Set from the scenario's `controls`, then changed in-process or over `POST /_sim/controls`.

import {
  array,
  boolean,
  integer,
  type Json,
  number,
  object,
  oneOf,
  optional,
  string,
} from "./scenario/check.js";

/**
 * Transport faults (`internal-error`, `unavailable`, `reset`, `stall`), and endpoints that misbehave
 * the way third-party emulators do: `html-500` answers an HTML page with HTTP 500 (an action the
 * endpoint does not implement), `ignore-dry-run` makes the change a DryRun call only asked about
 * and answers success, `extra-fields` also changes metadata fields a modify did not name.
 */
export const FAULT_KINDS = [
  "internal-error",
  "unavailable",
  "reset",
  "stall",
  "html-500",
  "ignore-dry-run",
  "extra-fields",
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultRule {
  kind: FaultKind;
  /** Probability (0..1) that a matching request gets the fault; default 1. */
  rate?: number;
  /** Fault only this many matching requests, then the rule expires. */
  count?: number;
  regions?: string[];
  actions?: string[];
  /** For `stall`: answer normally after this long; absent = never answer. */
  stallMs?: number;
}

import type { BucketSize } from "../core/buckets.js";

export type { BucketSize };

export interface ControlsState {
  latency: { ms: number; jitterMs: number; byRegion: Record<string, number> };
  faults: FaultRule[];
  throttle: { enabled: boolean; timeScale: number; overrides: Record<string, BucketSize> };
  /** How long a ModifyInstanceMetadataOptions change stays `pending` before `applied`. */
  appliedAfterMs: number;
}

export interface ControlsPatch {
  latency?: Partial<ControlsState["latency"]>;
  faults?: FaultRule[];
  throttle?: Partial<ControlsState["throttle"]>;
  appliedAfterMs?: number;
}

export function defaultControls(): ControlsState {
  return {
    latency: { ms: 0, jitterMs: 0, byRegion: {} },
    faults: [],
    throttle: { enabled: true, timeScale: 1, overrides: {} },
    appliedAfterMs: 2000,
  };
}

const HOUR = 3_600_000;

function checkFault(value: unknown, path: string): FaultRule {
  const json = object(value, path, ["kind", "rate", "count", "regions", "actions", "stallMs"]);
  const strings = (v: unknown, p: string) => array(v, p).map((s, i) => string(s, `${p}[${i}]`));
  const rule: FaultRule = { kind: oneOf(json.kind, `${path}.kind`, FAULT_KINDS) };
  const rate = optional(json, "rate", path, (v, p) => number(v, p, 0, 1));
  const count = optional(json, "count", path, (v, p) => integer(v, p, 1, Number.MAX_SAFE_INTEGER));
  const regions = optional(json, "regions", path, strings);
  const actions = optional(json, "actions", path, strings);
  const stallMs = optional(json, "stallMs", path, (v, p) => integer(v, p, 0, HOUR));
  if (rate !== undefined) rule.rate = rate;
  if (count !== undefined) rule.count = count;
  if (regions) rule.regions = regions;
  if (actions) rule.actions = actions;
  if (stallMs !== undefined) rule.stallMs = stallMs;
  return rule;
}

function checkBucket(value: unknown, path: string): BucketSize {
  const json = object(value, path, ["burst", "refillPerSecond"]);
  return {
    burst: integer(json.burst, `${path}.burst`, 1, 1_000_000),
    refillPerSecond: number(json.refillPerSecond, `${path}.refillPerSecond`, 0, 1_000_000),
  };
}

function record<T>(value: unknown, path: string, check: (v: unknown, p: string) => T): Record<string, T> {
  const json = object(value, path);
  return Object.fromEntries(Object.entries(json).map(([k, v]) => [k, check(v, `${path}.${k}`)]));
}

/** Validates a controls patch (from a scenario or the HTTP control API); errors name the path. */
export function checkControlsPatch(value: unknown, path: string): ControlsPatch {
  const json = object(value, path, ["latency", "faults", "throttle", "appliedAfterMs"]);
  const patch: ControlsPatch = {};
  if (json.latency !== undefined) {
    const p = `${path}.latency`;
    const l: Json = object(json.latency, p, ["ms", "jitterMs", "byRegion"]);
    const latency: ControlsPatch["latency"] = {};
    const ms = optional(l, "ms", p, (v, q) => integer(v, q, 0, HOUR));
    const jitterMs = optional(l, "jitterMs", p, (v, q) => integer(v, q, 0, HOUR));
    const byRegion = optional(l, "byRegion", p, (v, q) => record(v, q, (w, r) => integer(w, r, 0, HOUR)));
    if (ms !== undefined) latency.ms = ms;
    if (jitterMs !== undefined) latency.jitterMs = jitterMs;
    if (byRegion) latency.byRegion = byRegion;
    patch.latency = latency;
  }
  if (json.faults !== undefined) {
    patch.faults = array(json.faults, `${path}.faults`).map((f, i) => checkFault(f, `${path}.faults[${i}]`));
  }
  if (json.throttle !== undefined) {
    const p = `${path}.throttle`;
    const t = object(json.throttle, p, ["enabled", "timeScale", "overrides"]);
    const throttle: ControlsPatch["throttle"] = {};
    const enabled = optional(t, "enabled", p, boolean);
    const timeScale = optional(t, "timeScale", p, (v, q) => number(v, q, 0.000001, 1_000_000));
    const overrides = optional(t, "overrides", p, (v, q) => record(v, q, checkBucket));
    if (enabled !== undefined) throttle.enabled = enabled;
    if (timeScale !== undefined) throttle.timeScale = timeScale;
    if (overrides) throttle.overrides = overrides;
    patch.throttle = throttle;
  }
  const applied = optional(json, "appliedAfterMs", path, (v, p) => integer(v, p, 0, HOUR));
  if (applied !== undefined) patch.appliedAfterMs = applied;
  return patch;
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
  pickFault(region: string, action: string): FaultRule | undefined {
    for (const rule of this.state.faults) {
      if (rule.count !== undefined && rule.count <= 0) continue;
      if (rule.regions && !rule.regions.includes(region)) continue;
      if (rule.actions && !rule.actions.includes(action)) continue;
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
