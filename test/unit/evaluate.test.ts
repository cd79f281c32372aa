import { describe, expect, it } from "vitest";
import {
  evaluateDefaults,
  evaluateImage,
  evaluateInstance,
  evaluateTemplate,
} from "../../src/core/evaluate.js";
import { invocationOf } from "../../src/core/next-command.js";
import { buildAuditReport, evaluateRegion, InstanceTally, type ReportMeta } from "../../src/core/report.js";
import type { ImageLookup, InstanceRecord, RegionScan, TemplateVersionRecord } from "../../src/core/types.js";
import { nameCell } from "../../src/render/audit-cells.js";

const opts = { maxHopLimit: 2 };

function instance(metadata: InstanceRecord["metadata"], state = "running"): InstanceRecord {
  return { id: "i-1", state, tags: {}, metadata };
}

function template(metadata?: TemplateVersionRecord["metadata"], imageId?: string): TemplateVersionRecord {
  return {
    templateId: "lt-1",
    templateName: "web",
    version: 3,
    isDefault: true,
    isLatest: true,
    ...(imageId ? { imageId } : {}),
    ...(metadata ? { metadata } : {}),
  };
}

describe("account defaults", () => {
  it("fails when nothing is set: AWS's own default allows IMDSv1", () => {
    const r = evaluateDefaults("eu-west-1", {}, opts);
    expect(r.severity).toBe("fail");
    expect(r.findings.map((f) => f.code)).toEqual(["no-account-default"]);
  });
  it("fails on optional and names the organization policy that manages it", () => {
    const r = evaluateDefaults(
      "eu-west-1",
      {
        httpTokens: "optional",
        managedBy: "declarative-policy",
        managedExceptionMessage: "Ask the cloud team",
      },
      opts,
    );
    expect(r.severity).toBe("fail");
    expect(r.findings[0]?.message).toContain("Ask the cloud team");
  });
  it("passes on required, warns above the hop limit", () => {
    expect(evaluateDefaults("r", { httpTokens: "required", hopLimit: 2 }, opts).severity).toBe("pass");
    const r = evaluateDefaults("r", { httpTokens: "required", hopLimit: 3 }, opts);
    expect(r.severity).toBe("warn");
    expect(r.findings[0]?.code).toBe("hop-limit-above-max");
  });
  it("passes when new instances get no metadata endpoint at all", () => {
    expect(evaluateDefaults("r", { httpEndpoint: "disabled" }, opts).severity).toBe("pass");
  });
  it("never says new instances allow IMDSv1 where HttpTokensEnforced is enabled", () => {
    const enforced = evaluateDefaults("r", { httpTokens: "required", httpTokensEnforced: "enabled" }, opts);
    expect(enforced.severity).toBe("pass");
    for (const d of [
      { httpTokensEnforced: "enabled" as const },
      { httpTokens: "optional" as const, httpTokensEnforced: "enabled" as const },
    ]) {
      const r = evaluateDefaults("r", d, opts);
      expect(r.severity).toBe("warn");
      expect(r.findings.map((f) => f.code)).toEqual(["enforced-without-default"]);
      expect(r.findings[0]?.message).toMatch(/launches that do not ask for IMDSv2 fail/);
    }
  });
});

describe("instances", () => {
  it("name the launch path they came from, from the tags AWS put on them", () => {
    const tagged = (tags: Record<string, string>) =>
      evaluateInstance("r", { ...instance({ httpTokens: "optional" }), name: "api-1", tags }, opts);
    const fromGroup = tagged({
      "aws:autoscaling:groupName": "web",
      "aws:ec2launchtemplate:id": "lt-0abc",
      "aws:ec2launchtemplate:version": "3",
    });
    expect(fromGroup.settings).toMatchObject({ autoScalingGroup: "web", launchTemplate: "lt-0abc:v3" });
    expect(nameCell(fromGroup)).toBe("api-1 [group web]");
    const fromTemplate = tagged({
      "aws:ec2launchtemplate:id": "lt-0abc",
      "aws:ec2launchtemplate:version": "3",
    });
    expect(nameCell(fromTemplate)).toBe("api-1 [lt-0abc:v3]");
    expect(nameCell(tagged({ team: "web" }))).toBe("api-1");
  });
  it("fails when tokens are optional, including stopped instances", () => {
    const r = evaluateInstance(
      "r",
      instance({ httpTokens: "optional", httpEndpoint: "enabled" }, "stopped"),
      opts,
    );
    expect(r.severity).toBe("fail");
    expect(r.settings.state).toBe("stopped");
  });
  it("passes with the endpoint disabled, whatever the tokens say", () => {
    const r = evaluateInstance(
      "r",
      instance({ httpTokens: "optional", httpEndpoint: "disabled", hopLimit: 9 }),
      opts,
    );
    expect(r.severity).toBe("pass");
    expect(r.findings).toEqual([]);
  });
  it("warns on a hop limit above --max-hop-limit, and respects a higher maximum", () => {
    const i = instance({ httpTokens: "required", httpEndpoint: "enabled", hopLimit: 3 });
    expect(evaluateInstance("r", i, opts).severity).toBe("warn");
    expect(evaluateInstance("r", i, { maxHopLimit: 3 }).severity).toBe("pass");
  });
  it("keeps the pending/applied state of a change in progress", () => {
    const r = evaluateInstance("r", instance({ httpTokens: "required", state: "pending" }), opts);
    expect(r.settings.metadataState).toBe("pending");
  });
});

