// The audit report (`imds audit --format json`), declared once: core/types.ts infers its types from
// here and the build generates schema/audit-report.schema.json from it.
import * as v from "valibot";
import { OWNER_KINDS } from "../core/owners.js";
import { selectorSchema } from "./config.js";
import { HTTP_TOKENS, INSTANCE_STATES, RESOURCE_KINDS, TOGGLES } from "./ec2-values.js";
import {
  count,
  envelopeEntries,
  partSchema,
  readErrorSchema,
  severitySchema,
  verdictLineSchema,
} from "./report-parts.js";
import { about } from "./shape.js";

const hopLimitSchema = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(64));

export const optionsSchema = about(
  v.strictObject({
    maxHopLimit: about(hopLimitSchema, "--max-hop-limit: a higher hop limit is a warning."),
    states: about(
      // Typed as strings: the CLI hands its parsed --states through as they are.
      v.pipe(
        v.array(v.pipe(v.string(), v.metadata({ enum: [...INSTANCE_STATES] }))),
        v.metadata({ uniqueItems: true }),
      ),
      "The instance states in scope.",
    ),
    failOn: about(
      v.picklist(["fail", "warn", "never"]),
      "--fail-on: the severity that makes the exit code 1.",
    ),
    usageDays: v.optional(
      about(
        v.pipe(v.number(), v.integer(), v.minValue(1)),
        "Days of CloudWatch MetadataNoToken evidence read (--usage); absent without it.",
      ),
    ),
    config: v.optional(about(v.string(), "The config file read (exceptions, hop-limit rules, defaults).")),
  }),
  "The audit options that shaped the findings.",
);

export const accountDefaultsSchema = about(
  v.strictObject({
    httpTokens: v.optional(v.picklist(HTTP_TOKENS)),
    hopLimit: v.optional(hopLimitSchema),
    httpEndpoint: v.optional(v.picklist(TOGGLES)),
    instanceMetadataTags: v.optional(v.picklist(TOGGLES)),
    httpTokensEnforced: v.optional(v.picklist(TOGGLES)),
    managedBy: v.optional(
      about(
        v.picklist(["account", "declarative-policy"]),
        '"declarative-policy" when an AWS Organizations declarative policy owns the setting.',
      ),
    ),
    managedExceptionMessage: v.optional(
      about(v.string(), "The text the organization wants shown when the setting is locked."),
    ),
  }),
  "The region's account default, as GetInstanceMetadataDefaults returns it: a setting never set (or set to no-preference) is absent, and an empty object means AWS's own default (IMDSv1 allowed) applies.",
);

const counted = (description: string) => about(count(), description);
export const countsSchema = about(
  v.strictObject({
    instances: counted("Instances in the states in scope."),
    v2Required: counted("Instances with HttpTokens=required."),
    v1Allowed: counted("Instances that allow IMDSv1."),
    imdsOff: counted("Instances with HttpEndpoint=disabled."),
    hopAboveMax: counted("Instances whose hop limit is above maxHopLimit."),
    templates: counted("Launch template versions evaluated."),
    templatesFailing: counted("Launch template versions with severity fail."),
    groups: counted("Auto Scaling groups."),
    groupsFailing: counted("Auto Scaling groups whose launches allow IMDSv1 (severity fail)."),
    launchConfigurations: counted("Launch configurations (deprecated by AWS)."),
    images: counted("AMIs owned by the account."),
    imagesV2: counted("AMIs with ImdsSupport v2.0."),
    excepted: v.optional(
      counted("Findings excepted by the config file's exceptions (present when it has any)."),
    ),
  }),
  "Counts over the region's resources. Those of a part listed in errors were not read and mean nothing.",
);

