// Each finding format checked against its own published schema, vendored in test/schemas/ with its
// source named there and in the README:
//   sarif-2.1.0.json      the SARIF 2.1.0 JSON schema (OASIS), as Microsoft's sarif-sdk ships it in
//                         the npm package @microsoft/sarif-multitool-linux 5.7.0
//   ocsf-schema-1.6.0.json  OCSF 1.6.0 (github.com/ocsf/ocsf-schema, tag 1.6.0) compiled by OCSF's own
//                         compiler (github.com/ocsf/ocsf-schema-compiler, the one the OCSF server loads
//                         from), checked against that repository's committed 1.6.0 baseline (commands,
//                         commits and sha256 in test/schemas/README.md); the JSON Schema of Compliance
//                         Finding (class 2003) with the cloud profile is derived from it by a port of the
//                         OCSF server's own JSON Schema export (ocsf-json-schema.ts)
//   junit-10.xsd          the JUnit XSD of Jenkins' xunit plugin (jenkinsci/xunit-plugin)
//   ASFF: botocore's Security Hub service model (AwsSecurityFinding), AWS's published API model,
//         through botocore's own parameter validator (the aws CLI v1 is installed here).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Ajv } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import { validateXML } from "xmllint-wasm";
import { classJsonSchema, type OcsfSchema } from "./ocsf-json-schema.js";

const SCHEMAS = resolve(import.meta.dirname, "../schemas");
const schema = (name: string) => JSON.parse(readFileSync(resolve(SCHEMAS, name), "utf8"));

const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
const sarif = ajv.compile(schema("sarif-2.1.0.json"));
/** OCSF 1.6.0 Compliance Finding with the cloud profile, as the OCSF server exports its JSON Schema. */
export const ocsfClassSchema = classJsonSchema(
  schema("ocsf-schema-1.6.0.json") as OcsfSchema,
  "compliance_finding",
  ["cloud"],
);
// Draft-07, as the server writes it.
const ocsf = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(ocsfClassSchema);

function ajvProblems(validate: typeof sarif | typeof ocsf, value: unknown): string[] {
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

export function sarifProblems(log: unknown): string[] {
  return ajvProblems(sarif, log);
}

export function ocsfProblems(event: unknown): string[] {
  return ajvProblems(ocsf, event);
}

const BOTOCORE_CHECK = `
import json, sys, botocore.session
from botocore.validate import ParamValidator
model = botocore.session.get_session().get_service_model("securityhub")
shape = model.operation_model("BatchImportFindings").input_shape
print(ParamValidator().validate({"Findings": json.load(sys.stdin)}, shape).generate_report())
`;

/** What botocore's validator says of a BatchImportFindings call with these findings ("" when valid). */
export function asffProblems(findings: unknown[]): string {
  const run = spawnSync("python3", ["-c", BOTOCORE_CHECK], {
    input: JSON.stringify(findings),
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`botocore check failed to run: ${run.stderr}`);
  return run.stdout.trim();
}

const JUNIT_XSD = readFileSync(resolve(SCHEMAS, "junit-10.xsd"), "utf8");

export async function junitProblems(xml: string): Promise<string[]> {
  const result = await validateXML({ xml: [{ fileName: "report.xml", contents: xml }], schema: [JUNIT_XSD] });
  return result.valid ? [] : result.errors.map((e) => e.rawMessage);
}
