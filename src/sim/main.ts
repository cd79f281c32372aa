// Shell entry (bundled to dist/sim.js): `npm run sim -- --scenario demo --port 4566`.

import { writeFileSync } from "node:fs";
import { Command, InvalidArgumentError, Option } from "commander";
import { PAYLOADS } from "./ec2/action.js";
import { type ControlsPatch, type Payload, ScenarioError, startSimulator } from "./index.js";

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError("must be a port number (0-65535)");
  return n;
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("must be a positive number");
  return n;
}

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("must be a non-negative integer");
  return n;
}

interface Flags {
  scenario: string;
  port: number;
  timeScale?: number;
  throttle: boolean;
  latency?: number;
  appliedAfter?: number;
  payload: Payload;
  https: boolean;
  caFile?: string;
}

async function run(argv: string[]): Promise<void> {
  const program = new Command("imds-sim")
    .description("EC2/STS/CloudWatch-compatible simulator for imds tests, benchmarks and demos")
    .option("-s, --scenario <name|file>", "shipped scenario name or JSON file", "demo")
    .option("-p, --port <n>", "port on 127.0.0.1 (0 = any free port)", port, 0)
    .option("--time-scale <x>", "multiply token bucket refill rates", positive)
    .option("--no-throttle", "never answer RequestLimitExceeded")
    .option("--latency <ms>", "added latency per call", nonNegativeInt)
    .option("--applied-after <ms>", "how long metadata option changes stay pending", nonNegativeInt)
    .addOption(
      new Option("--payload <kind>", "instance records as AWS sends them, or only what imds reads")
        .choices(PAYLOADS)
        .default("realistic"),
    )
    .option("--https", "serve HTTPS with a certificate made at start", false)
    .option("--ca-file <path>", "with --https: write the CA to trust here (e.g. for NODE_EXTRA_CA_CERTS)")
    .configureOutput({
      writeErr: (s) => process.stderr.write(s.split("\n")[0] ? `${s.split("\n")[0]}\n` : s),
    })
    .exitOverride()
    .showHelpAfterError(false);
  program.parse(argv);
  const flags = program.opts<Flags>();
  const controls: ControlsPatch = {
    throttle: { enabled: flags.throttle, ...(flags.timeScale ? { timeScale: flags.timeScale } : {}) },
    ...(flags.latency !== undefined ? { latency: { ms: flags.latency } } : {}),
    ...(flags.appliedAfter !== undefined ? { appliedAfterMs: flags.appliedAfter } : {}),
  };
  const sim = await startSimulator({
    scenario: flags.scenario,
    port: flags.port,
    controls,
    payload: flags.payload,
    https: flags.https,
  });
  if (flags.caFile && sim.ca) writeFileSync(flags.caFile, sim.ca);
  const regions = sim.state.enabledRegions().length;
  const org = sim.accounts.organization;
  const size = org
    ? `organization ${org.id} of ${sim.accounts.list().length} accounts; management account ${sim.accounts.management.id}: `
    : "";
  process.stdout.write(
    `imds-sim listening on ${sim.url} (scenario ${sim.scenarioName}, ${size}${regions} regions, ${sim.state.instanceCount()} instances)\n`,
  );
  const stop = () => {
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

run(process.argv).catch((error: unknown) => {
  const e = error as { code?: string; exitCode?: number; message?: string };
  if (e.code === "commander.helpDisplayed" || e.code === "commander.version") process.exit(0);
  if (e.code?.startsWith("commander.")) process.exit(2); // commander already printed the one-line error
  if (error instanceof ScenarioError) {
    process.stderr.write(`imds-sim: ${error.message}\n`);
    process.exit(2);
  }
  const listen = error as NodeJS.ErrnoException;
  if (listen.code === "EADDRINUSE" || listen.code === "EACCES") {
    process.stderr.write(`imds-sim: cannot listen: ${listen.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`imds-sim: ${(error as Error)?.stack ?? error}\n`);
  process.exit(1);
});
