// Finds and reads a scenario: a parsed object, a shipped name ("demo"), or a JSON file path.

import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Scenario } from "./types.js";
import { ScenarioError, validateScenario } from "./validate.js";

/** The nearest ancestor of this module holding `scenarios/` (works from src/ and from dist/). */
function scenariosDir(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, "scenarios");
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new ScenarioError(`no scenarios/ directory above ${from}`);
  }
}

export interface LoadedScenario {
  name: string;
  scenario: Scenario;
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ScenarioError(
      `cannot read scenario ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ScenarioError(`scenario ${file} is not valid JSON: ${(error as Error).message}`);
  }
}

export function loadScenario(source: string | object): LoadedScenario {
  if (typeof source !== "string") {
    const scenario = validateScenario(source);
    return { name: scenario.name ?? "inline", scenario };
  }
  const isPath = source.endsWith(".json") || source.includes("/") || source.includes("\\");
  const file = isPath ? resolve(source) : join(scenariosDir(), `${source}.json`);
  if (!isPath && !existsSync(file)) {
    throw new ScenarioError(`unknown scenario "${source}" (no ${file}); give a shipped name or a .json path`);
  }
  const scenario = validateScenario(readJson(file));
  return { name: scenario.name ?? basename(file, ".json"), scenario };
}
