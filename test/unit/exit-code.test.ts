import { describe, expect, it } from "vitest";
import { auditExitCode } from "../../src/core/exit-code.js";

describe("audit exit code", () => {
  it.each([
    [true, "pass", "fail", 0],
    [true, "warn", "fail", 0],
    [true, "fail", "fail", 1],
    [true, "warn", "warn", 1],
    [true, "fail", "never", 0],
    [false, "pass", "fail", 3],
    [false, "fail", "fail", 3],
    [false, "fail", "never", 3],
  ] as const)("complete=%s worst=%s --fail-on %s -> %i", (complete, worst, failOn, code) => {
    expect(auditExitCode({ complete, worst }, failOn)).toBe(code);
  });
});
