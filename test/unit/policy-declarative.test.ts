// The declarative policy (EC2): its fixed shape, and the policy syntax's spelling of no-preference.
import { describe, expect, it } from "vitest";
import {
  DEFAULT_EXCEPTION_MESSAGE,
  declarativePolicy,
  declarativeValue,
} from "../../src/policy/declarative.js";

/** Every leaf of the document must be { "@@assign": string } under ec2_attributes. */
function assignedValues(doc: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (node: unknown, path: string) => {
    const entries = Object.entries(node as Record<string, unknown>);
    if (entries.length === 1 && entries[0]?.[0] === "@@assign") {
      expect(typeof entries[0][1], path).toBe("string");
      out[path] = entries[0][1] as string;
      return;
    }
    for (const [k, v] of entries) walk(v, path ? `${path}.${k}` : k);
  };
  walk(doc, "");
  return out;
}

describe("imds policy declarative", () => {
  it("requires IMDSv2, sets the hop limit, enforcement and the exception message", () => {
    const doc = JSON.parse(JSON.stringify(declarativePolicy({ hopLimit: 2, tokensEnforced: "enabled" })));
    expect(assignedValues(doc)).toEqual({
      "ec2_attributes.instance_metadata_defaults.http_tokens": "required",
      "ec2_attributes.instance_metadata_defaults.http_put_response_hop_limit": "2",
      "ec2_attributes.instance_metadata_defaults.http_tokens_enforced": "enabled",
      "ec2_attributes.exception_message": DEFAULT_EXCEPTION_MESSAGE,
    });
  });

  it("no-preference is spelled no_preference, and the hop limit's is -1", () => {
    expect(declarativeValue("no-preference")).toBe("no_preference");
    const values = assignedValues(
      declarativePolicy({
        hopLimit: "no-preference",
        tokensEnforced: "no-preference",
        exceptionMessage: "ask ops",
      }),
    );
    expect(values["ec2_attributes.instance_metadata_defaults.http_put_response_hop_limit"]).toBe("-1");
    expect(values["ec2_attributes.instance_metadata_defaults.http_tokens_enforced"]).toBe("no_preference");
    expect(values["ec2_attributes.exception_message"]).toBe("ask ops");
    expect(JSON.stringify(values)).not.toContain("no-preference");
  });

  it("refuses a document over AWS's 10,000-character limit", () => {
    expect(() =>
      declarativePolicy({ hopLimit: 1, tokensEnforced: "enabled", exceptionMessage: "x".repeat(10_000) }),
    ).toThrow(/^the declarative policy is [\d,]+ characters minified, over AWS's limit of 10,000: shorten/);
  });
});
