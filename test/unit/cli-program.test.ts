// The program end to end in-process, with the commands replaced by recorders: what each command
// receives from a command line, and the exit code it returns. No AWS: nothing here calls one.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/main.js";
import { VERSION } from "../../src/version.js";
import { capture, NO_RULES, NOW, program, scratch } from "./cli-run.js";

const DIR = scratch();
afterAll(DIR.remove);
const JOURNAL = join(DIR.path, "change.jsonl");
writeFileSync(JOURNAL, "{}\n");
const run = program(DIR.path);

const GLOBALS = {
  scope: { regions: undefined, excludeRegions: undefined, allRegions: false },
  concurrency: 32,
  format: "table",
  output: undefined,
  color: false,
  quiet: false,
  verbose: false,
};

describe("what each command receives", () => {
  it("audit, by default", async () => {
    const { name, opts, aws } = await run(["audit"]);
    expect(name).toBe("audit");
    const { format: _one, ...common } = GLOBALS;
    expect(opts).toEqual({
      ...common,
      formats: ["table"],
      outputDir: undefined,
      toSecurityHub: false,
      states: ["pending", "running", "stopping", "stopped"],
      maxHopLimit: 2,
      failOn: "fail",
      maxRows: 20,
      evidenceDays: undefined,
      rules: NO_RULES,
      now: NOW,
      configFile: undefined,
    });
    expect(aws).toMatchObject({
      profile: undefined,
      region: undefined,
      endpoint: undefined,
      concurrency: 32,
    });
  });

  it("global options before or after the command", async () => {
    for (const args of [
      ["--profile", "prod", "--format", "json", "audit"],
      ["audit", "--profile", "prod", "--format", "json"],
    ]) {
      const { opts, aws } = await run(args);
      expect(aws.profile).toBe("prod");
      expect(opts.formats).toEqual(["json"]);
    }
  });

  it("audit --usage reads 14 days of evidence, --usage 30 thirty; --all-regions reaches the scope", async () => {
    expect((await run(["audit", "--usage"])).opts.evidenceDays).toBe(14);
    expect((await run(["audit", "--usage", "30"])).opts.evidenceDays).toBe(30);
    expect((await run(["audit", "--all-regions", "--exclude-regions", "eu-west-2"])).opts.scope).toEqual({
      regions: undefined,
      excludeRegions: ["eu-west-2"],
      allRegions: true,
    });
  });

  it("enforce: the evidence window is 14 days unless --usage or --usage-days says otherwise", async () => {
    expect((await run(["enforce"])).opts.evidenceDays).toBe(14);
    expect((await run(["enforce", "--usage", "7"])).opts.evidenceDays).toBe(7);
    expect((await run(["enforce", "--usage-days", "9"])).opts.evidenceDays).toBe(9);
  });

  it("enforce: --tag implies --instances, and the command line goes to the journal header", async () => {
    const args = ["enforce", "--tag", "env=dev", "--yes", "--regions", "eu-west-1"];
    const { opts } = await run(args);
    expect(opts).toEqual({
      ...GLOBALS,
      scope: { regions: ["eu-west-1"], excludeRegions: undefined, allRegions: false },
      dryRun: false,
      yes: true,
      journal: undefined,
      waitSeconds: 120,
      writeRate: undefined,
      writeBurst: undefined,
      maxRows: 20,
      detail: false,
      instances: true,
      instanceIds: undefined,
      tags: [["env", "dev"]],
      excludeTags: [],
      states: ["pending", "running", "stopping", "stopped"],
      hopLimit: undefined,
      raiseHopLimit: false,
      maxChanges: undefined,
      enforceLaunches: false,
      evidenceDays: 14,
      force: false,
      launchTemplates: false,
      asgs: false,
      includeManaged: false,
      args,
      rules: NO_RULES,
      maxHopLimit: 2,
      now: NOW,
    });
  });

  it("enforce: --asgs and --include-managed imply --launch-templates; rollback --delete-created", async () => {
    for (const flag of ["--asgs", "--include-managed", "--launch-templates"]) {
      const { opts } = await run(["enforce", flag]);
      expect(opts).toMatchObject({
        launchTemplates: true,
        asgs: flag === "--asgs",
        includeManaged: flag === "--include-managed",
        instances: false,
      });
    }
    const { opts } = await run(["rollback", JOURNAL, "--delete-created"]);
    expect(opts).toMatchObject({ deleteCreated: true });
  });

  it("enforce --enforce-launches reaches the command", async () => {
    const { opts } = await run(["enforce", "--enforce-launches", "--regions", "eu-west-1"]);
    expect(opts).toMatchObject({ enforceLaunches: true, instances: false });
  });

  it("rollback gets its own shape, not enforce's", async () => {
    const args = [
      "rollback",
      JOURNAL,
      "--instance-ids",
      "i-0123456789abcdef0",
      "--exclude-regions",
      "eu-west-2",
    ];
    const { name, opts } = await run(args);
    expect(name).toBe("rollback");
    expect(opts).toEqual({
      ...GLOBALS,
      scope: { regions: undefined, excludeRegions: ["eu-west-2"], allRegions: false },
      dryRun: false,
      yes: false,
      journal: undefined,
      waitSeconds: 120,
      writeRate: undefined,
      writeBurst: undefined,
      maxRows: 20,
      detail: false,
      journalToRestore: JOURNAL,
      instanceIds: ["i-0123456789abcdef0"],
      deleteCreated: false,
      accounts: undefined,
      access: ACCESS,
      args,
    });
  });

  it("watch gets the journal and the regions", async () => {
    const { name, opts } = await run(["watch", JOURNAL, "--regions", "us-east-1", "--format", "json"]);
    expect(name).toBe("watch");
    expect(opts).toEqual({
      ...GLOBALS,
      scope: { regions: ["us-east-1"], excludeRegions: undefined, allRegions: false },
      format: "json",
      journal: JOURNAL,
      accounts: undefined,
      access: ACCESS,
    });
  });

  it("organization options: enforce --org takes the role and the bounds; rollback --accounts narrows", async () => {
    const enforce = await run([
      "enforce",
      "--org",
      "--role-name",
      "imds-ops",
      "--max-accounts",
      "4",
      "--shard",
      "2/3",
      "--detail",
    ]);
    expect(enforce.opts).toMatchObject({
      org: { source: "org", roleName: "imds-ops", maxAccounts: 4, shard: { index: 2, count: 3 }, ous: [] },
      detail: true,
    });
    const audit = await run(["audit", "--ou", "ou-ab12-cd34ef56", "--ou", "r-ab12", "--detail"]);
    expect(audit.opts).toMatchObject({
      org: { source: "ou", ous: ["ou-ab12-cd34ef56", "r-ab12"] },
      detail: true,
    });
    const rollback = await run([
      "rollback",
      JOURNAL,
      "--accounts",
      "111122223333",
      "--role-arn",
      "arn:aws:iam::{account}:role/x",
    ]);
    expect(rollback.opts).toMatchObject({
      accounts: ["111122223333"],
      access: { roleArn: "arn:aws:iam::{account}:role/x" },
    });
  });

  it.each([0, 1, 3])("the exit code is the one the command returned (%d)", async (code) => {
    expect((await run(["audit"], code)).code).toBe(code);
  });
});

