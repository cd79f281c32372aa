import { describe, expect, it } from "vitest";
import { type Clock, Pacer, Pacers, WRITE_BUCKETS } from "../../src/aws/pacer.js";

/** Virtual time: sleep() registers a timer; run() fires timers in time order until none is left. */
class FakeClock implements Clock {
  private t = 0;
  private timers: { at: number; resolve: () => void }[] = [];
  readonly sleeps: number[] = [];

  now(): number {
    return this.t;
  }

  sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    return new Promise((resolve) => this.timers.push({ at: this.t + ms, resolve }));
  }

  advance(ms: number): void {
    this.t += ms;
  }

  async run(): Promise<void> {
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers.shift();
      if (!next) return;
      this.t = Math.max(this.t, next.at);
      next.resolve();
    }
  }
}

/** Starts n concurrent takes and returns the virtual time at which each one resolved. */
async function takeTimes(pacer: Pacer, clock: FakeClock, n: number): Promise<number[]> {
  const times: number[] = [];
  const takes = Array.from({ length: n }, (_, i) =>
    pacer.take().then(() => {
      times[i] = clock.now();
    }),
  );
  await clock.run();
  await Promise.all(takes);
  return times;
}

describe("Pacer", () => {
  it("serves the burst at once, then one token per 1/refillPerSecond", async () => {
    const clock = new FakeClock();
    const times = await takeTimes(new Pacer(WRITE_BUCKETS.ModifyInstanceMetadataOptions, clock), clock, 110);
    expect(times.slice(0, 100).every((t) => t === 0)).toBe(true);
    expect(times[100]).toBe(200);
    expect(times.slice(100)).toEqual([200, 400, 600, 800, 1000, 1200, 1400, 1600, 1800, 2000]);
    expect(clock.now()).toBe(2000);
  });

  it("sleeps once per waiter, never polling", async () => {
    const clock = new FakeClock();
    await takeTimes(new Pacer(WRITE_BUCKETS.ModifyInstanceMetadataOptions, clock), clock, 110);
    expect(clock.sleeps).toEqual(Array(10).fill(200));
  });

  it("paces sequential takers the same way", async () => {
    const clock = new FakeClock();
    const pacer = new Pacer({ burst: 2, refillPerSecond: 2 }, clock);
    const times: number[] = [];
    const loop = (async () => {
      for (let i = 0; i < 5; i++) {
        await pacer.take();
        times.push(clock.now());
      }
    })();
    await clock.run();
    await loop;
    expect(times).toEqual([0, 0, 500, 1000, 1500]);
  });

  it("serves concurrent takers first come, first served", async () => {
    const clock = new FakeClock();
    const pacer = new Pacer({ burst: 1, refillPerSecond: 10 }, clock);
    const order: number[] = [];
    const takes = Array.from({ length: 20 }, (_, i) => pacer.take().then(() => order.push(i)));
    await clock.run();
    await Promise.all(takes);
    expect(order).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it("makes a newcomer wait behind earlier waiters even once their slot has passed", async () => {
    const clock = new FakeClock();
    const pacer = new Pacer({ burst: 1, refillPerSecond: 1 }, clock);
    const order: string[] = [];
    await pacer.take();
    const first = pacer.take().then(() => order.push("first"));
    clock.advance(5000); // the first waiter's slot is due, its timer has not fired yet
    const second = pacer.take().then(() => order.push("second"));
    await clock.run();
    await Promise.all([first, second]);
    expect(order).toEqual(["first", "second"]);
  });

  it("refills continuously, up to the burst", async () => {
    const clock = new FakeClock();
    const pacer = new Pacer({ burst: 100, refillPerSecond: 5 }, clock);
    await takeTimes(pacer, clock, 100);
    clock.advance(1000);
    const times = (await takeTimes(pacer, clock, 6)).map((t) => t - 1000);
    expect(times).toEqual([0, 0, 0, 0, 0, 200]);
    clock.advance(3_600_000);
    expect(pacer.etaSeconds(100)).toBe(0);
    expect(pacer.etaSeconds(101)).toBeCloseTo(0.2);
  });

  it("estimates the seconds until n more tokens", async () => {
    const clock = new FakeClock();
    const pacer = new Pacer(WRITE_BUCKETS.ModifyInstanceMetadataOptions, clock);
    expect(pacer.etaSeconds(0)).toBe(0);
    expect(pacer.etaSeconds(100)).toBe(0);
    expect(pacer.etaSeconds(110)).toBeCloseTo(2);
    expect(pacer.etaSeconds(5100)).toBeCloseTo(1000);
    const pending = Array.from({ length: 105 }, () => pacer.take());
    expect(pacer.etaSeconds(1)).toBeCloseTo(1.2); // behind the 5 already waiting
    await clock.run();
    await Promise.all(pending);
    expect(pacer.etaSeconds(1)).toBeCloseTo(0.2);
  });

  it("waits on the real clock by default", async () => {
    const pacer = new Pacer({ burst: 2, refillPerSecond: 20 });
    const start = performance.now();
    await Promise.all([pacer.take(), pacer.take(), pacer.take()]);
    expect(performance.now() - start).toBeGreaterThanOrEqual(49);
  });

  it("rejects a bucket that could never hand out a token", () => {
    expect(() => new Pacer({ burst: 0, refillPerSecond: 5 })).toThrow(RangeError);
    expect(() => new Pacer({ burst: 10, refillPerSecond: 0 })).toThrow(RangeError);
  });
});

describe("Pacers", () => {
  it("keeps one bucket per region and action", async () => {
    const clock = new FakeClock();
    const pacers = new Pacers(WRITE_BUCKETS, clock);
    const defaults = pacers.for("us-east-1", "ModifyInstanceMetadataDefaults");
    expect(pacers.for("us-east-1", "ModifyInstanceMetadataDefaults")).toBe(defaults);
    expect(await takeTimes(defaults, clock, 3)).toEqual([0, 0, 500]);

    const start = clock.now();
    const elsewhere = await takeTimes(pacers.for("eu-west-1", "ModifyInstanceMetadataDefaults"), clock, 2);
    expect(elsewhere).toEqual([start, start]);
    const otherAction = await takeTimes(pacers.for("us-east-1", "ModifyInstanceMetadataOptions"), clock, 100);
    expect(otherAction.every((t) => t === start)).toBe(true);
  });

  it("does not pace actions without a bucket size", async () => {
    const clock = new FakeClock();
    const pacers = new Pacers(WRITE_BUCKETS, clock);
    const times = await takeTimes(pacers.for("us-east-1", "DescribeInstances"), clock, 10_000);
    expect(times.every((t) => t === 0)).toBe(true);
    expect(pacers.for("us-east-1", "DescribeInstances").etaSeconds(1e9)).toBe(0);
    expect(clock.sleeps).toEqual([]);
  });
});
