// Writes schema/*.json from the valibot schemas (src/schemas/published.ts): bundles that module in
// memory, runs it, and writes each file. test/unit/schema.test.ts checks the committed files match.
import { writeFileSync } from "node:fs";
import { build } from "esbuild";

export async function writeJsonSchemas(dir = "schema") {
  const out = await build({
    entryPoints: ["src/schemas/published.ts"],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    write: false,
    logLevel: "warning",
  });
  const code = out.outputFiles[0].text;
  const { publishedFiles } = await import(
    `data:text/javascript;base64,${Buffer.from(code).toString("base64")}`
  );
  for (const [file, text] of publishedFiles()) writeFileSync(`${dir}/${file}`, text);
}

if (import.meta.url === `file://${process.argv[1]}`) await writeJsonSchemas();
