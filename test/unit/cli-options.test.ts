// Each option group on a bare command: defaults, presets, implications, conflicts and choices.
import { Command, CommanderError, type OptionValues } from "@commander-js/extra-typings";
import { describe, expect, it } from "vitest";
import {
  addAuditOptions,
  addChangeOptions,
  addEnforceOptions,
  addGlobalOptions,
  addScopeOptions,
} from "../../src/cli/options.js";

/** A command that throws instead of exiting and prints nothing. */
function bare() {
  return new Command("t").exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
}

/** Parses `args` and returns the values; a refusal comes back as commander's one-line message. */
function parse<C extends Command<[], OptionValues, OptionValues>>(
  cmd: C,
  args: string[],
): ReturnType<C["opts"]> {
  cmd.parse(args, { from: "user" });
  return cmd.opts() as ReturnType<C["opts"]>;
}

function refusal(cmd: Command<[], OptionValues, OptionValues>, args: string[]): string {
  try {
    cmd.parse(args, { from: "user" });
  } catch (err) {
    if (err instanceof CommanderError) return err.message;
    throw err;
  }
  throw new Error(`accepted ${args.join(" ")}`);
}

describe("global options", () => {
  it("defaults", () => {
    expect(parse(addGlobalOptions(bare()), [])).toEqual({
      concurrency: 32,
      timeout: 30,
      format: ["table"],
      color: true,
    });
  });
  it("every option, parsed and checked", () => {
    const values = parse(addGlobalOptions(bare()), [
      "--profile=prod",
      "--region=eu-west-1",
      "--endpoint-url=http://127.0.0.1:4566",
      "--concurrency=4",
      "--timeout=5",
      "--format=json",
      "--output-dir=.",
      "--no-color",
      "-q",
      "-v",
    ]);
    expect(values).toEqual({
      profile: "prod",
      region: "eu-west-1",
      endpointUrl: "http://127.0.0.1:4566",
      concurrency: 4,
      timeout: 5,
      format: ["json"],
      outputDir: ".",
      color: false,
      quiet: true,
      verbose: true,
    });
  });
  it("refuses a format it does not have, and a concurrency out of range", () => {
    expect(refusal(addGlobalOptions(bare()), ["--format", "xml"])).toMatch(
      /argument 'xml' is invalid\. "xml" is not a format \(table, json, csv, markdown, sarif, ocsf, asff, junit, html\)/,
    );
    expect(refusal(addGlobalOptions(bare()), ["--format", ","])).toBe(
      "error: option '--format <formats>' argument ',' is invalid. must be a comma-separated list",
    );
  });
  it("several formats, each once; --output and --output-dir exclude each other", () => {
    expect(parse(addGlobalOptions(bare()), ["--format", "json,sarif,json"]).format).toEqual([
      "json",
      "sarif",
    ]);
    expect(refusal(addGlobalOptions(bare()), ["--output", "a.json", "--output-dir", "."])).toMatch(
      /option '--output-dir <dir>' cannot be used with option '--output <file>'/,
    );
    expect(refusal(addGlobalOptions(bare()), ["--concurrency", "0"])).toMatch(/from 1 to 256/);
    expect(refusal(addGlobalOptions(bare()), ["--timeout", "0"])).toMatch(/from 1 to 3600/);
    expect(refusal(addGlobalOptions(bare()), ["--profile", ""])).toMatch(/must not be empty/);
  });
});

describe("scope options", () => {
  it("regions and exclusions, each repeatable", () => {
    expect(
      parse(addScopeOptions(bare()), [
        "--regions",
        "eu-west-1",
        "--regions",
        "us-east-1",
        "--exclude-regions",
        "eu-west-2",
      ]),
    ).toEqual({ regions: ["eu-west-1", "us-east-1"], excludeRegions: ["eu-west-2"] });
  });
  it("--all-regions alone, or with exclusions", () => {
    expect(parse(addScopeOptions(bare()), ["--all-regions", "--exclude-regions", "eu-west-2"])).toEqual({
      allRegions: true,
      excludeRegions: ["eu-west-2"],
    });
  });
  it("--all-regions conflicts with --regions, in either order", () => {
    const message = "error: option '--all-regions' cannot be used with option '--regions <list>'";
    expect(refusal(addScopeOptions(bare()), ["--all-regions", "--regions", "eu-west-1"])).toBe(message);
    expect(refusal(addScopeOptions(bare()), ["--regions", "eu-west-1", "--all-regions"])).toBe(message);
  });
});

