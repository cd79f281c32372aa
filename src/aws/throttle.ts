// Tells the pacer when AWS throttles a write, from inside the SDK's retry loop.
import type { EC2Client } from "@aws-sdk/client-ec2";
import { errorCode } from "./errors.js";

const THROTTLES = new Set(["RequestLimitExceeded", "Throttling", "ThrottlingException"]);

/**
 * Calls `onThrottle(action)` for every attempt AWS refuses with a throttling error, including the
 * attempts the SDK then retries (added in the deserialize step, which each retry runs again).
 */
export function observeThrottling(client: EC2Client, onThrottle: (action: string) => void): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (err) {
        if (THROTTLES.has(errorCode(err)))
          onThrottle(String(context.commandName ?? "").replace(/Command$/, ""));
        throw err;
      }
    },
    { step: "deserialize", name: "imdsThrottleObserver", override: true },
  );
}
