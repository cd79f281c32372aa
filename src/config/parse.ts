// A config file's text as checked data: YAML (JSON is YAML too) parsed with line positions, then
// checked against the config schema. The first problem is one line naming the file, the line and
// the column, and what is wrong; nothing is read from disk here.
import * as v from "valibot";
import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, visit } from "yaml";
import type { Located } from "../core/exceptions.js";
import { UsageError } from "../errors.js";
import { type Config, configSchema, SETTING_KEYS, type SettingKey } from "../schemas/config.js";
import { dottedPath, type Key, problemOf, shown } from "../schemas/problem.js";

/** A config file that cannot be used: bad input, exit 2, nothing done. */
export class ConfigError extends UsageError {
  override name = "ConfigError";
}

/** The config, each part with where the file declares it ("imds.config.yaml:14"). */
export interface ParsedConfig {
  /** The file as named to the user (relative to the working directory when under it). */
  file: string;
  settings: Partial<{ [K in SettingKey]: Located<NonNullable<Config[K]>> }>;
  exceptions: Located<NonNullable<Config["exceptions"]>[number]>[];
  hopLimits: Located<NonNullable<Config["hopLimits"]>[number]>[];
}

interface Position {
  line: number;
  col: number;
}

/** The node at `path`, and the key node that names it (for an unknown key, the key itself). */
function nodeAt(root: unknown, path: readonly Key[]): { node?: Node; key?: Node } {
  let node = root as Node | undefined;
  let key: Node | undefined;
  for (const step of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === step);
      if (!pair) break;
      key = pair.key as Node;
      node = (pair.value ?? undefined) as Node | undefined;
    } else if (isSeq(node) && typeof step === "number") {
      node = node.items[step] as Node | undefined;
      key = undefined;
    } else {
      break;
    }
  }
  return { node, key };
}

/** Where the first alias without an anchor before it is (toJS refuses those), else the start. */
function unresolvedAlias(doc: Document): number {
  let offset = 0;
  visit(doc, {
    Alias(_, node) {
      if (node.resolve(doc) !== undefined) return undefined;
      offset = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return offset;
}

export function parseConfig(file: string, text: string): ParsedConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined): Position => lines.linePos(offset ?? 0);
  const fail = (pos: Position, what: string) => new ConfigError(`${file}:${pos.line}:${pos.col}: ${what}`);

  const [yamlError] = doc.errors;
  if (yamlError) throw fail(at(yamlError.pos[0]), `bad YAML: ${yamlError.message}`);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw fail(at(unresolvedAlias(doc)), `bad YAML: ${(err as Error).message}`);
  }
  if (data !== null && (typeof data !== "object" || Array.isArray(data))) {
    throw fail(
      at(doc.contents?.range?.[0]),
      "must hold keys like regions: and exceptions:, not a list or a value",
    );
  }
  const result = v.safeParse(configSchema, data ?? {}, { abortEarly: true });
  const lineOf = (path: readonly Key[], onKey = false): Position => {
    const { node, key } = nodeAt(doc.contents, path);
    const target = onKey ? (key ?? node) : (node ?? key);
    return at(target?.range?.[0]);
  };
  if (!result.success) {
    const [issue] = result.issues;
    const p = problemOf(issue);
    const where = dottedPath("", p.path).replace(/^\./, "") || "the file";
    if (p.kind === "unknown") {
      throw fail(lineOf(p.path, true), `unknown key "${where}" (${p.message})`);
    }
    if (p.kind === "rule") throw fail(lineOf(p.path), `${where}: ${p.message}`);
    throw fail(lineOf(p.path), `${where}: must be ${p.message} (got ${shown(p.input)})`);
  }
  const config = result.output;
  const located = <T>(value: T, path: Key[]): Located<T> => ({
    value,
    where: `${file}:${lineOf(path, true).line}`,
  });
  const settings: ParsedConfig["settings"] = {};
  for (const key of SETTING_KEYS) {
    const value = config[key];
    if (value !== undefined) Object.assign(settings, { [key]: located(value, [key]) });
  }
  return {
    file,
    settings,
    exceptions: (config.exceptions ?? []).map((e, i) => located(e, ["exceptions", i])),
    hopLimits: (config.hopLimits ?? []).map((h, i) => located(h, ["hopLimits", i])),
  };
}
