// Ctrl-C: outside a change run, quit at once (exit 130). During one, the first Ctrl-C asks the run
// to start nothing new and to finish and journal what is in flight; a second one quits at once.
export class Interrupt {
  requested = false;
  private depth = 0;

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