export const regionSchema = v.pipe(
  v.strictObject({
    region: v.pipe(v.string(), v.minLength(1)),
    complete: about(v.boolean(), "True when all four parts were read."),
    status: about(
      v.picklist(["pass", "warn", "fail", "incomplete"]),
      "The worst severity in the region, or incomplete when a part could not be read.",
    ),
    defaults: about(v.nullable(accountDefaultsSchema), "Null when the account default could not be read."),
    locked: about(v.boolean(), "True when an AWS Organizations declarative policy manages the defaults."),
    // Optional in the schema only so that reports written before it still validate (schemaVersion 1).
    httpTokensEnforced: v.optional(
      about(
        v.nullable(v.picklist(["enabled", "disabled"])),
        'HttpTokensEnforced in the region: "enabled" when a launch whose settings would allow IMDSv1 fails with UnsupportedOperation and no instance can be set back to HttpTokens=optional; "disabled" when not (never set reads as disabled); null when the account default could not be read. imds always writes it.',
      ),
    ),
    counts: countsSchema,
    usage: v.optional(
      about(
        v.strictObject({ ready: count(), inUse: count(), unknown: count() }),
        "With --usage: instances that allow IMDSv1, by readiness.",
      ),
    ),
    errors: v.array(readErrorSchema),
  }),
  v.description("One region's result."),
  v.metadata({
    if: { required: ["complete"], properties: { complete: { const: false } } },
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword, never awaited
    then: {
      description: "A region not read completely says why, and never passes.",
      properties: { status: { const: "incomplete" }, errors: { type: "array", minItems: 1 } },
    },
  }),
);

const ownerSchema = about(
  v.strictObject({
    kind: v.picklist(OWNER_KINDS.filter((k) => k !== "account")),
    name: v.optional(about(v.string(), "The owner's name for it: node group, environment, stack.")),
  }),
  "Who owns a launch template or Auto Scaling group, from its tags (absent: the account itself). imds enforce leaves these alone unless --include-managed.",
);

const findingEntries = {
  severity: severitySchema,
  code: about(v.pipe(v.string(), v.minLength(1)), "Stable machine-readable code, e.g. imdsv1-allowed."),
  message: v.string(),
};
export const findingSchema = v.strictObject(findingEntries);

const DAY = v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/));

/** An exception from the config file, as findings and change reports name it. */
export const exceptionRefSchema = about(
  v.strictObject({
    where: about(
      v.pipe(v.string(), v.minLength(1)),
      'Where the config file declares it: "imds.config.yaml:14".',
    ),
    reason: v.string(),
    owner: v.string(),
    expires: about(DAY, "The last day it holds (UTC)."),
  }),
  "A config file exception: why, who answers for it, and until when.",
);

export const exceptedFindingSchema = about(
  v.strictObject({ ...findingEntries, exception: exceptionRefSchema }),
  "A finding an active exception covers: reported, counted, but it sets neither the resource's severity nor the exit code.",
);

export const exceptionVerdictSchema = about(
  v.strictObject({
    ...exceptionRefSchema.entries,
    match: selectorSchema,
    status: about(
      v.picklist(["active", "expired", "stale", "out-of-scope"]),
      "active: excepted findings in this run; expired: past its date (fail, excepts nothing); stale: excepted nothing it could reach (warn); out-of-scope: covers no account or region in this run.",
    ),
    severity: severitySchema,
    excepted: about(count(), "Findings it excepted in this run."),
    message: v.string(),
  }),
  "One config file exception and what it came to in this run.",
);

export const evidenceSchema = about(
  v.strictObject({
    readiness: about(
      v.picklist(["enforced", "ready", "in-use", "unknown"]),
      "enforced: IMDSv2 already required; ready: no IMDSv1 calls in the window; in-use: calls seen; unknown: no data, or metrics unreadable (see reason).",
    ),
    calls: v.optional(about(count(), "IMDSv1 calls (MetadataNoToken Sum) in the window.")),
    lastSeen: v.optional(
      about(v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/)), "UTC day of the newest period with calls."),
    ),
    reason: v.optional(about(v.string(), "Why the readiness is unknown, or a caution about small counts.")),
  }),
  "CloudWatch's evidence of IMDSv1 use for an instance (--usage), and whether requiring IMDSv2 is safe.",
);

