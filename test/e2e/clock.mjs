// Test only, loaded with `node --import` before bin/imds.js (harness.ts does it when the simulator's
// clock stands still): the CLI's clock starts at IMDS_E2E_NOW (epoch ms), the simulator's time, and
// runs from there. What the CLI asks of the simulator (metric windows, journal times) then depends
// on the simulator's clock alone, never on when the test runs. Nothing in src/ reads this variable.
const start = Number(process.env.IMDS_E2E_NOW);
if (Number.isFinite(start)) {
  const RealDate = Date;
  const offset = start - RealDate.now();
  class ShiftedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...args);
    }
    static now() {
      return RealDate.now() + offset;
    }
  }
  globalThis.Date = ShiftedDate;
}
