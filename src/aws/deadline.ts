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

/** The part of an SDK client this uses (every SDK v3 client has it). */
interface Bounded {
  send(command: { input: object }, options?: unknown): Promise<unknown>;
  config: { requestHandler: RequestHandler };
  middlewareStack: {
    add(
      middleware: (next: (args: Args) => Promise<unknown>) => (args: Args) => Promise<unknown>,
      options: { step: "deserialize"; name: string; override: boolean; priority: "low" },
    ): void;
  };
}

interface Args {
  input: object;
  request?: unknown;
}

interface RequestHandler {
  handle(request: object, options?: { abortSignal?: AbortSignal }): Promise<unknown>;
  metadata?: unknown;
  updateHttpClientConfig?(key: never, value: never): void;
  httpHandlerConfigs?(): unknown;
  destroy?(): void;
}

/** The client's HTTP handler, handing each request the signal of the call it belongs to. */
class SignalledHandler implements RequestHandler {
  constructor(
    private readonly inner: RequestHandler,
    private readonly signalOf: (request: object) => AbortSignal | undefined,
  ) {}
  get metadata(): unknown {
    return this.inner.metadata;
  }
  handle(request: object, options: { abortSignal?: AbortSignal } = {}): Promise<unknown> {
    const abortSignal = this.signalOf(request);
    return this.inner.handle(request, abortSignal ? { ...options, abortSignal } : options);
  }
  updateHttpClientConfig(key: never, value: never): void {
    this.inner.updateHttpClientConfig?.(key, value);
  }
  httpHandlerConfigs(): unknown {
    return this.inner.httpHandlerConfigs?.() ?? {};
  }
  destroy(): void {
    this.inner.destroy?.();
  }
}

/** What an attempt started after its call's deadline throws: never retried, never seen (the call already failed). */
function abortError(): Error {
  const error = new Error("the call's deadline passed");
  error.name = "AbortError";
  return error;
}

/**
 * Gives every call of `client` (each page of a paginator is a call) `ms` to finish, retries
 * included. The SDK's own retries stop at the deadline: its HTTP handler sees the aborted signal.
 * The signal travels with the command's input (the same object on every attempt), not as a
 * per-call option: a call with options cannot use the client's cached middleware stack.
 */
export function boundCalls<C>(client: C, ms: number, what: string): C {
  const bounded = client as unknown as Bounded;
  const byInput = new WeakMap<object, AbortSignal>();
  const byRequest = new WeakMap<object, AbortSignal>();
  const send = bounded.send.bind(bounded);
  bounded.send = (command, options) =>
    withDeadline(
      ms,
      () => deadlineError(what, ms),
      (abortSignal) => {
        byInput.set(command.input, abortSignal);
        return options === undefined ? send(command) : send(command, options);
      },
    );
  // Once per attempt, just before the request goes out (after signing): which call's it is.
  bounded.middlewareStack.add(
    (next) => async (args) => {
      const signal = byInput.get(args.input);
      if (signal?.aborted) throw abortError();
      if (signal && typeof args.request === "object" && args.request !== null)
        byRequest.set(args.request, signal);
      return next(args);
    },
    { step: "deserialize", name: "imdsDeadline", override: true, priority: "low" },
  );
  bounded.config.requestHandler = new SignalledHandler(bounded.config.requestHandler, (request) =>
    byRequest.get(request),
  );
  return client;
}
