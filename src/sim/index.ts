// The simulator's public API: start an EC2/STS/CloudWatch-compatible server on 127.0.0.1 for tests,
// benchmarks and the demo.

import type { AddressInfo } from "node:net";
import { TokenBuckets } from "./buckets.js";
import { type ClockPatch, SimClock } from "./clock.js";
import { Controls, type ControlsPatch } from "./controls.js";
import { RequestLog } from "./log.js";
import { buildState } from "./scenario/generate.js";
import { loadScenario } from "./scenario/load.js";
import type { Scenario } from "./scenario/types.js";
import { createSimServer } from "./server.js";
import type { SimState } from "./state.js";

export type { ClockPatch, ClockState } from "./clock.js";
export type { ControlsPatch, ControlsState, FaultRule } from "./controls.js";
export type { LogEntry, LogSnapshot } from "./log.js";
export type { Scenario } from "./scenario/types.js";
export { ScenarioError, validateScenario } from "./scenario/validate.js";
export type { SimState } from "./state.js";
export { Controls, RequestLog, SimClock, TokenBuckets };

export interface SimulatorOptions {
  /** A parsed scenario, a shipped scenario name ("demo"), or a path to a JSON file. */
  scenario: Scenario | string;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Applied over the scenario's own controls. */
  controls?: ControlsPatch;
  /** Applied over the scenario's own clock (e.g. `{ at: "2026-11-22T10:00:05Z", fixed: true }`). */
  clock?: ClockPatch;
}

export interface Simulator {
  /** e.g. `http://127.0.0.1:41234`, to pass as the SDK's `endpoint`. */
  url: string;
  port: number;
  scenarioName: string;
  state: SimState;
  controls: Controls;
  log: RequestLog;
  /** The simulator's clock: `sim.clock.update({ advanceMs: 60_000 })` moves it on. */
  clock: SimClock;
  /** Refills every token bucket. */
  resetThrottling(): void;
  close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const { name, scenario } = loadScenario(options.scenario);
  const clock = new SimClock();
  clock.update({ ...scenario.clock, ...options.clock });
  const state = buildState(scenario, clock.now());
  const controls = new Controls(scenario.controls);
  if (options.controls) controls.update(options.controls);
  const buckets = new TokenBuckets(controls, () => clock.now());
  const log = new RequestLog();
  const server = createSimServer({ state, controls, buckets, log, clock });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    scenarioName: name,
    state,
    controls,
    log,
    clock,
    resetThrottling: () => buckets.reset(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
