import { describe, expect, it } from "vitest";
import { DEFAULT_WIDTH, shouldColor, terminalWidth } from "../../src/io/terminal.js";

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

describe("terminal width", () => {
  it.each([
    [{ isTTY: true, columns: 87 }, 87],
    [{ isTTY: true, columns: 0 }, DEFAULT_WIDTH],
    [{ isTTY: true }, DEFAULT_WIDTH],
    [{ isTTY: false, columns: 87 }, DEFAULT_WIDTH],
    [{}, DEFAULT_WIDTH],
  ])("%j -> %s", (stream, expected) => {
    expect(terminalWidth(stream)).toBe(expected);
  });

  it("is 120 columns when the output is not a terminal", () => {
    expect(DEFAULT_WIDTH).toBe(120);
  });
});
