import { describe, expect, it } from "vitest";
import { shouldColor } from "../../src/io/terminal.js";

describe("color decision", () => {
  it.each([
    [{ flag: true, env: {}, isTTY: true }, true],
    [{ flag: true, env: {}, isTTY: false }, false],
    [{ flag: false, env: { FORCE_COLOR: "1" }, isTTY: true }, false], // --no-color wins
    [{ flag: true, env: { NO_COLOR: "1", FORCE_COLOR: "1" }, isTTY: true }, false],
    [{ flag: true, env: { NO_COLOR: "" }, isTTY: true }, true], // an empty NO_COLOR is unset
    [{ flag: true, env: { FORCE_COLOR: "1" }, isTTY: false }, true],
    [{ flag: true, env: { FORCE_COLOR: "0" }, isTTY: true }, false],
    [{ flag: true, env: { TERM: "dumb" }, isTTY: true }, false],
  ])("%j -> %s", (input, expected) => {
    expect(shouldColor(input)).toBe(expected);
  });
});
