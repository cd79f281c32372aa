import { PassThrough } from "node:stream";
import { expect, it } from "vitest";
import { confirm } from "../../src/io/confirm.js";

/** A terminal that has had `typed` typed, and then, with `ends`, its input ended (Ctrl-D). */
function terminal(typed: string, ends = false) {
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = "";
  output.on("data", (d) => {
    shown += d;
  });
  if (ends) input.end(typed);
  else input.write(typed);
  return {
    ask: () =>
      confirm("apply?", input as unknown as NodeJS.ReadStream, output as unknown as NodeJS.WriteStream),
    shown: () => shown,
  };
}

it.each([
  ["yes\n", true],
  ["Y\n", true],
  ["n\n", false],
  ["\n", false],
  ["yes please\n", false],
])("answers %j with %s", async (typed, expected) => {
  const t = terminal(typed);
  expect(await t.ask()).toBe(expected);
  expect(t.shown()).toContain("apply? [y/N] ");
});

it("takes input that ends before an answer as no, and ends the prompt's line", async () => {
  const t = terminal("", true);
  expect(await t.ask()).toBe(false);
  expect(t.shown()).toBe("apply? [y/N] \n");
});

it("an answer that comes with the end of the input counts, and the line is not ended twice", async () => {
  const t = terminal("y\n", true);
  expect(await t.ask()).toBe(true);
  expect(t.shown()).toBe("apply? [y/N] ");
});
