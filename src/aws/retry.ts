// The SDK's standard retries, with one exception: a connection refused before the endpoint has
// ever answered is not retried. Nothing listens there (a wrong --endpoint-url, a stopped
// simulator, a firewall that rejects): five more attempts with backoff only make the run wait
// seconds to say so. Once the endpoint has answered, a refusal is retried as the SDK does (a
// server restarting mid-run), and throttling, 5xx, resets and timeouts are retried as always.
import { StandardRetryStrategy } from "@smithy/core/retry";
import type { RetryErrorInfo, RetryStrategyV2, StandardRetryToken as RetryToken } from "@smithy/types";

interface MaybeAnswered {
  code?: string;
  $metadata?: { httpStatusCode?: number };
  $response?: unknown;
}

/** Whether the error carries an HTTP reply: the endpoint answered, whatever it said. */
function answered(err: MaybeAnswered | undefined): boolean {
  return err?.$metadata?.httpStatusCode !== undefined || err?.$response !== undefined;
}

/**
 * One client's retry strategy (one per region and account, so "answered" is that endpoint's):
 * the SDK's standard one, except for refused connections before any answer.
 */
export class RefusedFailsFast implements RetryStrategyV2 {
  private reached = false;
  private readonly inner: StandardRetryStrategy;

  constructor(maxAttempts: number) {
    this.inner = new StandardRetryStrategy(maxAttempts);
  }

  acquireInitialRetryToken(scope: string): Promise<RetryToken> {
    return this.inner.acquireInitialRetryToken(scope);
  }

  refreshRetryTokenForRetry(token: RetryToken, info: RetryErrorInfo): Promise<RetryToken> {
    const err = info.error as MaybeAnswered | undefined;
    if (answered(err)) this.reached = true;
    // The retry middleware rethrows the call's own error when no token comes back.
    if (!this.reached && err?.code === "ECONNREFUSED") {
      return Promise.reject(new Error("connection refused by an endpoint that never answered"));
    }
    return this.inner.refreshRetryTokenForRetry(token, info);
  }

  recordSuccess(token: RetryToken): void {
    this.reached = true;
    this.inner.recordSuccess(token);
  }
}
