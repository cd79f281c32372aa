import { createRequire } from "node:module";

let crypto: typeof import("node:crypto") | undefined;

/**
 * `bytes` random bytes as hex, for names no other run picks (temp files, journals, reports).
 * node:crypto is loaded on the first call: loading it costs every start-up ~3 ms (sixteen internal
 * modules), and --version, --help and a refused option never need it.
 */
export function randomHex(bytes: number): string {
  crypto ??= createRequire(import.meta.url)("node:crypto") as typeof import("node:crypto");
  return crypto.randomBytes(bytes).toString("hex");
}
