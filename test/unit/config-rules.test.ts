// The config's rules about resources, pure: selectors, exceptions (and their verdicts as of a given
// day, never the wall clock), hop-limit rules, and what they do to the audit report, its exit code
// and enforce's plan.
import { describe, expect, it } from "vitest";
import { hasExpired } from "../../src/core/exceptions.js";
import { auditExitCode } from "../../src/core/exit-code.js";
import { planDefaults, planEnforce, planInstances } from "../../src/core/plan.js";
import { buildAuditReport, type ReportMeta } from "../../src/core/report.js";
import { type ConfigRules, resourceRules } from "../../src/core/resource-rules.js";
import { compileSelector, globRegExp, type Target } from "../../src/core/selector.js";
import type { InstanceRecord, RegionScan } from "../../src/core/types.js";
import type { ExceptionEntry, HopLimitRule } from "../../src/schemas/config.js";
import { problemsAgainst } from "../published-schemas.js";

const ACCOUNT = { id: "111122223333", arn: "arn:aws:iam::111122223333:user/audit" };
const NOW = new Date("2026-06-15T12:00:00Z");

const target = (over: Partial<Target> = {}): Target => ({
  account: ACCOUNT.id,
  region: "eu-west-1",
  kind: "instance",
  id: "i-0abc0000000000001",
  arn: "arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc0000000000001",
  name: "vendor-box",
  tags: { team: "legacy", "eks:nodegroup-name": "ng-1" },
  ...over,
});

function exception(match: ExceptionEntry["match"], expires = "2026-12-31", reason = "vendor appliance") {
  return { match, reason, owner: "platform@example.com", expires };
}

function rules(exceptions: ExceptionEntry[] = [], hopLimits: HopLimitRule[] = []): ConfigRules {
  return {
    exceptions: exceptions.map((value, i) => ({ value, where: `imds.config.yaml:${10 + i}` })),
    hopLimits: hopLimits.map((value, i) => ({ value, where: `imds.config.yaml:${30 + i}` })),
  };
}

const bound = (config: ConfigRules, maxHopLimit = 1, now = NOW) =>
  resourceRules(config, { account: ACCOUNT, now, maxHopLimit });

describe("selectors", () => {
  it("globs: * any run, ? one character, everything else literal", () => {
    expect(globRegExp("i-0abc*").test("i-0abc0000000000001")).toBe(true);
    expect(globRegExp("eu-?est-1").test("eu-west-1")).toBe(true);
    expect(globRegExp("lt-1.v2").test("lt-1:v2")).toBe(false);
    expect(globRegExp("eu-*").test("us-east-1")).toBe(false);
  });

  it("every key given must match; a list matches any item; the resource matches its id or ARN", () => {
    const covers = (s: Parameters<typeof compileSelector>[0], t = target()) => compileSelector(s).covers(t);
    expect(covers({ region: ["us-east-1", "eu-*"], kind: "instance" })).toBe(true);
    expect(covers({ region: "eu-west-1", kind: "launch-template" })).toBe(false);
    expect(covers({ resource: "arn:aws:ec2:*:111122223333:instance/i-0abc*" })).toBe(true);
    expect(covers({ tags: { team: "legacy", "eks:nodegroup-name": "*" } })).toBe(true);
    expect(covers({ tags: { team: "web" } })).toBe(false);
    expect(covers({ tags: { owner: "*" } })).toBe(false);
    expect(covers({ account: "9999*" })).toBe(false);
    expect(covers({ name: "vendor-*" }, target({ name: undefined }))).toBe(false);
  });

  it("a finding code is covered only when the selector names it, or names no code", () => {
    expect(compileSelector({ code: "imdsv1-allowed" }).coversCode("hop-limit-above-max")).toBe(false);
    expect(compileSelector({ region: "eu-west-1" }).coversCode("hop-limit-above-max")).toBe(true);
  });
});

