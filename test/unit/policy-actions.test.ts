// The actions table against the code: every SDK operation src/aws can call is in the table, and
// every action the table gives a released command is one src/aws calls. (The simulator's request
// log proves the per-command split: test/e2e/policy.test.ts.)
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ACTIONS, PLANNED_USES, USES } from "../../src/policy/actions.js";
import { iamActions, iamPolicy, usesOf } from "../../src/policy/iam.js";

const AWS_DIR = resolve(import.meta.dirname, "../../src/aws");
/** The SDK client packages imds uses, by IAM service prefix. */
const CLIENTS: Record<string, string> = {
  ec2: "ec2",
  sts: "sts",
  cloudwatch: "cloudwatch",
  "auto-scaling": "autoscaling",
  organizations: "organizations",
  securityhub: "securityhub",
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** `prefix:Operation` for each command class and paginator imported (as a value) from an SDK client. */
function sdkOperations(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/import\s*\{([^}]*)\}\s*from\s*"@aws-sdk\/client-([a-z0-9-]+)"/g)) {
    const prefix = CLIENTS[m[2] ?? ""];
    if (!prefix) continue;
    for (const raw of (m[1] ?? "").split(",")) {
      const name = raw.trim();
      if (name.startsWith("type ")) continue;
      const op = /^(\w+)Command$/.exec(name)?.[1] ?? /^paginate(\w+)$/.exec(name)?.[1];
      if (op) out.push(`${prefix}:${op}`);
    }
  }
  return out;
}

describe("the actions table and the code", () => {
  const called = new Set(sourceFiles(AWS_DIR).flatMap((f) => sdkOperations(readFileSync(f, "utf8"))));
  const released = ACTIONS.filter((a) => a.uses.some((u) => !PLANNED_USES.includes(u))).map((a) => a.action);

  it("every operation src/aws imports is in the table", () => {
    expect(called.size).toBeGreaterThanOrEqual(8);
    expect([...called].filter((op) => !released.includes(op))).toEqual([]);
  });

  it("every released action in the table is one src/aws calls", () => {
    expect(released.filter((a) => !called.has(a))).toEqual([]);
  });

  it("planned actions belong to planned uses only", () => {
    for (const a of ACTIONS.filter((x) => !released.includes(x.action))) {
      expect(
        a.uses.every((u) => PLANNED_USES.includes(u)),
        a.action,
      ).toBe(true);
    }
  });

  it("finds operations the way the code imports them", () => {
    expect(
      sdkOperations(
        'import {\n  type EC2Client,\n  DescribeRegionsCommand,\n  paginateDescribeImages,\n} from "@aws-sdk/client-ec2";\nimport { GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";',
      ),
    ).toEqual(["ec2:DescribeRegions", "ec2:DescribeImages", "cloudwatch:GetMetricData"]);
  });
});

describe("the IAM policy", () => {
  it("--for all is every use; a list is its union, each action once", () => {
    expect(usesOf(["all"])).toEqual([...USES]);
    expect(usesOf(["watch", "audit"])).toEqual(["audit", "watch"]);
    const union = iamActions(usesOf(["audit", "watch"]));
    expect(new Set(union).size).toBe(union.length);
    expect(union).toContain("cloudwatch:GetMetricData");
    expect(union).toContain("ec2:DescribeImages");
  });

  it("audit reads only; enforce writes; org assumes only the named role", () => {
    const audit = iamPolicy({ for: ["audit"], roleName: "R", partition: "aws" });
    expect(audit.Statement.map((s) => s.Sid)).toEqual(["ImdsRead"]);
    const enforce = iamPolicy({ for: ["enforce"], roleName: "R", partition: "aws" });
    expect(enforce.Statement.find((s) => s.Sid === "ImdsWrite")?.Action).toEqual([
      "ec2:ModifyInstanceMetadataDefaults",
      "ec2:ModifyInstanceMetadataOptions",
    ]);
    const org = iamPolicy({ for: ["org"], roleName: "imds-audit", partition: "aws-cn" });
    expect(org.Statement.find((s) => s.Sid === "ImdsAssumeMemberRole")).toEqual({
      Sid: "ImdsAssumeMemberRole",
      Effect: "Allow",
      Action: ["sts:AssumeRole"],
      Resource: "arn:aws-cn:iam::*:role/imds-audit",
    });
  });
});
