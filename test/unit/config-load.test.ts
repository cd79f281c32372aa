// The config file: found where a user expects it, parsed with positions, and refused in one line
// that names the file, the line and what is wrong.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load.js";
import { ConfigError, parseConfig } from "../../src/config/parse.js";
import { UsageError } from "../../src/errors.js";
import { scratch } from "./cli-run.js";

const DIR = scratch();
afterAll(DIR.remove);

const GOOD = `# imds.config.yaml
regions: [eu-west-1, us-east-1]
maxHopLimit: 1
exceptions:
  - match: { resource: "i-0abc*", region: eu-west-1 }
    reason: vendor appliance
    owner: platform@example.com
    expires: 2026-12-31
hopLimits:
  - match:
      tags: { "eks:nodegroup-name": "*" }
    max: 2
`;

function problem(text: string, file = "imds.config.yaml"): string {
  try {
    parseConfig(file, text);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error("the config was accepted");
}

describe("parseConfig", () => {
  it("gives each setting, exception and hop-limit rule with the line that declares it", () => {
    const config = parseConfig("imds.config.yaml", GOOD);
    expect(config.settings).toEqual({
      regions: { value: ["eu-west-1", "us-east-1"], where: "imds.config.yaml:2" },
      maxHopLimit: { value: 1, where: "imds.config.yaml:3" },
    });
    expect(config.exceptions).toEqual([
      {
        value: {
          match: { resource: "i-0abc*", region: "eu-west-1" },
          reason: "vendor appliance",
          owner: "platform@example.com",
          expires: "2026-12-31",
        },
        where: "imds.config.yaml:5",
      },
    ]);
    expect(config.hopLimits).toEqual([
      { value: { match: { tags: { "eks:nodegroup-name": "*" } }, max: 2 }, where: "imds.config.yaml:10" },
    ]);
  });

  it("reads JSON the same way, and an empty file as no settings", () => {
    const json = '{\n  "failOn": "warn",\n  "excludeRegions": ["ap-east-1"]\n}\n';
    expect(parseConfig("c.json", json).settings).toEqual({
      failOn: { value: "warn", where: "c.json:2" },
      excludeRegions: { value: ["ap-east-1"], where: "c.json:3" },
    });
    expect(parseConfig("empty.yaml", "# nothing yet\n")).toEqual({
      file: "empty.yaml",
      settings: {},
      exceptions: [],
      hopLimits: [],
    });
  });

  it.each([
    ["bad YAML", "regions: [eu-west-1\nfailOn: warn\n", "imds.config.yaml:2:1: bad YAML: "],
    [
      "a key twice",
      "failOn: warn\nfailOn: fail\n",
      "imds.config.yaml:2:1: bad YAML: Map keys must be unique",
    ],
    [
      "an unknown key",
      "failOn: warn\nregoins: [eu-west-1]\n",
      'imds.config.yaml:2:1: unknown key "regoins" (allowed: $schema, regions,',
    ],
    [
      "an unknown selector key",
      "exceptions:\n  - match: { regoin: eu-west-1 }\n    reason: r\n    owner: o\n    expires: 2026-01-01\n",
      'imds.config.yaml:2:14: unknown key "exceptions[0].match.regoin" (allowed: account, region, resource, name, tags, kind, code)',
    ],
    [
      "a date that is not one",
      "exceptions:\n  - match: { region: eu-west-1 }\n    reason: r\n    owner: o\n    expires: 2026-02-30\n",
      'imds.config.yaml:5:14: exceptions[0].expires: must be a date like 2026-12-31 (YYYY-MM-DD) (got "2026-02-30")',
    ],
    [
      "a date in another format",
      "exceptions:\n  - match: { region: eu-west-1 }\n    reason: r\n    owner: o\n    expires: 31/12/2026\n",
      'imds.config.yaml:5:14: exceptions[0].expires: must be a date like 2026-12-31 (YYYY-MM-DD) (got "31/12/2026")',
    ],
    [
      "an exception without a reason",
      "exceptions:\n  - match: { region: eu-west-1 }\n    owner: o\n    expires: 2026-01-01\n",
      "imds.config.yaml:2:5: exceptions[0].reason: must be a non-empty string (got nothing)",
    ],
    [
      "an exception for everything",
      "exceptions:\n  - match: {}\n    reason: r\n    owner: o\n    expires: 2026-01-01\n",
      "imds.config.yaml:2:12: exceptions[0].match: must be a selector with at least one of account, region, resource, name, tags, kind, code (an exception for everything is not one) (got {})",
    ],
    [
      "an account id YAML reads as a number",
      "accounts: [012345678901]\n",
      'imds.config.yaml:1:12: accounts[0]: must be a 12-digit account id in quotes, like "123456789012" (got 12345678901)',
    ],
    [
      "a hop limit out of range",
      "maxHopLimit: 99\n",
      "imds.config.yaml:1:14: maxHopLimit: must be an integer from 1 to 64 (got 99)",
    ],
    [
      "a list at the top",
      "# regions\n- eu-west-1\n",
      "imds.config.yaml:2:1: must hold keys like regions: and exceptions:, not a list or a value",
    ],
    ["an unresolved alias", "failOn: warn\nregions: *nowhere\n", "imds.config.yaml:2:10: bad YAML: "],
  ])("%s: one line with the file, line and column", (_what, text, start) => {
    expect(problem(text)).toMatch(new RegExp(`^${start.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
  });
});

describe("loadConfig", () => {
  const tree = join(DIR.path, "repo");
  const deep = join(tree, "infra", "prod");
  mkdirSync(deep, { recursive: true });
  writeFileSync(join(tree, "imds.config.yaml"), "failOn: warn\n");
  writeFileSync(join(tree, "infra", "other.json"), '{ "failOn": "never" }\n');

  it("finds imds.config.yaml in the working directory or the nearest parent, named relative to it", async () => {
    expect((await loadConfig({ cwd: tree }))?.file).toBe("imds.config.yaml");
    const found = await loadConfig({ cwd: deep });
    expect(found?.file).toBe(join(tree, "imds.config.yaml"));
    expect(found?.settings.failOn?.value).toBe("warn");
  });

  it("--config FILE reads that file instead; --no-config none", async () => {
    const other = await loadConfig({ cwd: deep, file: "../other.json" });
    expect(other?.settings.failOn).toEqual({ value: "never", where: join(tree, "infra", "other.json:1") });
    expect(await loadConfig({ cwd: deep, file: false })).toBeUndefined();
  });

  it("a file that cannot be read is bad input", async () => {
    await expect(loadConfig({ cwd: tree, file: "missing.yaml" })).rejects.toThrow(ConfigError);
    await expect(loadConfig({ cwd: tree, file: "missing.yaml" })).rejects.toThrow(
      "cannot read the config file missing.yaml (ENOENT)",
    );
  });

  it("no config anywhere up to the search's end: none", async () => {
    const bare = join(DIR.path, "bare");
    mkdirSync(bare);
    expect(await loadConfig({ cwd: bare })).toBeUndefined();
  });
});
