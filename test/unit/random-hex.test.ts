import { expect, it } from "vitest";
import { randomHex } from "../../src/io/random-hex.js";

it("gives the bytes asked for, as hex, different each call", () => {
  const names = new Set(Array.from({ length: 100 }, () => randomHex(6)));
  expect(names.size).toBe(100);
  for (const name of names) expect(name).toMatch(/^[0-9a-f]{12}$/);
  expect(randomHex(3)).toMatch(/^[0-9a-f]{6}$/);
});