export const resourceSchema = about(
  v.strictObject({
    region: v.pipe(v.string(), v.minLength(1)),
    kind: v.picklist(RESOURCE_KINDS),
    id: about(
      v.pipe(v.string(), v.minLength(1)),
      'Instance id, AMI id, "lt-...:vN" for a launch template version, an Auto Scaling group or launch configuration name, or "account-default".',
    ),
    name: v.optional(about(v.string(), "The Name tag, template name or AMI name.")),
    owner: v.optional(ownerSchema),
    severity: severitySchema,
    findings: v.array(findingSchema),
    settings: about(
      v.record(v.string(), v.union([v.string(), v.number(), v.boolean()])),
      'What was read, flattened (httpTokens, hopLimit, httpEndpoint, instanceMetadataTags, httpTokensEnforced (of an account default), state (of an instance), metadataState (pending or applied), imdsSupport, templateId, version, isDefault, isLatest, imageId, managedBy, ...). A launch template version also has effectiveHttpTokens (required, optional or unknown: what its launches get) and effectiveSource (where that comes from: "set in the template", "account default", "from AMI ami-..., ImdsSupport v2.0", "AWS default: AMI ... has no ImdsSupport v2.0", or why it is unknown, e.g. "AMI not visible: ami-..., InvalidAMIID.NotFound").',
    ),
    usage: v.optional(evidenceSchema),
    excepted: v.optional(
      about(
        v.array(exceptedFindingSchema),
        "Findings excepted by the config file (absent when none): not in findings, not in severity.",
      ),
    ),
  }),
  "One evaluated resource: its settings, its findings, and the worst severity among them.",
);

export const verdictSchema = v.strictObject({
  status: v.picklist(["compliant", "findings", "incomplete"]),
  line: verdictLineSchema,
  nextCommand: v.optional(
    about(v.string(), "The enforce command that would fix the account defaults, when any region needs it."),
  ),
});

export const auditReportSchema = v.pipe(
  v.strictObject({
    ...envelopeEntries,
    durationMs: about(v.pipe(v.number(), v.minValue(0)), "How long the audit took, in milliseconds."),
    endpoint: v.optional(
      about(v.string(), "The EC2 endpoint used instead of AWS's own (--endpoint-url), e.g. a simulator."),
    ),
    options: optionsSchema,
    complete: about(
      v.boolean(),
      "True when every region in scope was read completely. False means the report proves nothing about what it could not read.",
    ),
    worst: about(
      severitySchema,
      "The worst severity over every resource and every config exception (an expired one fails).",
    ),
    regions: about(v.array(regionSchema), "One entry per region in scope, in the order they are shown."),
    resources: about(v.array(resourceSchema), "Every evaluated resource, passing ones included."),
    exceptions: v.optional(
      about(
        v.array(exceptionVerdictSchema),
        "The config file's exceptions, each with its verdict (absent when the config has none).",
      ),
    ),
    verdict: verdictSchema,
  }),
  v.title("imds audit report, schema version 1"),
  v.description(
    'What `imds audit --format json` prints: the account, the regions in scope and whether each was read completely, every evaluated resource with its findings, and the verdict. A region that was not read completely has status "incomplete" and lists its errors; it is never reported as passing.',
  ),
);

/** Named parts of the audit report, published under $defs. */
export const auditReportDefinitions = {
  severity: severitySchema,
  part: partSchema,
  hopLimit: hopLimitSchema,
  options: optionsSchema,
  accountDefaults: accountDefaultsSchema,
  counts: countsSchema,
  readError: readErrorSchema,
  region: regionSchema,
  finding: findingSchema,
  resource: resourceSchema,
  verdict: verdictSchema,
  usage: evidenceSchema,
  exceptionRef: exceptionRefSchema,
  exceptedFinding: exceptedFindingSchema,
  exception: exceptionVerdictSchema,
};
