// The README's IAM permissions section is exactly what the actions table generates.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ACTIONS } from "../../src/policy/actions.js";
import { iamReadmeSection, README_BEGIN, README_END } from "../../src/policy/readme.js";

const README = readFileSync(resolve(import.meta.dirname, "../../README.md"), "utf8");

describe("README IAM section", () => {
  it("equals the generated text (run npm run readme:iam after changing the table)", () => {
    const start = README.indexOf(README_BEGIN);
    const end = README.indexOf(README_END);
    expect(start, "README has the BEGIN marker").toBeGreaterThan(0);
    expect(end, "README has the END marker after it").toBeGreaterThan(start);
    expect(README.slice(start, end + README_END.length)).toBe(iamReadmeSection());
  });

  it("lists every action of the table", () => {
    const section = iamReadmeSection();
    for (const a of ACTIONS) expect(section).toContain(`| \`${a.action}\` |`);
  });
});