describe("change options", () => {
  it("defaults: wait 120 s, 20 rows, AWS's own buckets", () => {
    expect(parse(addChangeOptions(bare()), [])).toEqual({ wait: 120, maxRows: 20 });
  });
  it("every option", () => {
    expect(
      parse(addChangeOptions(bare()), [
        "--dry-run",
        "-y",
        "--wait=0",
        "--write-rate=2",
        "--write-burst=50",
        "--max-rows=0",
      ]),
    ).toEqual({ dryRun: true, yes: true, wait: 0, writeRate: 2, writeBurst: 50, maxRows: 0 });
  });
  it("refuses a pace out of range", () => {
    expect(refusal(addChangeOptions(bare()), ["--write-rate", "0"])).toMatch(/from 1 to 1000/);
  });
});

describe("audit options", () => {
  it("defaults: the four live states, hop limit 2, fail on fail, no evidence", () => {
    expect(parse(addAuditOptions(bare()), [])).toEqual({
      states: ["pending", "running", "stopping", "stopped"],
      maxHopLimit: 2,
      failOn: "fail",
      maxRows: 20,
    });
  });
  it("--usage alone is 14 days; --usage N is N", () => {
    expect(parse(addAuditOptions(bare()), ["--usage"]).usage).toBe(14);
    expect(parse(addAuditOptions(bare()), ["--usage", "30"]).usage).toBe(30);
    expect(refusal(addAuditOptions(bare()), ["--usage", "456"])).toMatch(/from 1 to 455/);
  });
  it("--fail-on offers its choices", () => {
    expect(parse(addAuditOptions(bare()), ["--fail-on", "warn"]).failOn).toBe("warn");
    expect(refusal(addAuditOptions(bare()), ["--fail-on", "sometimes"])).toMatch(
      /Allowed choices are fail, warn, never/,
    );
  });
  it("takes no --usage-days (an enforce spelling)", () => {
    expect(refusal(addAuditOptions(bare()), ["--usage-days", "7"])).toMatch(/unknown option '--usage-days'/);
  });
});

describe("enforce options", () => {
  it("--instance-ids and --tag imply --instances; --exclude-tag does not", () => {
    expect(parse(addEnforceOptions(bare()), ["--instance-ids", "i-0123456789abcdef0"]).instances).toBe(true);
    expect(parse(addEnforceOptions(bare()), ["--tag", "env=dev", "--tag", "team=a"])).toMatchObject({
      instances: true,
      tag: [
        ["env", "dev"],
        ["team", "a"],
      ],
    });
    expect(parse(addEnforceOptions(bare()), ["--exclude-tag", "legacy=true"]).instances).toBeUndefined();
  });
  it("the evidence window: --usage, or its old name --usage-days, never both", () => {
    expect(parse(addEnforceOptions(bare()), []).usage).toBeUndefined();
    expect(parse(addEnforceOptions(bare()), ["--usage"]).usage).toBe(14);
    expect(parse(addEnforceOptions(bare()), ["--usage", "7"]).usage).toBe(7);
    expect(parse(addEnforceOptions(bare()), ["--usage-days", "7"]).usageDays).toBe(7);
    expect(refusal(addEnforceOptions(bare()), ["--usage", "7", "--usage-days", "7"])).toBe(
      "error: option '--usage-days <n>' cannot be used with option '--usage [days]'",
    );
  });
  it("--usage-days is hidden from --help; --usage is shown", () => {
    const help = addEnforceOptions(bare()).helpInformation();
    expect(help).toContain("--usage [days]");
    expect(help).not.toContain("--usage-days");
  });
  it("hop limit and max changes", () => {
    expect(
      parse(addEnforceOptions(bare()), ["--hop-limit", "no-preference", "--max-changes", "0"]),
    ).toMatchObject({
      hopLimit: "no-preference",
      maxChanges: 0,
    });
  });
});
