// A strict object whose problems read well: a missing field says what the field must be, an
// unknown field lists the fields allowed. Every untrusted shape (scenario, journal) is built of these.
import * as v from "valibot";
import { expectedOf } from "./problem.js";

export function shape<const E extends v.ObjectEntries>(entries: E, what = "an object") {
  const allowed = Object.keys(entries).join(", ");
  return v.strictObject(entries, (issue) => {
    const key = issue.path?.at(-1)?.key;
    if (typeof key !== "string") return what;
    if (issue.expected === "never") return `allowed: ${allowed}`;
    return expectedOf(entries[key]) ?? "present";
  });
}

/** The schema with a description for the published JSON Schema. */
export const about = <const T extends v.GenericSchema>(schema: T, description: string) =>
  v.pipe(schema, v.description(description));
