// The SCP generator: statement selection, break-glass exceptions, AWS's size limit, the split.
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { LIMITS, minifiedSize } from "../../src/policy/document.js";
import { buildScp } from "../../src/policy/scp.js";
import {
  DEFAULT_SCP_STATEMENTS,
  SCP_STATEMENTS,
  type ScpOptions,
  scpStatements,
} from "../../src/policy/scp-statements.js";

const base: ScpOptions = {
  statements: DEFAULT_SCP_STATEMENTS,
  maxHopLimit: 2,
  breakGlassArns: [],
  partition: "aws",
};
/** `n` distinct role ARNs of 56 characters each. */
const arns = (n: number) =>
  Array.from(
    { length: n },
    (_, i) => `arn:aws:iam::123456789012:role/break-glass-${String(i).padStart(4, "0")}`,
  );
const sids = (o: ScpOptions) => scpStatements(o).map((s) => s.Sid);

describe("statements", () => {
  it("default: every statement but role-delivery, in catalog order", () => {
    expect(DEFAULT_SCP_STATEMENTS).not.toContain("role-delivery");
    expect(sids(base)).toEqual([
      "ImdsRequireV2AtLaunch",
      "ImdsMaxHopLimitAtLaunch",
      "ImdsNoDowngradeToV1",
      "ImdsLockAccountDefaults",
      "ImdsAsgPinnedTemplateVersion",
      "ImdsAsgLaunchConfigurationV2",
    ]);
  });

  it("only the ones named, in catalog order whatever the order given", () => {
    expect(sids({ ...base, statements: ["role-delivery", "require-v2"] })).toEqual([
      "ImdsRequireV2AtLaunch",
      "ImdsDenyV1RoleCredentials",
    ]);
  });

  it("the hop limit and the partition are the ones asked for", () => {
    const [hop] = scpStatements({
      ...base,
      statements: ["hop-limit"],
      maxHopLimit: 3,
      partition: "aws-us-gov",
    });
    expect(hop?.Condition).toEqual({ NumericGreaterThan: { "ec2:MetadataHttpPutResponseHopLimit": "3" } });
    expect(hop?.Resource).toBe("arn:aws-us-gov:ec2:*:*:instance/*");
  });

  it("break-glass principals are exempt from lock-defaults and no-downgrade only", () => {
    const glass = ["arn:aws:iam::123456789012:role/break-glass"];
    const statements = scpStatements({ ...base, statements: SCP_STATEMENTS, breakGlassArns: glass });
    const exempt = statements.filter((s) => JSON.stringify(s.Condition ?? {}).includes("aws:PrincipalArn"));
    expect(exempt.map((s) => s.Sid)).toEqual(["ImdsNoDowngradeToV1", "ImdsLockAccountDefaults"]);
    for (const s of exempt) expect(s.Condition?.ArnNotLike).toEqual({ "aws:PrincipalArn": glass });
    // Without break-glass principals, the defaults are locked for everyone: no condition at all.
    const [lock] = scpStatements({ ...base, statements: ["lock-defaults"] });
    expect(lock?.Condition).toBeUndefined();
  });

  it("no-downgrade keeps calls that do not set HttpTokens working (the Null guard)", () => {
    const [s] = scpStatements({ ...base, statements: ["no-downgrade"] });
    expect(s?.Condition).toEqual({
      StringNotEquals: { "ec2:Attribute/HttpTokens": "required" },
      Null: { "ec2:Attribute/HttpTokens": "false" },
    });
  });
});

describe("AWS's 5,120-character limit", () => {
  it("the default SCP fits in one policy, and its size is the minified one", () => {
    const { documents, sizes } = buildScp(base, false);
    expect(documents).toHaveLength(1);
    expect(sizes[0]).toBe(JSON.stringify(documents[0]).length);
    expect(sizes[0]).toBeLessThan(LIMITS.scp);
  });

  it("over it: refused in one line that says how much, unless --split", () => {
    const over = { ...base, breakGlassArns: arns(40) }; // two statements carry 40 ARNs each
    expect(() => buildScp(over, false)).toThrow(UsageError);
    expect(() => buildScp(over, false)).toThrow(
      /^the SCP is [\d,]+ characters minified, over AWS's limit of 5,120: pass --split to get 2 policies/,
    );
  });

  it("--split: every statement, in order, in policies that each fit", () => {
    const over = { ...base, breakGlassArns: arns(40) };
    const { documents, sizes } = buildScp(over, true);
    expect(documents.length).toBe(2);
    expect(documents.flatMap((d) => d.Statement)).toEqual(scpStatements(over));
    for (const [i, d] of documents.entries()) {
      expect(sizes[i]).toBe(minifiedSize(d));
      expect(sizes[i]).toBeLessThanOrEqual(LIMITS.scp);
    }
  });

  it("a statement too big on its own is refused, split or not, naming it", () => {
    const huge = { ...base, statements: ["lock-defaults" as const], breakGlassArns: arns(100) };
    expect(() => buildScp(huge, true)).toThrow(
      /^statement ImdsLockAccountDefaults alone is [\d,]+ characters/,
    );
  });

  it("no statement at all is refused", () => {
    expect(() => buildScp({ ...base, statements: [] }, false)).toThrow(/choose at least one/);
  });
});
