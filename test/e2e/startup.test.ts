// What `imds --version` and `--help` load: the built entry and the chunks it imports statically.
// The config file's loader (lilconfig, yaml) and the schema library load only when a command runs.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { expect, it } from "vitest";

const DIST = resolve(import.meta.dirname, "../../dist");

/** The modules bundled into the entry and every chunk it imports statically (esbuild's path comments). */
function startupModules(): Set<string> {
  const seen = new Set<string>();
  const modules = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(join(DIST, file), "utf8");
    for (const m of text.matchAll(/^\/\/ (\S+)$/gm)) if (m[1]) modules.add(m[1]);
    for (const m of text.matchAll(/^import (?:[^;]*? from )?"\.\/(?:chunks\/)?([\w.-]+\.js)";?$/gms)) {
      if (m[1]) visit(`chunks/${m[1]}`);
    }
  };
  visit("imds.js");
  return modules;
}

it("start-up loads neither the config loader nor the schema library nor the AWS SDK", () => {
  const modules = [...startupModules()];
  expect(modules.some((m) => m.startsWith("src/cli/"))).toBe(true);
  expect(modules.filter((m) => /node_modules\/(valibot|yaml|lilconfig|@aws-sdk)\//.test(m))).toEqual([]);
});
