import { PassThrough } from "node:stream";
import { expect, it } from "vitest";
import { confirm } from "../../src/io/confirm.js";

function terminal(typed: string | undefined) {
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = "";
  output.on("data", (d) => {
    shown += d;
  });
  if (typed !== undefined) input.write(typed);
  else input.end(); // Ctrl-D before any answer
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
  const t = terminal(undefined);
  expect(await t.ask()).toBe(false);
  expect(t.shown()).toBe("apply? [y/N] \n");
});

it("an answer that comes with the end of the input counts, and the line is not ended twice", async () => {
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = "";
  output.on("data", (d) => {
    shown += d;
  });
  input.end("y\n");
  expect(
    await confirm("apply?", input as unknown as NodeJS.ReadStream, output as unknown as NodeJS.WriteStream),
  ).toBe(true);
  expect(shown).toBe("apply? [y/N] ");
});
