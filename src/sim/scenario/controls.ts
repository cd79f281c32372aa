// The simulator's run-time knobs as a scenario's `controls` and `POST /_sim/controls` give them.
import * as v from "valibot";
import { about, dict, flag, intIn, isoDate, list, numberIn, oneOf, text } from "../../schemas/fields.js";
import { shape } from "../../schemas/shape.js";

/**
 * Transport faults (`internal-error`, `unavailable`, `reset`, `stall`), and endpoints that misbehave
 * the way third-party emulators do: `html-500` answers an HTML page with HTTP 500 (an action the
 * endpoint does not implement), `ignore-dry-run` makes the change a DryRun call only asked about
 * and answers success, `extra-fields` also changes metadata fields a modify did not name.
 */
const FAULT_KINDS = [
  "internal-error",
  "unavailable",
  "reset",
  "stall",
  "html-500",
  "ignore-dry-run",
  "extra-fields",
] as const;

const HOUR = 3_600_000;
const millis = () => intIn(0, HOUR);

export const faultRuleSchema = shape({
  kind: oneOf(FAULT_KINDS),
  rate: v.optional(about(numberIn(0, 1), "Probability that a matching request gets the fault; default 1.")),
  count: v.optional(
    about(
      intIn(1, Number.MAX_SAFE_INTEGER),
      "Fault only this many matching requests, then the rule expires.",
    ),
  ),
  regions: v.optional(list(text())),
  actions: v.optional(list(text())),
  accounts: v.optional(about(list(text()), "Only calls made for these accounts (their access keys').")),
  stallMs: v.optional(about(millis(), "For stall: answer normally after this long; absent = never answer.")),
});

const bucketSizeSchema = shape({
  burst: intIn(1, 1_000_000),
  refillPerSecond: numberIn(0, 1_000_000),
});

export const controlsPatchSchema = v.pipe(
  shape({
    latency: v.optional(
      shape({
        ms: v.optional(millis()),
        jitterMs: v.optional(millis()),
        byRegion: v.optional(dict(millis())),
      }),
    ),
    faults: v.optional(list(faultRuleSchema)),
    throttle: v.optional(
      shape({
        enabled: v.optional(flag()),
        timeScale: v.optional(numberIn(0.000001, 1_000_000)),
        overrides: v.optional(dict(bucketSizeSchema)),
      }),
    ),
    appliedAfterMs: v.optional(
      about(millis(), "How long a ModifyInstanceMetadataOptions change stays pending before applied."),
    ),
  }),
  v.description(
    "Run-time knobs: latency, injected faults, throttling, apply delay (docs/scenario.md, Controls).",
  ),
);

const YEAR = 366 * 86_400_000;

/** The simulator's clock, as a scenario's `clock` and `POST /_sim/clock` set it (src/sim/clock.ts). */
export const clockPatchSchema = about(
  shape({
    at: v.optional(
      about(
        v.union([isoDate(), intIn(0, 8.64e15)], "an ISO 8601 date or epoch milliseconds"),
        "The clock reads this from now on.",
      ),
    ),
    advanceMs: v.optional(about(intIn(0, YEAR), "Moves the clock on by this many milliseconds.")),
    fixed: v.optional(about(flag(), "true: the clock stands still until set or advanced; false: it runs.")),
  }),
  "The simulator's clock: metrics, pending -> applied and token refills read it. Default: the wall clock, running.",
);
