import { describe, expect, it } from "vitest";
import {
  evaluateDefaults,
  evaluateImage,
  evaluateInstance,
  evaluateTemplate,
} from "../../src/core/evaluate.js";
import { buildAuditReport, evaluateRegion, InstanceTally } from "../../src/core/report.js";
import type { InstanceRecord, RegionScan, TemplateVersionRecord } from "../../src/core/types.js";

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
});

describe("instances", () => {
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

describe("launch templates", () => {
  const none = { ...opts, defaults: {}, v2Images: new Set<string>() };
  it("fails when a version sets optional", () => {
    expect(evaluateTemplate("r", template({ httpTokens: "optional" }), none).severity).toBe("fail");
  });
  it("fails when it sets nothing and would inherit IMDSv1", () => {
    const r = evaluateTemplate("r", template(), none);
    expect(r.severity).toBe("fail");
    expect(r.id).toBe("lt-1:v3");
    expect(r.name).toBe("web v3 ($Default, $Latest)");
  });
  it("warns when it sets nothing and relies on a required account default", () => {
    const r = evaluateTemplate("r", template(), { ...none, defaults: { httpTokens: "required" } });
    expect(r.severity).toBe("warn");
    expect(r.findings[0]?.code).toBe("template-inherits");
  });
  it("warns when it sets nothing but its AMI requires IMDSv2", () => {
    const r = evaluateTemplate("r", template(undefined, "ami-2"), { ...none, v2Images: new Set(["ami-2"]) });
    expect(r.severity).toBe("warn");
    expect(r.findings[0]?.message).toContain("ami-2");
  });
  it("passes when it requires tokens", () => {
    expect(evaluateTemplate("r", template({ httpTokens: "required", hopLimit: 2 }), none).severity).toBe(
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

  it("suggests enforce only for regions the account may change", () => {
    const open: RegionScan = { region: "us-east-2", defaults: {}, errors: [] };
    const locked: RegionScan = {
      region: "eu-central-1",
      defaults: { managedBy: "declarative-policy", managedExceptionMessage: "Owned by the org" },
      errors: [],
    };
    const report = buildAuditReport([scan, open, locked], {
      version: "0.0.0",
      account: { id: "123456789012" },
      generatedAt: new Date(),
      durationMs: 1,
      options: { maxHopLimit: 2, states: ["running"], failOn: "fail" },
      everyEnabledRegion: false,
    });
    expect(report.verdict.status).toBe("findings");
    expect(report.verdict.nextCommand).toBe("imds enforce --regions us-east-2");
    expect(report.verdict.line).toContain("eu-central-1: managed by an organization policy");
    expect(report.regions[2]?.locked).toBe(true);
    // Enforce skips compliant and locked regions itself: an all-region audit needs no list.
    const all = buildAuditReport([scan, open, locked], {
      version: "0.0.0",
      account: { id: "123456789012" },
      generatedAt: new Date(),
      durationMs: 1,
      options: { maxHopLimit: 2, states: ["running"], failOn: "fail" },
      everyEnabledRegion: true,
    });
    expect(all.verdict.nextCommand).toBe("imds enforce");
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
