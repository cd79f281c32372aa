// Bundles the CLI and the simulator into dist/ as tree-shaken ESM, so start-up pays for one file.
import { rmSync } from "node:fs";
import { build } from "esbuild";
import { writeJsonSchemas } from "./json-schemas.mjs";

const common = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  mainFields: ["module", "main"],
  legalComments: "none",
  logLevel: "warning",
  // Bundled CommonJS dependencies (cli-table3) call require(); give ESM output one.
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
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

// Start clean: split chunks have hashed names, and stale ones would pile up.
rmSync("dist", { recursive: true, force: true });

await Promise.all([
  // Split: the AWS SDK sits in a chunk that only commands which call AWS load.
  build({
    ...common,
    entryPoints: { imds: "src/main.ts" },
    outdir: "dist",
    splitting: true,
    chunkNames: "chunks/[name]-[hash]",
    plugins: [noExecutableSubcommands],
  }),
  build({ ...common, entryPoints: { sim: "src/sim/main.ts" }, outdir: "dist" }),
]);

// The published JSON Schemas (schema/*.json) come from the same schemas as the code's types.
await writeJsonSchemas();
