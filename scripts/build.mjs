// Bundles the CLI and the simulator into dist/. The CLI is two builds, so that every run starts
// from one file:
// - dist/imds.cjs: what every run loads (main, the command line, its checks), one CommonJS file.
//   A CommonJS file starts ~15 ms sooner than the same code as a dozen ES modules (Node's ES
//   module loader reads, links and compiles each one on its own).
// - dist/lazy/: what a command loads when it runs (the AWS SDK, the engine, the renderers), ES
//   modules split so each command loads only its share.
// A module both need exists once, in dist/imds.cjs: the lazy build takes it from there (see
// `fromStartup`), so a class such as UsageError is one class at run time, and instanceof holds.
import { mkdirSync, rmSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { build } from "esbuild";
import { writeJsonSchemas } from "./json-schemas.mjs";

const ROOT = resolve(import.meta.dirname, "..");
const LAZY = "lazy";
const SRC = join(ROOT, "src");

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  mainFields: ["module", "main"],
  legalComments: "none",
  logLevel: "warning",
  absWorkingDir: ROOT,
};
// Bundled CommonJS dependencies (cli-table3) call require(); give ESM output one.
const esm = {
  ...common,
  format: "esm",
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
};
// import.meta.url, as CommonJS knows it (io/random-hex.ts asks for it). The banner goes before
// esbuild's own "use strict", so it says it first: a directive counts only at the top of a file.
const cjs = {
  ...common,
  format: "cjs",
  define: { "import.meta.url": "__importMetaUrl" },
  banner: {
    js: '"use strict";\nconst __importMetaUrl = require("node:url").pathToFileURL(__filename).href;',
  },
};

/**
 * commander requires node:child_process when it loads, for executable subcommands (`git-style`
 * programs it spawns), which imds has none of. Loading it costs every start-up `net`, `dgram` and
 * their streams: commander gets a stand-in that says so if it is ever called.
 */
const noExecutableSubcommands = {
  name: "no-executable-subcommands",
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer)
        ? { path: "child_process", namespace: "commander-stub" }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "commander-stub" }, () => ({
      contents: 'exports.spawn = () => { throw new Error("imds has no executable subcommands to spawn"); };',
      loader: "js",
    }));
  },
};

/** `src/commands/audit.ts` -> `commands-audit`: the lazy build's name for a module loaded later. */
const lazyName = (path) => relative(SRC, path).replace(/\.ts$/, "").replaceAll(/[\\/]/g, "-");

/** A shared module's key in dist/imds.cjs's `shared`: its path from the root. */
const sharedKey = (path) => JSON.stringify(relative(ROOT, path));

/** Where esbuild itself resolves an import; `tag` lets the plugin that asks know its own call. */
const resolvedBy = (b, args, tag) =>
  b.resolve(args.path, {
    kind: args.kind,
    resolveDir: args.resolveDir,
    importer: args.importer,
    pluginData: tag,
  });

/**
 * Start-up's dynamic imports stay dynamic: each becomes an import of the lazy build's entry of the
 * same module (`import("./lazy/commands-audit.js")`); `lazy` collects their source paths.
 */
function loadedLater(lazy) {
  return {
    name: "loaded-later",
    setup(b) {
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind !== "dynamic-import" || args.pluginData === "loaded-later") return undefined;
        const found = await resolvedBy(b, args, "loaded-later");
        if (found.errors.length > 0) return { errors: found.errors };
        lazy.add(found.path);
        return { path: `./${LAZY}/${lazyName(found.path)}.js`, external: true };
      });
    },
  };
}

/**
 * In the lazy build, a module start-up already holds is not bundled again: it is read from
 * dist/imds.cjs's `shared`, under `sharedKey`. `used` collects those paths. Named
 * imports read it live; a default import would get the whole namespace, so biome.json forbids
 * default exports in src/.
 */
function fromStartup(startup, used) {
  return {
    name: "from-startup",
    setup(b) {
      b.onResolve({ filter: /^\.\.\/imds\.cjs$/, namespace: "startup" }, (args) => ({
        path: args.path,
        external: true,
      }));
      // Start-up's own modules import each other by relative paths, and only ours are in both.
      b.onResolve({ filter: /^\./ }, async (args) => {
        if (args.pluginData === "from-startup" || !args.importer.startsWith(SRC)) return undefined;
        const found = await resolvedBy(b, args, "from-startup");
        if (found.errors.length > 0) return { errors: found.errors };
        if (!startup.has(found.path)) return undefined;
        used.add(found.path);
        return { path: found.path, namespace: "startup" };
      });
      b.onLoad({ filter: /.*/, namespace: "startup" }, (args) => ({
        contents: `module.exports = require("../imds.cjs").shared[${sharedKey(args.path)}];`,
        loader: "js",
        resolveDir: join(ROOT, "dist", LAZY),
      }));
    },
  };
}

/** The inputs of a build's outputs, as absolute paths. */
const inputsOf = (metafile) => new Set(Object.keys(metafile.inputs).map((p) => resolve(ROOT, p)));

async function buildCli() {
  // 1. What start-up holds, and what it loads later.
  const lazy = new Set();
  const probe = await build({
    ...cjs,
    entryPoints: ["src/main.ts"],
    write: false,
    outdir: "dist",
    metafile: true,
    plugins: [noExecutableSubcommands, loadedLater(lazy)],
  });
  const startup = inputsOf(probe.metafile);

  // 2. The lazy build: each module start-up imports dynamically is an entry.
  const used = new Set();
  const later = await build({
    ...esm,
    entryPoints: Object.fromEntries([...lazy].map((p) => [lazyName(p), p])),
    outdir: join("dist", LAZY),
    splitting: true,
    chunkNames: "chunk-[hash]",
    metafile: true,
    plugins: [fromStartup(startup, used)],
  });

  // 3. Start-up, exporting the modules the lazy build reads from it.
  const shared = [...used].sort();
  const entry = [
    `export { main } from "./src/main.ts";`,
    ...shared.map((p, i) => `import * as m${i} from ${JSON.stringify(p)};`),
    `export const shared = {${shared.map((p, i) => `${sharedKey(p)}: m${i}`).join(", ")}};`,
  ].join("\n");
  const first = await build({
    ...cjs,
    stdin: { contents: entry, resolveDir: ROOT, sourcefile: "startup-entry.ts", loader: "ts" },
    outfile: join("dist", "imds.cjs"),
    metafile: true,
    plugins: [noExecutableSubcommands, loadedLater(new Set())],
  });
  // The promise the two builds keep: no module in both.
  const inStartup = inputsOf(first.metafile);
  const twice = [...inputsOf(later.metafile)].filter((p) => inStartup.has(p));
  if (twice.length > 0)
    throw new Error(`build: bundled twice: ${twice.map((p) => relative(ROOT, p)).join(", ")}`);
}

// Start clean: split chunks have hashed names, and stale ones would pile up.
rmSync(join(ROOT, "dist"), { recursive: true, force: true });
mkdirSync(join(ROOT, "dist"));

try {
  await Promise.all([buildCli(), build({ ...esm, entryPoints: { sim: "src/sim/main.ts" }, outdir: "dist" })]);
} catch (err) {
  // No half-made dist/ that `ensure-build` would take for a fresh one.
  rmSync(join(ROOT, "dist"), { recursive: true, force: true });
  throw err;
}

// The published JSON Schemas (schema/*.json) come from the same schemas as the code's types.
await writeJsonSchemas();