describe("exceptions", () => {
  it("hold through their expiry day (UTC) and expire the day after", () => {
    expect(hasExpired("2026-06-15", new Date("2026-06-15T23:59:59Z"))).toBe(false);
    expect(hasExpired("2026-06-15", new Date("2026-06-16T00:00:00Z"))).toBe(true);
  });

  it("an active one excepts the findings it covers, an expired one none; each gets its verdict", () => {
    const book = bound(
      rules([
        exception({ resource: "i-0abc*" }),
        exception({ kind: "launch-template" }, "2026-01-31", "old templates"),
        exception({ resource: "i-0gone*" }),
        exception({ region: "ap-east-1" }),
      ]),
    ).exceptions;
    const fail = { severity: "fail" as const, code: "imdsv1-allowed", message: "allows IMDSv1" };
    const warn = { severity: "warn" as const, code: "hop-limit-above-max", message: "hop limit 3" };
    const { kept, excepted } = book.split(target(), [fail, warn]);
    expect(kept).toEqual([]);
    expect(excepted.map((f) => [f.code, f.exception.where])).toEqual([
      ["imdsv1-allowed", "imds.config.yaml:10"],
      ["hop-limit-above-max", "imds.config.yaml:10"],
    ]);
    // The expired one excepts nothing.
    expect(book.split(target({ kind: "launch-template", id: "lt-1:v1" }), [fail]).kept).toEqual([fail]);
    const verdicts = book.verdicts(ACCOUNT.id, ["eu-west-1", "us-east-1"]);
    expect(verdicts.map((v) => [v.where, v.status, v.severity, v.excepted])).toEqual([
      ["imds.config.yaml:10", "active", "pass", 2],
      ["imds.config.yaml:11", "expired", "fail", 0],
      ["imds.config.yaml:12", "stale", "warn", 0],
      ["imds.config.yaml:13", "out-of-scope", "pass", 0],
    ]);
    expect(verdicts[1]?.message).toBe(
      "exception imds.config.yaml:11 (owner platform@example.com) expired after 2026-01-31: renew it with a new date, or fix what it covered",
    );
  });
});

describe("hop-limit rules", () => {
  it("the first rule that matches decides; resources no rule matches get --max-hop-limit", () => {
    const hop = bound(
      rules(
        [],
        [
          { match: { tags: { "eks:nodegroup-name": "*" }, name: "cni-*" }, max: 3 },
          { match: { tags: { "eks:nodegroup-name": "*" } }, max: 2 },
        ],
      ),
    ).hop;
    expect(hop.limitFor(target({ name: "cni-node" }))).toEqual({ max: 3, where: "imds.config.yaml:30" });
    expect(hop.limitFor(target())).toEqual({ max: 2, where: "imds.config.yaml:31" });
    expect(hop.limitFor(target({ tags: {} }))).toEqual({ max: 1 });
  });
});

function inst(id: string, metadata: InstanceRecord["metadata"], tags: Record<string, string> = {}) {
  return { id, state: "running", tags, metadata } satisfies InstanceRecord;
}

const SCAN: RegionScan = {
  region: "eu-west-1",
  defaults: { httpTokens: "required", hopLimit: 2 },
  instances: [
    inst("i-0abc0000000000001", { httpTokens: "optional", hopLimit: 1 }, { Name: "vendor-box" }),
    inst("i-0000000000000000e", { httpTokens: "required", hopLimit: 2 }, { "eks:nodegroup-name": "ng" }),
    inst("i-0000000000000000f", { httpTokens: "required", hopLimit: 2 }),
  ],
  templates: [],
  images: [],
  errors: [],
};

function audit(config: ConfigRules, now = NOW) {
  const meta: ReportMeta = {
    version: "0.0.0",
    account: ACCOUNT,
    generatedAt: now,
    durationMs: 1,
    options: { maxHopLimit: 1, states: ["running"], failOn: "fail", config: "imds.config.yaml" },
    everyEnabledRegion: true,
  };
  return buildAuditReport([SCAN], meta, bound(config, 1, now));
}

describe("the audit report with a config", () => {
  const config = rules(
    [exception({ resource: "i-0abc*" }), exception({ resource: "i-0gone*" }, "2026-12-31", "decommissioned")],
    [{ match: { tags: { "eks:nodegroup-name": "*" } }, max: 2 }],
  );

  it("excepted findings are reported apart, counted, and set neither severity nor the exit code", () => {
    const report = audit(
      rules(
        [exception({ resource: "i-0abc*" })],
        config.hopLimits.map((h) => h.value),
      ),
    );
    const vendor = report.resources.find((r) => r.id === "i-0abc0000000000001");
    expect(vendor?.severity).toBe("pass");
    expect(vendor?.findings).toEqual([]);
    expect(vendor?.excepted?.map((f) => [f.code, f.severity, f.exception.owner])).toEqual([
      ["imdsv1-allowed", "fail", "platform@example.com"],
    ]);
    expect(report.regions[0]?.counts.excepted).toBe(1);
    // The EKS node's hop limit 2 is its rule's; the other instance's is above --max-hop-limit 1.
    const warned = report.resources.filter((r) => r.severity === "warn").map((r) => r.id);
    expect(warned).toEqual(["account-default", "i-0000000000000000f"]);
    expect(report.worst).toBe("warn");
    expect(auditExitCode(report, "fail")).toBe(0);
    expect(report.verdict.line).toBe(
      "WARN: findings in 1 of 1 region: 1 account default, 1 instance. 1 finding excepted by the config file.",
    );
    expect(problemsAgainst("audit-report.schema.json", report)).toEqual([]);
  });

  it("a stale exception warns; once an exception has expired, it fails and its findings count again", () => {
    const stale = audit(config);
    expect(stale.exceptions?.map((e) => e.status)).toEqual(["active", "stale"]);
    expect(auditExitCode(stale, "warn")).toBe(1);
    const later = audit(config, new Date("2027-01-01T00:00:00Z"));
    expect(later.exceptions?.map((e) => e.status)).toEqual(["expired", "expired"]);
    expect(later.resources.find((r) => r.id === "i-0abc0000000000001")?.severity).toBe("fail");
    expect(auditExitCode(later, "fail")).toBe(1);
    expect(later.verdict.line).toBe(
      "FAIL: IMDSv1 is allowed in 1 of 1 region: 1 instance, 2 expired exceptions.",
    );
    expect(problemsAgainst("audit-report.schema.json", later)).toEqual([]);
  });

  it("without a config the report has no exception fields at all", () => {
    const report = audit(rules());
    expect(report.exceptions).toBeUndefined();
    expect(report.regions[0]?.counts.excepted).toBeUndefined();
    expect(report.resources.some((r) => "excepted" in r)).toBe(false);
  });
});

