// Ctrl-C, SIGTERM (cron and CI timeouts) and SIGHUP: outside a change run, quit at once (exit 130,
// 143 or 129). During one, the first signal asks the run to start nothing new, to finish and journal
// what is in flight, to verify no further and to print its partial report; a second one quits at once.

/** The signals imds stops gracefully on. */
export const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

export class Interrupt {
  /** The signal that asked the run to stop, once one did. */
  signal: StopSignal | undefined;
  private depth = 0;

  get requested(): boolean {
    return this.signal !== undefined;
  }

  get graceful(): boolean {
    return this.depth > 0;
  }

  async during<T>(fn: () => Promise<T>): Promise<T> {
    this.depth++;
    try {
      return await fn();
    } finally {
      this.depth--;
    }
  }
}
