// The OCSF check itself: the class schema is derived from OCSF's own compiled 1.6.0 schema (the
// vendored file is the one test/schemas/README.md names, by sha256), and it rejects broken events.

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { joined } from "../../src/render/index.js";
import { auditOcsf } from "../../src/render/ocsf.js";
import { sampleReport } from "./fixtures.js";
import { ocsfClassSchema, ocsfProblems } from "./format-validators.js";

const SCHEMAS = resolve(import.meta.dirname, "../schemas");
type Event = Record<string, unknown> & {
  cloud: { account: Record<string, unknown> };
  compliance: Record<string, unknown>;
};

function firstEvent(): Event {
  const [line] = joined(auditOcsf(sampleReport())).split("\n");
  return JSON.parse(line ?? "") as Event;
}

describe("the OCSF schema", () => {
  it("is the vendored compile of OCSF 1.6.0 that test/schemas/README.md names", () => {
    const bytes = readFileSync(resolve(SCHEMAS, "ocsf-schema-1.6.0.json"));
    const sha = createHash("sha256").update(bytes).digest("hex");
    expect(readFileSync(resolve(SCHEMAS, "README.md"), "utf8")).toContain(sha);
    expect((JSON.parse(bytes.toString("utf8")) as { version: string }).version).toBe("1.6.0");
  });

  it("is Compliance Finding (2003) with the class's required attributes", () => {
    const props = ocsfClassSchema.properties as Record<string, Record<string, unknown>>;
    expect(ocsfClassSchema.$id).toBe("https://schema.ocsf.io/schema/classes/compliance_finding");
    expect(props.class_uid).toMatchObject({ const: 2003, type: "integer" });
    expect(ocsfClassSchema.required).toEqual([
      "activity_id",
      "category_uid",
      "class_uid",
      "cloud",
      "compliance",
      "finding_info",
      "metadata",
      "severity_id",
      "time",
      "type_uid",
    ]);
  });
});

describe("a broken event fails the check", () => {
  it("a sample event passes, so the failures below are the breakage", () => {
    expect(ocsfProblems(firstEvent())).toEqual([]);
  });

  it("one required attribute removed", () => {
    const { compliance: _, ...broken } = firstEvent();
    expect(ocsfProblems(broken)).toEqual([" must have required property 'compliance'"]);
  });

  it("one enum value wrong", () => {
    const e = firstEvent();
    const broken = { ...e, compliance: { ...e.compliance, status_id: 7 } };
    expect(ocsfProblems(broken)).toEqual([
      "/compliance/status_id must be equal to one of the allowed values",
    ]);
  });

  it("an account with neither name nor uid (OCSF's at_least_one constraint)", () => {
    const e = firstEvent();
    const broken = { ...e, cloud: { ...e.cloud, account: { type_id: 10 } } };
    expect(ocsfProblems(broken)).toContain("/cloud/account must match a schema in anyOf");
  });

  it("an attribute of a profile the event does not declare (security_control's risk_score)", () => {
    expect(ocsfProblems({ ...firstEvent(), risk_score: 5 })).toEqual([
      " must NOT have additional properties",
    ]);
  });
});
