// --output-dir file names: two runs in the same second (two cron jobs) never share a name.
import { describe, expect, it } from "vitest";
import { reportBaseName } from "../../src/io/emit.js";

describe("report file names", () => {
  it("are UTC to the millisecond with a random suffix, and sort by time", () => {
    expect(reportBaseName("audit", "123456789012", "2026-11-22T10:51:00.456Z", "3f9a0c")).toBe(
      "imds-audit-123456789012-20261122T105100.456Z-3f9a0c",
    );
    const at = "2026-11-22T10:51:00.000Z";
    expect(reportBaseName("audit", "123456789012", at)).not.toBe(reportBaseName("audit", "123456789012", at));
    const earlier = reportBaseName("audit", "123456789012", "2026-11-22T10:51:00.999Z");
    expect([reportBaseName("audit", "123456789012", "2026-11-22T10:51:01.000Z"), earlier].sort()[0]).toBe(
      earlier,
    );
  });
});
