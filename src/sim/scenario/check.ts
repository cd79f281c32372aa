// Path-aware checks for hand-validated JSON: each failure names the exact bad path.

export class ScenarioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ScenarioError";
  }
}

export type Json = Record<string, unknown>;

function describe(value: unknown): string {
  return value === undefined ? "nothing" : JSON.stringify(value);
}

export function fail(path: string, expected: string, value: unknown): never {
  throw new ScenarioError(`${path}: must be ${expected} (got ${describe(value)})`);
}

export function object(value: unknown, path: string, allowed?: readonly string[]): Json {
  if (typeof value !== "object" || value === null || Array.isArray(value)) fail(path, "an object", value);
  if (allowed) {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) {
        throw new ScenarioError(`${path}.${key}: unknown field (allowed: ${allowed.join(", ")})`);
      }
    }
  }
  return value as Json;
}

export function array(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) fail(path, "an array", value);
  return value;
}

export function string(value: unknown, path: string, pattern?: RegExp, expected?: string): string {
  if (typeof value !== "string" || (pattern && !pattern.test(value))) {
    fail(path, expected ?? (pattern ? `a string matching ${pattern}` : "a string"), value);
  }
  return value;
}

export function oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    fail(path, allowed.join("|"), value);
  }
  return value as T;
}

export function integer(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    fail(path, `an integer from ${min} to ${max}`, value);
  }
  return value;
}

export function number(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    fail(path, `a number from ${min} to ${max}`, value);
  }
  return value;
}

export function boolean(value: unknown, path: string): boolean {
  if (typeof value !== "boolean") fail(path, "true or false", value);
  return value;
}

export function isoDate(value: unknown, path: string): string {
  const s = string(value, path);
  if (Number.isNaN(Date.parse(s))) fail(path, "an ISO 8601 date", value);
  return s;
}

/** Runs `check` on `json[key]` when present; returns undefined when absent. */
export function optional<T>(
  json: Json,
  key: string,
  path: string,
  check: (v: unknown, p: string) => T,
): T | undefined {
  const v = json[key];
  return v === undefined ? undefined : check(v, `${path}.${key}`);
}
