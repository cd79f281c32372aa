// The first problem valibot found in untrusted JSON, as data every reader can word its own way:
// where (the keys from the root), what was there, and what was expected.
import type * as v from "valibot";

export type Key = string | number;

export interface Problem {
  /** Keys from the root to the bad value; empty for the root itself. */
  path: Key[];
  /**
   * "missing": a required field is absent; "unknown": a field the shape does not have; "rule": a
   * rule across fields failed, and its message is a whole sentence; "invalid": anything else.
   */
  kind: "missing" | "unknown" | "rule" | "invalid";
  /** The bad value (for "unknown", the field's name). */
  input: unknown;
  /** The schema's own message: what was expected, e.g. "an integer from 1 to 64". */
  message: string;
}

export function problemOf(issue: v.BaseIssue<unknown>): Problem {
  const items = issue.path ?? [];
  const path = items.map((item) => item.key as Key);
  const last = items.at(-1);
  const atKey = last !== undefined && "origin" in last && last.origin === "key";
  const objectIssue = issue.type === "object" || issue.type === "strict_object";
  let kind: Problem["kind"] = issue.type === "raw_check" ? "rule" : "invalid";
  if (atKey && objectIssue) kind = issue.expected === "never" ? "unknown" : "missing";
  return { path, kind, input: issue.input, message: issue.message };
}

/** `root.regions.eu-west-1.instances[3].httpTokens` */
export function dottedPath(root: string, path: readonly Key[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === "number" ? `${out}[${key}]` : `${out}.${key}`),
    root,
  );
}

/** A value as JSON, cut short: `"always"`, `65`, `nothing` for undefined. */
export function shown(value: unknown, max = 60): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

/** The message a schema was given: its own, or its pipe's first schema's (`v.pipe(v.string("x"), ...)`). */
export function expectedOf(schema: unknown): string | undefined {
  const s = schema as { message?: unknown; pipe?: readonly unknown[]; wrapped?: unknown };
  if (typeof s.message === "string") return s.message;
  if (s.pipe?.[0] && s.pipe[0] !== schema) return expectedOf(s.pipe[0]);
  if (s.wrapped) return expectedOf(s.wrapped);
  return undefined;
}
