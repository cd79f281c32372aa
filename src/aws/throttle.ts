// Keeps the SDK's own retries inside the pacing: from inside its retry loop, every retried write
// waits for a token, and every throttled attempt drains the region's bucket.
import type { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import type { EC2Client } from "@aws-sdk/client-ec2";
import type { OrganizationsClient } from "@aws-sdk/client-organizations";
import { errorCode } from "./errors.js";
import type { Pacer, Pacers } from "./pacer.js";

const THROTTLES = new Set([
  "RequestLimitExceeded",
  "Throttling",
  "ThrottlingException",
  "TooManyRequestsException",
]);

/** Whose buckets a call's retried writes take from (its place: region, or "account/region"), and the run's pacers. */
export interface Pacing {
  key: string;
  pacers: Pacers | undefined;
}

/**
 * Adds pacing to every attempt of `client`'s calls (the deserialize step runs once per attempt,
 * inside the retry middleware). The first attempt took its token before the call; a retry takes
 * another, so retries never exceed the bucket either. Actions without a bucket are not paced, nor
 * is anything while the call's pacing has no pacers (reads before a change run). `pacingOf` is
 * asked on each attempt: a client shared by many accounts paces each call in its own account's
 * buckets. Added when the client is made, so no command's stack can be resolved without it.
 * Attempts are counted per call by its input (one per command, the same object on every
 * attempt), not by its context: a client that caches its stacks hands every call the same context.
 */
export function paceAttempts(
  client: EC2Client | AutoScalingClient,
  pacingOf: () => Pacing | undefined,
): void {
  const attempts = new WeakMap<object, number>();
  // The middleware reads only the command's name: the same for every client (one stack type is named).
  (client as EC2Client).middlewareStack.add(
    (next, context) => async (args) => {
      const pacing = pacingOf();
      const pacers = pacing?.pacers;
      if (!pacing || !pacers) return next(args);
      const action = String(context.commandName ?? "").replace(/Command$/, "");
      const call: object = (args as { input?: object }).input ?? args;
      const attempt = (attempts.get(call) ?? 0) + 1;
      attempts.set(call, attempt);
      if (attempt > 1) await pacers.for(pacing.key, action).take();
      try {
        return await next(args);
      } catch (err) {
        // The account's bucket is empty (shared with other callers): stop spending ours.
        if (THROTTLES.has(errorCode(err))) pacers.for(pacing.key, action).drain();
        throw err;
      }
    },
    { step: "deserialize", name: "imdsPacing", override: true },
  );
}

/**
 * Every attempt of an Organizations call (retries included) takes a token from `pacer`, and a
 * throttled one drains it: one bucket for the organization's reads, walked page after page.
 */
export function paceEveryAttempt(client: OrganizationsClient, pacer: Pacer): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      await pacer.take();
      try {
        return await next(args);
      } catch (err) {
        if (THROTTLES.has(errorCode(err))) pacer.drain();
        throw err;
      }
    },
    { step: "deserialize", name: "imdsOrganizationsPacing", override: true },
  );
}
