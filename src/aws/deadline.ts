// Time bounds on everything imds waits for from AWS: one deadline per call (every retry of it
// included) and one for resolving credentials, so a region or a credential helper that never
// answers costs a known time instead of hanging the run (issue 11, point 6).

/** An error named as the SDK names its own timeouts, so errors.ts classifies it as "timeout". */
function deadlineError(what: string, ms: number): Error {
  const error = new Error(`${what} did not answer within ${Math.round(ms / 1000)} s`);
  error.name = "TimeoutError";
  return error;
}

/**
 * Settles like `work(signal)`, or rejects with `onTimeout()` once `ms` have passed, aborting
 * `signal` so the request behind it is dropped rather than left holding a socket. The timer never
 * keeps the process alive.
 */
export async function withDeadline<T>(
  ms: number,
  onTimeout: () => Error,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = onTimeout();
      controller.abort(error);
      reject(error);
    }, ms);
    timer.unref();
  });
  try {
    return await Promise.race([work(controller.signal), expired]);
  } finally {
    clearTimeout(timer);
  }
}

interface Sender {
  send(command: unknown, options?: Record<string, unknown>): Promise<unknown>;
}

/**
 * Gives every call of `client` (each page of a paginator is a call) `ms` to finish, retries
 * included. The SDK's own retries stop at the deadline: its HTTP handler sees the aborted signal.
 */
export function boundCalls<C>(client: C, ms: number, what: string): C {
  const sender = client as unknown as Sender;
  const send = sender.send.bind(sender);
  sender.send = (command, options) =>
    withDeadline(
      ms,
      () => deadlineError(what, ms),
      (abortSignal) => send(command, { ...options, abortSignal }),
    );
  return client;
}
