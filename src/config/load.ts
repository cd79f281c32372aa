// Finds and reads the config file: the one --config names, else imds.config.yaml (.yml, .json) in
// the working directory or the nearest parent (lilconfig's search, up to the home folder).
// Loaded on demand: only a command that runs pays for it, never --version or --help.
import { readFileSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import { lilconfig } from "lilconfig";
import { firstLine } from "../core/text.js";
import { ConfigError, type ParsedConfig, parseConfig } from "./parse.js";

const CONFIG_FILES = ["imds.config.yaml", "imds.config.yml", "imds.config.json"] as const;

export interface ConfigRequest {
  /** --config FILE; false for --no-config; undefined to search. */
  file?: string | false | undefined;
  /** Where the search starts (the working directory). */
  cwd: string;
}

/** The path as the user should read it: relative to the working directory when it is under it. */
function shownPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}

function read(path: string, cwd: string): ParsedConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? firstLine(err);
    throw new ConfigError(`cannot read the config file ${shownPath(path, cwd)} (${code})`);
  }
  return parseConfig(shownPath(path, cwd), text);
}

/** The config in effect, or undefined when there is none (or --no-config). */
export async function loadConfig(req: ConfigRequest): Promise<ParsedConfig | undefined> {
  if (req.file === false) return undefined;
  if (req.file !== undefined) return read(resolve(req.cwd, req.file), req.cwd);
  // lilconfig finds the file; the text is parsed here, with positions for error messages.
  const keep = (_path: string, content: string) => content;
  const found = await lilconfig("imds", {
    searchPlaces: [...CONFIG_FILES],
    loaders: { ".yaml": keep, ".yml": keep, ".json": keep },
    cache: false,
  }).search(req.cwd);
  if (!found) return undefined;
  return parseConfig(shownPath(found.filepath, req.cwd), String(found.config ?? ""));
}
