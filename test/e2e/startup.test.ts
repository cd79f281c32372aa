// What a run loads before its command: dist/imds.cjs alone. The config file's loader (lilconfig,
// yaml), the schema library, the AWS SDK and node:crypto load only when a command needs them.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, expect, it } from "vitest";
import { BIN, spawnImds, userEnv } from "./harness.js";

const ROOT = resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "imds-startup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Loaded with `node -r` before bin/imds.js: at exit, writes what the run loaded. */
const PRELOAD = join(dir, "loaded.cjs");
writeFileSync(
  PRELOAD,
  `process.on("exit", () => require("node:fs").writeFileSync(process.env.LOADED_TO, JSON.stringify({
  files: Object.keys(require.cache).filter((f) => f !== __filename),
  builtins: process.moduleLoadList,
})));`,
);

interface Loaded {
  code: number | null;
  stdout: string;
  files: string[];
  builtins: string[];
}

async function loadedBy(...args: string[]): Promise<Loaded> {
  const to = join(dir, `${args.join("_").replace(/\W/g, "_")}.json`);
  const run = await spawnImds(args, userEnv({ LOADED_TO: to }), { preload: PRELOAD, timeoutMs: 30_000 }).done;
  return { code: run.code, stdout: run.stdout, ...JSON.parse(readFileSync(to, "utf8")) };
}

/** The modules bundled into dist/imds.cjs (esbuild's path comments). */
function startupModules(): string[] {
  const text = readFileSync(join(ROOT, "dist/imds.cjs"), "utf8");
  return [...text.matchAll(/^\/\/ (\S+)$/gm)].map((m) => m[1] ?? "");
}

it.each(["--version", "--help", "audit --help"])(
  "imds %s loads dist/imds.cjs and nothing else",
  async (line) => {
    const run = await loadedBy(...line.split(" "));
    expect(run.code).toBe(0);
    expect(run.stdout).not.toBe("");
    expect(run.files).toEqual([BIN, join(ROOT, "dist/imds.cjs")]);
    expect(run.builtins).not.toContain("NativeModule crypto");
    // No ES module: the loader makes a module job for each one it loads.
    expect(run.builtins).not.toContain("NativeModule internal/modules/esm/module_job");
  },
);

it("a command loads its share of dist/lazy/ when it runs, and node:crypto when it writes", async () => {
  const out = join(dir, "scp.json");
  const run = await loadedBy("policy", "scp", "--output", out);
  expect(run.code).toBe(0);
  expect(JSON.parse(readFileSync(out, "utf8"))).toHaveProperty("Statement");
  expect(run.builtins).toContain("NativeModule internal/modules/esm/module_job");
  expect(run.builtins).toContain("NativeModule crypto");
});

it("start-up holds the command line, not the config loader, the schema library or the AWS SDK", () => {
  // Strict, as the ES modules it is bundled from: the directive counts only at the top.
  expect(readFileSync(join(ROOT, "dist/imds.cjs"), "utf8")).toMatch(/^"use strict";\n/);
  const modules = startupModules();
  expect(modules.some((m) => m.startsWith("src/cli/"))).toBe(true);
  expect(modules.filter((m) => /node_modules\/(valibot|yaml|lilconfig|@aws-sdk)\//.test(m))).toEqual([]);
});
