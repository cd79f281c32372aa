// The JSON Schemas imds publishes in schema/, generated from the valibot schemas (draft 2020-12).
// Build time only: the build writes them (scripts/json-schemas.mjs) and a test checks the committed
// files equal what this makes. Nothing in the CLI imports this module.
import { type ConversionConfig, toJsonSchema } from "@valibot/to-json-schema";
import type * as v from "valibot";
import { journalRecordSchema } from "../journal/records.js";
import { scenarioSchema } from "../sim/scenario/scenario-schema.js";
import { auditReportDefinitions, auditReportSchema } from "./audit-report.js";
import { changeReportDefinitions, changeReportSchema } from "./change-report.js";
import { configDefinitions, configSchema } from "./config.js";
import { orgAuditReportDefinitions, orgAuditReportSchema } from "./org-audit-report.js";
import { watchReportDefinitions, watchReportSchema } from "./watch-report.js";

interface Published {
  /** File name in schema/. */
  file: string;
  $id: string;
  schema: v.GenericSchema;
  definitions?: Record<string, v.GenericSchema>;
}

const BASE = "https://imds.dev/schema/";

const PUBLISHED: readonly Published[] = [
  {
    file: "audit-report.schema.json",
    $id: `${BASE}audit-report-1.json`,
    schema: auditReportSchema,
    definitions: auditReportDefinitions,
  },
  {
    file: "org-audit-report.schema.json",
    $id: `${BASE}org-audit-report-2.json`,
    schema: orgAuditReportSchema,
    definitions: orgAuditReportDefinitions,
  },
  {
    file: "change-report.schema.json",
    $id: `${BASE}change-report-1.json`,
    schema: changeReportSchema,
    definitions: changeReportDefinitions,
  },
  {
    file: "watch-report.schema.json",
    $id: `${BASE}watch-report-1.json`,
    schema: watchReportSchema,
    definitions: watchReportDefinitions,
  },
  { file: "journal-record.schema.json", $id: `${BASE}journal-record-1.json`, schema: journalRecordSchema },
  { file: "scenario.schema.json", $id: `${BASE}scenario-1.json`, schema: scenarioSchema },
  {
    file: "config.schema.json",
    $id: `${BASE}config-1.json`,
    schema: configSchema,
    definitions: configDefinitions,
  },
];

/** Rules JSON Schema cannot say (cross-field checks, Date.parse; JSON numbers are always finite) stay in the valibot schemas only. */
const CONFIG: ConversionConfig = {
  target: "draft-2020-12",
  ignoreActions: ["check", "raw_check", "finite"],
  // A record keyed by a picklist (scenario regions) is JSON Schema's propertyNames with an enum.
  overrideSchema: ({ valibotSchema, jsonSchema }) =>
    valibotSchema.type === "record" && (valibotSchema as { key?: { type: string } }).key?.type === "picklist"
      ? jsonSchema
      : undefined,
};

/** `$schema`, `$id`, title and description first, then the rest as the converter ordered it. */
function jsonSchemaOf(p: Published): Record<string, unknown> {
  const { $schema, title, description, ...rest } = toJsonSchema(p.schema, {
    ...CONFIG,
    ...(p.definitions ? { definitions: p.definitions } : {}),
  }) as Record<string, unknown>;
  return { $schema, $id: p.$id, title, description, ...rest };
}

/** File name -> its text, exactly as committed. */
export function publishedFiles(): Map<string, string> {
  return new Map(PUBLISHED.map((p) => [p.file, `${JSON.stringify(jsonSchemaOf(p), null, 2)}\n`]));
}
