// The simulator's public API: start an EC2/STS/CloudWatch-compatible server on 127.0.0.1 for tests,
// benchmarks and the demo.

import type { AddressInfo } from "node:net";
import type { SimAccounts } from "./accounts/accounts.js";
import { buildAccounts } from "./accounts/build.js";
import { TokenBuckets } from "./buckets.js";
import { type ClockPatch, SimClock } from "./clock.js";
import { Controls, type ControlsPatch } from "./controls.js";
import type { Payload } from "./ec2/action.js";
import { RequestLog } from "./log.js";
import { loadScenario } from "./scenario/load.js";
import type { Scenario } from "./scenario/types.js";
import { SecurityHubStore } from "./securityhub/store.js";
import { createSimServer } from "./server.js";
import type { SimState } from "./state.js";
import { makeTlsMaterial } from "./tls.js";

export { accountOfKey } from "./accounts/credentials.js";
export type { ClockPatch } from "./clock.js";
export type { ControlsPatch } from "./controls.js";
export type { Payload } from "./ec2/action.js";

export type { Scenario } from "./scenario/types.js";
export { ScenarioError, validateScenario } from "./scenario/validate.js";
export type { SimState } from "./state.js";

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
  /** Instances and template versions as AWS returns them (default), or the fields imds reads and a few more. */
  payload?: Payload;
  /** Serve HTTPS with a certificate made at start; clients must trust `Simulator.ca`. */
  https?: boolean;
}

export interface Simulator {
  /** e.g. `http://127.0.0.1:41234`, to pass as the SDK's `endpoint`. */
  url: string;
  /** With `https`: PEM of the CA that signed the server's certificate. */
  ca?: string;
  port: number;
  scenarioName: string;
  /** The caller's own account's state (the management account of an organization scenario). */
  state: SimState;
  /** Every account, the organization, the credentials issued, the credentials clock. */
  accounts: SimAccounts;
  /** The simulator's one clock (also `accounts.clock`): `sim.clock.update({ advanceMs: 60_000 })`. */
  clock: SimClock;
  controls: Controls;
  log: RequestLog;
  /** Security Hub: the regions where it is enabled, and the findings imported, per account and region. */
  securityHub: SecurityHubStore;
  /** Refills every token bucket. */
  resetThrottling(): void;
  close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const { name, scenario } = loadScenario(options.scenario);
  const clock = new SimClock();
  clock.update({ ...scenario.clock, ...options.clock });
  const accounts = buildAccounts(scenario, clock, clock.now());
  const state = accounts.management.state;
  const controls = new Controls(scenario.controls);
  if (options.controls) controls.update(options.controls);
  const buckets = new TokenBuckets(controls, () => clock.now());
  const log = new RequestLog();
  const tls = options.https ? await makeTlsMaterial(options.host ?? "127.0.0.1") : undefined;
  const payload = options.payload ?? "realistic";
  const hub = new SecurityHubStore(new Set(scenario.securityHubDisabled ?? []));
  const server = createSimServer({ payload, accounts, controls, buckets, log, hub }, tls);
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
    url: `${tls ? "https" : "http"}://${host}:${port}`,
    ...(tls ? { ca: tls.ca } : {}),
    port,
    scenarioName: name,
    state,
    accounts,
    clock,
    controls,
    log,
    securityHub: hub,
    resetThrottling: () => buckets.reset(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
