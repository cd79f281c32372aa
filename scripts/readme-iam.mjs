// Writes the README's IAM permissions section from the actions table (src/policy/actions.ts);
// `--check` only says whether it is up to date (exit 1 if not). test/unit/policy-readme.test.ts
// checks the same in the test suite.
import { readFileSync, writeFileSync } from "node:fs";
import { build } from "esbuild";

// The generator is TypeScript: bundle it in memory and import the result.
const out = await build({
  entryPoints: ["src/policy/readme.ts"],
  bundle: true,
  platform: "node",
  format: "esm",
  write: false,
  logLevel: "warning",
});
const code = out.outputFiles[0].text;
const { iamReadmeSection, README_BEGIN, README_END } = await import(
  `data:text/javascript;base64,${Buffer.from(code).toString("base64")}`
);

const readme = readFileSync("README.md", "utf8");
const start = readme.indexOf(README_BEGIN);
const end = readme.indexOf(README_END);
if (start < 0 || end < start) {
  console.error(`README.md: no "${README_BEGIN}" ... "${README_END}" block`);
  process.exit(2);
}
const next = readme.slice(0, start) + iamReadmeSection() + readme.slice(end + README_END.length);
if (process.argv.includes("--check")) {
  if (next !== readme) console.error("README.md: the IAM section is out of date: run npm run readme:iam");
  process.exitCode = next === readme ? 0 : 1;
} else if (next !== readme) {
  writeFileSync("README.md", next);
  console.error("README.md: IAM section updated");
}