const ACCESS = {
  roleName: "OrganizationAccountAccessRole",
  roleArn: undefined,
  externalId: undefined,
  maxAccounts: 10,
};

describe("main", () => {
  const imds = async (...args: string[]) => {
    const { io, out } = capture();
    const code = await main(["node", "imds", ...args], io, {});
    return { code, ...out };
  };

  it("--version prints the version, exit 0", async () => {
    expect(await imds("--version")).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: "" });
  });

  it("--help lists the commands and global options, exit 0; no arguments shows it too, exit 2", async () => {
    const help = await imds("enforce", "--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--usage [days]");
    expect(help.stdout).toContain("Global Options:");
    // The old name works (see above) but is not listed among the options.
    expect(help.stdout).not.toMatch(/^ +--usage-days/m);
    const bare = await imds();
    expect(bare.code).toBe(2);
    expect(bare.stdout).toMatch(/Commands:\n.*audit/s);
  });

  it.each([
    [["audit", "--bogus"], "imds: unknown option '--bogus' (see imds --help)\n"],
    [
      ["audit", "--regions", "eu-west-1", "--all-regions"],
      "imds: option '--all-regions' cannot be used with option '--regions <list>' (see imds --help)\n",
    ],
    [
      ["enforce", "--usage", "7", "--usage-days", "7"],
      "imds: option '--usage-days <n>' cannot be used with option '--usage [days]' (see imds --help)\n",
    ],
    [
      ["--endpoint-url", "http://u:secret@127.0.0.1:1", "audit"],
      "imds: --endpoint-url must not carry credentials (user:password@): use the AWS credential chain\n",
    ],
    [["audit", "--shard", "2/4"], "imds: --shard: only with --org, --ou, --accounts or --accounts-file\n"],
    [["audit", "--detail"], "imds: --detail: only with --org, --ou, --accounts or --accounts-file\n"],
    [["enforce", "--detail"], "imds: --detail: only with --org, --ou, --accounts or --accounts-file\n"],
    [
      ["audit", "--org", "--accounts", "111122223333"],
      "imds: option '--org' cannot be used with option '--accounts <list>' (see imds --help)\n",
    ],
    [
      ["audit", "--accounts", "12345"],
      "imds: option '--accounts <list>' argument '12345' is invalid. \"12345\" is not a 12-digit AWS account id (see imds --help)\n",
    ],
    [
      ["audit", "--org", "--shard", "5/4"],
      "imds: option '--shard <i/n>' argument '5/4' is invalid. must be I/N with 1 <= I <= N <= 10000, like 2/4 (see imds --help)\n",
    ],
    [
      ["audit", "--org", "--external-id", "x"],
      "imds: --external-id must be 2 to 1,224 letters, digits or +=,.@:/-\n",
    ],
  ])("bad input %j: one line, exit 2", async (args, line) => {
    expect(await imds(...args)).toEqual({ code: 2, stdout: "", stderr: line });
  });
});