describe("enforce's plan with a config", () => {
  it("leaves excepted resources alone and names the exception; --hop-limit policy lowers to each rule", () => {
    const ruleSet = bound(
      rules(
        [exception({ resource: "i-0abc*", code: "imdsv1-allowed" })],
        [{ match: { tags: { "eks:nodegroup-name": "*" } }, max: 2 }],
      ),
    );
    const p = planInstances("eu-west-1", SCAN.instances ?? [], {}, "policy", undefined, ruleSet);
    expect(p.changes.map((c) => [c.id, c.requested])).toEqual([["i-0000000000000000f", { hopLimit: 1 }]]);
    expect(p.skips).toEqual([
      {
        region: "eu-west-1",
        kind: "instance",
        id: "i-0abc0000000000001",
        reason:
          "excepted (imds.config.yaml:10, owner platform@example.com, until 2026-12-31: vendor appliance)",
        exception: {
          where: "imds.config.yaml:10",
          reason: "vendor appliance",
          owner: "platform@example.com",
          expires: "2026-12-31",
        },
      },
      {
        region: "eu-west-1",
        kind: "instance",
        id: "i-0000000000000000e",
        reason: "already requires IMDSv2",
      },
    ]);
  });

  it("an exception for one finding leaves the other change in place; an expired one leaves nothing alone", () => {
    const hopOnly = bound(rules([exception({ resource: "i-0abc*", code: "hop-limit-above-max" })]));
    const one = [inst("i-0abc0000000000001", { httpTokens: "optional", hopLimit: 3 })];
    expect(planInstances("eu-west-1", one, {}, 1, undefined, hopOnly).changes[0]?.requested).toEqual({
      httpTokens: "required",
    });
    const expired = bound(rules([exception({ resource: "i-0abc*" }, "2026-01-01")]));
    expect(planInstances("eu-west-1", one, {}, undefined, undefined, expired).changes).toHaveLength(1);
  });

  it("an exception for a region's account default leaves it alone", () => {
    const ruleSet = bound(rules([exception({ kind: "account-default", region: "eu-west-1" })]));
    expect(planDefaults("eu-west-1", {}, undefined, ruleSet)).toMatchObject({
      skip: { id: "account-default", exception: { where: "imds.config.yaml:10" } },
    });
    const plan = planEnforce([{ region: "us-east-1", defaults: {}, errors: [] }], {
      instances: false,
      filter: {},
      hop: undefined,
      rules: ruleSet,
    });
    expect(plan.changes).toHaveLength(1);
  });
});

describe("published schemas", () => {
  it("schema/config.schema.json accepts a full config and refuses an unknown key", () => {
    const config = {
      $schema: "https://imds.dev/schema/config-1.json",
      regions: ["eu-west-1"],
      exceptions: [exception({ resource: "i-0abc*", tags: { team: "legacy" } })],
      hopLimits: [{ match: { kind: ["instance", "launch-template"] }, max: 2, reason: "EKS" }],
    };
    expect(problemsAgainst("config.schema.json", config)).toEqual([]);
    expect(problemsAgainst("config.schema.json", { ...config, regoins: [] })).not.toEqual([]);
    expect(
      problemsAgainst("config.schema.json", { exceptions: [{ ...exception({}), match: {} }] }),
    ).not.toEqual([]);
  });
});