describe("launch templates: judged by what their launches get, with where it comes from", () => {
  const images = new Map<string, ImageLookup>([
    ["ami-al2023", { visible: true, imdsSupport: "v2.0" }],
    ["ami-al2", { visible: true }],
    ["ami-gone", { visible: false, reason: "InvalidAMIID.NotFound" }],
  ]);
  const none = { ...opts, defaults: {}, images };
  const judge = (t: TemplateVersionRecord, ctx: Partial<typeof none> = {}) =>
    evaluateTemplate("r", t, { ...none, ...ctx });
  const effective = (t: TemplateVersionRecord, ctx: Partial<typeof none> = {}) => {
    const { effectiveHttpTokens, effectiveSource } = judge(t, ctx).settings;
    return `${effectiveHttpTokens} (${effectiveSource})`;
  };

  it("fails when a version sets optional", () => {
    expect(judge(template({ httpTokens: "optional" })).severity).toBe("fail");
    expect(effective(template({ httpTokens: "optional" }))).toBe("optional (set in the template)");
  });
  it("fails when it sets nothing, nor does the account, and its AMI has no ImdsSupport v2.0", () => {
    const r = judge(template(undefined, "ami-al2"));
    expect(r.severity).toBe("fail");
    expect(r.id).toBe("lt-1:v3");
    expect(r.name).toBe("web v3 ($Default, $Latest)");
    expect(r.findings[0]?.message).toBe(
      "HttpTokens optional (AWS default: AMI ami-al2 has no ImdsSupport v2.0): launches allow IMDSv1",
    );
  });
  it("fails when it inherits an optional account default, even from an ImdsSupport v2.0 AMI", () => {
    const r = judge(template(undefined, "ami-al2023"), { defaults: { httpTokens: "optional" } });
    expect(r.severity).toBe("fail");
    expect(effective(template(undefined, "ami-al2023"), { defaults: { httpTokens: "optional" } })).toBe(
      "optional (account default)",
    );
  });
  it("warns when it sets nothing and relies on a required account default", () => {
    const r = judge(template(), { defaults: { httpTokens: "required" } });
    expect(r.severity).toBe("warn");
    expect(r.findings[0]?.code).toBe("template-inherits");
  });
  it("passes when it sets nothing but its AMI (any owner) requires IMDSv2: ImdsSupport cannot be undone", () => {
    const r = judge(template(undefined, "ami-al2023"));
    expect(r.severity).toBe("pass");
    expect(r.findings).toEqual([]);
    expect(effective(template(undefined, "ami-al2023"))).toBe(
      "required (from AMI ami-al2023, ImdsSupport v2.0)",
    );
  });
  it("is unknown, never a guess, when the AMI cannot be seen or is named at launch", () => {
    const gone = judge(template(undefined, "ami-gone"));
    expect(gone.severity).toBe("warn");
    expect(gone.findings[0]?.code).toBe("effective-unknown");
    expect(effective(template(undefined, "ami-gone"))).toBe(
      "unknown (AMI not visible: ami-gone, InvalidAMIID.NotFound)",
    );
    const ssm = "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";
    expect(effective(template(undefined, ssm))).toMatch(/^unknown \(AMI not visible: resolve:ssm:/);
    expect(effective(template())).toBe("unknown (no AMI in the template: the launch names it)");
    expect(effective(template(undefined, "ami-al2"), { defaults: undefined })).toBe(
      "unknown (the account default could not be read)",
    );
  });
  it("where HttpTokensEnforced is enabled, a version that would allow IMDSv1 makes launches fail: a warning", () => {
    const enforced = { defaults: { httpTokensEnforced: "enabled" } };
    const r = judge(template({ httpTokens: "optional" }), enforced);
    expect(r.severity).toBe("warn");
    expect(r.findings[0]?.code).toBe("launch-fails-enforced");
    expect(judge(template(undefined, "ami-al2023"), enforced).severity).toBe("pass");
  });
  it("passes when it requires tokens, or when launches get no metadata endpoint at all", () => {
    expect(judge(template({ httpTokens: "required", hopLimit: 2 })).severity).toBe("pass");
    expect(judge(template(undefined, "ami-al2"), { defaults: { httpEndpoint: "disabled" } }).severity).toBe(
      "pass",
    );
  });
});

describe("regions", () => {
  const scan: RegionScan = {
    region: "eu-west-1",
    defaults: { httpTokens: "required", hopLimit: 2 },
    instances: [
      instance({ httpTokens: "required", httpEndpoint: "enabled", hopLimit: 2 }),
      { ...instance({ httpTokens: "optional", httpEndpoint: "enabled" }), id: "i-2" },
      { ...instance({ httpTokens: "optional", httpEndpoint: "disabled" }), id: "i-3" },
      { ...instance({ httpTokens: "required", httpEndpoint: "enabled", hopLimit: 5 }), id: "i-4" },
    ],
    templates: [
      template({ httpTokens: "optional" }),
      { ...template(), templateId: "lt-2", templateName: "db" },
    ],
    images: [{ id: "ami-1", imdsSupport: "v2.0" }, { id: "ami-2" }],
    errors: [],
  };

  it("counts every kind of instance once", () => {
    const { report } = evaluateRegion(scan, opts);
    expect(report.counts).toEqual({
      instances: 4,
      v2Required: 2,
      v1Allowed: 1,
      imdsOff: 1,
      hopAboveMax: 1,
      templates: 2,
      templatesFailing: 1,
      groups: 0,
      groupsFailing: 0,
      launchConfigurations: 0,
      images: 2,
      imagesV2: 1,
    });
    expect(report.status).toBe("fail");
    expect(report.complete).toBe(true);
  });

  it("marks a region with any unread part incomplete, whatever else it found", () => {
    const partial: RegionScan = {
      region: "us-east-1",
      defaults: { httpTokens: "required" },
      errors: [
        {
          part: "instances",
          kind: "permission",
          action: "ec2:DescribeInstances",
          code: "UnauthorizedOperation",
          message: "denied",
          hint: "grant it",
        },
      ],
    };
    const report = buildAuditReport([scan, partial], {
      version: "0.0.0",
      account: { id: "123456789012" },
      generatedAt: new Date("2026-11-22T10:00:00Z"),
      durationMs: 5,
      options: { maxHopLimit: 2, states: ["running"], failOn: "fail" },
      everyEnabledRegion: false,
    });
    expect(report.complete).toBe(false);
    expect(report.regions[1]?.status).toBe("incomplete");
    expect(report.verdict.status).toBe("incomplete");
    expect(report.verdict.line).toContain("us-east-1: ec2:DescribeInstances UnauthorizedOperation");
  });

  const meta = (everyEnabledRegion: boolean): ReportMeta => ({
    version: "0.0.0",
    account: { id: "123456789012" },
    generatedAt: new Date(),
    durationMs: 1,
    options: { maxHopLimit: 2, states: ["running"], failOn: "fail" },
    everyEnabledRegion,
  });

  it("suggests enforce only for regions the account may change", () => {
    const open: RegionScan = { region: "us-east-2", defaults: {}, errors: [] };
    const locked: RegionScan = {
      region: "eu-central-1",
      defaults: { managedBy: "declarative-policy", managedExceptionMessage: "Owned by the org" },
      errors: [],
    };
    const report = buildAuditReport([scan, open, locked], meta(false));
    expect(report.verdict.status).toBe("findings");
    expect(report.verdict.nextCommand).toBe("imds enforce --regions us-east-2");
    expect(report.verdict.line).toContain("eu-central-1: managed by an organization policy");
    expect(report.regions[2]?.locked).toBe(true);
    // Enforce skips compliant and locked regions itself: an all-region audit needs no list.
    const all = buildAuditReport([scan, open, locked], meta(true));
    expect(all.verdict.nextCommand).toBe("imds enforce");
  });

  it("the suggested enforce repeats the run's --profile, --region and --endpoint-url", () => {
    const open: RegionScan = { region: "us-east-2", defaults: {}, errors: [] };
    const report = buildAuditReport([scan, open], {
      ...meta(false),
      invocation: invocationOf({
        profile: "prod admin",
        region: "eu-west-1",
        recordedEndpoint: "http://127.0.0.1:4566",
      }),
    });
    expect(report.verdict.nextCommand).toBe(
      "imds enforce --regions us-east-2 --profile 'prod admin' --region eu-west-1 --endpoint-url http://127.0.0.1:4566",
    );
  });

  it("gives the same row and resources whether instances come page by page or all at once", () => {
    const tally = new InstanceTally(scan.region, opts);
    const instances = scan.instances ?? [];
    tally.add(instances.slice(0, 2));
    tally.add(instances.slice(2));
    const paged = evaluateRegion({ ...scan, instances: undefined }, opts, tally);
    expect(paged).toEqual(evaluateRegion(scan, opts));
  });

  it("images are listed but never fail on their own", () => {
    expect(evaluateImage("r", { id: "ami-9" }).severity).toBe("pass");
  });
});
