// The simulator's clock for credentials: the wall clock plus an offset tests move forward
// (`sim.clock.advance(ms)` or `POST /_sim/clock`), so an hour-long session can expire in a test.

export class SimClock {
  private offset = 0;

  now(): number {
    return Date.now() + this.offset;
  }

  get offsetMs(): number {
    return this.offset;
  }

  advance(ms: number): void {
    this.offset += ms;
  }
}
