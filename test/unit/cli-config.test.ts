// The config file through the CLI, in-process: flag over file over built-in default, which commands
// a setting reaches, and `imds config show`. No AWS.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { NOW, program, scratch } from "./cli-run.js";

const DIR = scratch();
afterAll(DIR.remove);

function folder(name: string, config?: string): string {
  const path = join(DIR.path, name);
  mkdirSync(path, { recursive: true });
  if (config !== undefined) writeFileSync(join(path, "imds.config.yaml"), config);
  return path;
}

const CONFIG = `regions: [eu-west-1, us-east-1]
excludeRegions: [us-east-1]
maxHopLimit: 1
failOn: warn
breakGlassArns: ["arn:aws:iam::123456789012:role/break-glass"]
exceptions:
  - match: { resource: "i-0abc*" }
    reason: vendor appliance
    owner: platform@example.com
    expires: 2026-12-31
  - match: { kind: launch-template }
    reason: old templates
    owner: web@example.com
    expires: 2026-01-31
hopLimits:
  - match: { tags: { "eks:nodegroup-name": "*" } }
    max: 2
`;

const withConfig = program(folder("with", CONFIG));
const without = program(folder("without"));

describe("flag over file over built-in default", () => {
  it("audit takes the file's regions, exclusions, hop limit and fail-on, and its rules", async () => {
    const { opts } = await withConfig(["audit"]);
    expect(opts.scope).toEqual({
      regions: ["eu-west-1", "us-east-1"],
      excludeRegions: ["us-east-1"],
      allRegions: false,
    });
    expect(opts).toMatchObject({ maxHopLimit: 1, failOn: "warn", configFile: "imds.config.yaml", now: NOW });
    const rules = opts.rules as { exceptions: { where: string }[]; hopLimits: { where: string }[] };
    expect(rules.exceptions.map((e) => e.where)).toEqual(["imds.config.yaml:7", "imds.config.yaml:11"]);
    expect(rules.hopLimits.map((h) => h.where)).toEqual(["imds.config.yaml:16"]);
  });

  it("a flag on the command line wins; --all-regions overrides the file's region list", async () => {
    const { opts } = await withConfig([
      "audit",
      "--max-hop-limit",
      "3",
      "--fail-on",
      "fail",
      "--all-regions",
    ]);
    expect(opts).toMatchObject({ maxHopLimit: 3, failOn: "fail" });
    expect(opts.scope).toMatchObject({ allRegions: true, excludeRegions: ["us-east-1"] });
  });

  it("without a file: the built-in defaults; --no-config ignores a file; --config names another", async () => {
    expect((await without(["audit"])).opts).toMatchObject({
      maxHopLimit: 2,
      failOn: "fail",
      configFile: undefined,
    });
    expect((await withConfig(["--no-config", "audit"])).opts).toMatchObject({
      maxHopLimit: 2,
      failOn: "fail",
    });
    const other = join(folder("other", "failOn: never\n"), "imds.config.yaml");
    expect((await without(["audit", "--config", other])).opts).toMatchObject({ failOn: "never" });
  });

  it("enforce takes the regions and rules; rollback and watch keep to their journal's regions", async () => {
    const journal = join(DIR.path, "change.jsonl");
    writeFileSync(journal, "{}\n");
    expect((await withConfig(["enforce"])).opts).toMatchObject({
      scope: { regions: ["eu-west-1", "us-east-1"] },
      maxHopLimit: 1,
    });
    expect((await withConfig(["rollback", journal])).opts.scope).toEqual({
      regions: undefined,
      excludeRegions: undefined,
      allRegions: false,
    });
    expect((await withConfig(["watch", journal])).opts.scope).toMatchObject({ regions: undefined });
  });

  it("policy scp takes the file's maximum hop limit and break-glass principals", async () => {
    const { out, code } = await withConfig(["policy", "scp", "--minify"]);
    expect(code).toBe(0);
    expect(out.stdout).toContain('"ec2:MetadataHttpPutResponseHopLimit":"1"');
    expect(out.stdout).toContain("arn:aws:iam::123456789012:role/break-glass");
    const flag = await withConfig(["policy", "scp", "--minify", "--max-hop-limit", "2"]);
    expect(flag.out.stdout).toContain('"ec2:MetadataHttpPutResponseHopLimit":"2"');
  });

  it("a bad config stops every command before it runs: one line, exit 2 (main)", async () => {
    const bad = program(folder("bad", "failOn: sometimes\n"));
    await expect(bad(["audit"])).rejects.toThrow(
      'imds.config.yaml:1:9: failOn: must be fail|warn|never (got "sometimes")',
    );
  });
});

describe("imds config show", () => {
  it("prints each setting's value and where it came from", async () => {
    const { out, code } = await withConfig(["config", "show", "--max-hop-limit", "3", "--format", "json"]);
    expect(code).toBe(0);
    const view = JSON.parse(out.stdout);
    const rows = Object.fromEntries(
      view.settings.map((s: { key: string; value: unknown; source: string; where?: string }) => [
        s.key,
        [s.value, s.source, s.where],
      ]),
    );
    expect(rows).toMatchObject({
      regions: [["eu-west-1", "us-east-1"], "file", "imds.config.yaml:1"],
      maxHopLimit: [3, "flag", undefined],
      failOn: ["warn", "file", "imds.config.yaml:4"],
      states: [["pending", "running", "stopping", "stopped"], "default", undefined],
      roleArn: [null, "unset", undefined],
    });
    expect(view.exceptions.map((e: { where: string; status: string }) => [e.where, e.status])).toEqual([
      ["imds.config.yaml:7", "active"],
      ["imds.config.yaml:11", "expired"],
    ]);
    expect(view.line).toBe("config imds.config.yaml: 5 settings, 2 exceptions (1 expired), 1 hop-limit rule");
  });

  it("as a table: flag, file with its line, default", async () => {
    const { out } = await withConfig(["config", "show", "--all-regions", "--fail-on", "never"]);
    expect(out.stdout).toMatch(/--all-regions +\(every enabled region\) +flag \(--all-regions\)/);
    expect(out.stdout).toMatch(/--exclude-regions +us-east-1 +file \(imds\.config\.yaml:2\)/);
    expect(out.stdout).toMatch(/--fail-on +never +flag \(--fail-on\)/);
    expect(out.stdout).toMatch(/--states +pending,running,stopping,stopped +default/);
  });

  it("without a file it says so; a format it cannot write is refused", async () => {
    expect((await without(["config", "show", "--format", "json"])).out.stdout).toContain(
      '"line": "no config file: flags and built-in defaults only"',
    );
    await expect(without(["config", "show", "--format", "csv"])).rejects.toThrow(
      "--format csv does not apply to imds config show (it writes table, json, markdown)",
    );
  });
});
