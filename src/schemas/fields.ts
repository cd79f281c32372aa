// The leaf values of an untrusted file (scenario, config), each with the words its error message
// uses: `<path>: must be <these words> (got <the value>)`.
import * as v from "valibot";

export { about } from "./shape.js";

export const text = () => v.string("a string");

export const matching = (pattern: RegExp, expected = `a string matching ${pattern}`) =>
  v.pipe(v.string(expected), v.regex(pattern, expected));

export const oneOf = <const T extends readonly string[]>(values: T, expected = values.join("|")) =>
  v.picklist(values, expected);

export function intIn(min: number, max: number) {
  const expected = `an integer from ${min} to ${max}`;
  return v.pipe(
    v.number(expected),
    v.integer(expected),
    v.minValue(min, expected),
    v.maxValue(max, expected),
  );
}

export function numberIn(min: number, max: number) {
  const expected = `a number from ${min} to ${max}`;
  return v.pipe(v.number(expected), v.minValue(min, expected), v.maxValue(max, expected));
}

export const flag = () => v.boolean("true or false");

export const isoDate = () =>
  v.pipe(
    v.string("an ISO 8601 date"),
    v.check((s) => !Number.isNaN(Date.parse(s)), "an ISO 8601 date"),
    v.description("An ISO 8601 date, e.g. 2025-01-10T08:00:00Z."),
  );

export const list = <const T extends v.GenericSchema>(item: T) => v.array(item, "an array");

export const dict = <const T extends v.GenericSchema>(value: T) => v.record(v.string(), value, "an object");

export const amiId = () =>
  matching(/^ami-[0-9a-f]{8}([0-9a-f]{9})?$/, "an AMI id like ami-0123456789abcdef0");
