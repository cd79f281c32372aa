import { createRequire } from "node:module";

let nodeCrypto: typeof import("node:crypto") | undefined;

/**
 * `bytes` random bytes as hex, for names no other run picks (temp files, journals, reports).
 * node:crypto is loaded on the first call: loading it costs every start-up ~3 ms (sixteen internal
 * modules), and --version, --help and a refused option never need it.
 */
export function randomHex(bytes: number): string {
  nodeCrypto ??= createRequire(import.meta.url)("node:crypto") as typeof import("node:crypto");
  return nodeCrypto.randomBytes(bytes).toString("hex");
}
