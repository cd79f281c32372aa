// Hand-built AuditReports for renderer and schema tests. Each call returns a fresh object.

import type { AuditReport, RegionCounts, Resource } from "../../src/core/types.js";
import type { JournalHeader } from "../../src/journal/journal.js";

const ZERO_COUNTS: RegionCounts = {
  instances: 0,
  v2Required: 0,
  v1Allowed: 0,
  imdsOff: 0,
  hopAboveMax: 0,
  templates: 0,
  templatesFailing: 0,
  groups: 0,
  groupsFailing: 0,
  launchConfigurations: 0,
  images: 0,
  imagesV2: 0,
};

export const LOCK_MESSAGE = "IMDS defaults are set by the platform team; ask in #cloud-platform.";

/** Names that stress the writers: a comma, quotes, a newline, a formula, a pipe. */
export const AWKWARD_NAMES = {
  comma: "web, blue",
  quotes: 'the "legacy" box',
  newline: "line one\nline two",
  formula: '=HYPERLINK("http://evil.example","click")',
  pipe: "build|deploy",
} as const;

function resources(): Resource[] {
  return [
    {
      region: "us-east-1",
      kind: "account-default",
      id: "account-default",
      severity: "fail",
      findings: [
        { severity: "fail", code: "default-imdsv1-allowed", message: "Account default allows IMDSv1" },
      ],
      settings: { managedBy: "account" },
    },
    {
      region: "us-east-1",
      kind: "instance",
      id: "i-0a1b2c3d4e5f60001",
      name: AWKWARD_NAMES.comma,
      severity: "fail",
      findings: [
        { severity: "warn", code: "hop-limit-above-max", message: "Hop limit 3 is above 2" },
        { severity: "fail", code: "imdsv1-allowed", message: "IMDSv1 allowed (HttpTokens=optional)" },
      ],
      settings: {
        httpTokens: "optional",
        hopLimit: 3,
        httpEndpoint: "enabled",
        instanceMetadataTags: "disabled",
        state: "running",
        metadataState: "applied",
      },
    },
    {
      region: "us-east-1",
      kind: "instance",
      id: "i-0a1b2c3d4e5f60002",
      name: AWKWARD_NAMES.quotes,
      severity: "warn",
      findings: [{ severity: "warn", code: "hop-limit-above-max", message: "Hop limit 4 is above 2" }],
      settings: {
        httpTokens: "required",
        hopLimit: 4,
        httpEndpoint: "enabled",
        state: "running",
        metadataState: "applied",
      },
    },
    {
      region: "us-east-1",
      kind: "instance",
      id: "i-0a1b2c3d4e5f60003",
      name: AWKWARD_NAMES.newline,
      severity: "pass",
      findings: [],
      settings: {
        httpTokens: "required",
        hopLimit: 2,
        httpEndpoint: "enabled",
        state: "running",
        metadataState: "applied",
      },
    },
    {
      region: "us-east-1",
      kind: "instance",
      id: "i-0a1b2c3d4e5f60004",
      name: AWKWARD_NAMES.formula,
      severity: "pass",
      findings: [],
      settings: {
        httpTokens: "optional",
        hopLimit: 1,
        httpEndpoint: "disabled",
        state: "running",
        metadataState: "applied",
      },
    },
    {
      region: "us-east-1",
      kind: "launch-template",
      id: "lt-0123456789abcdef0:v3",
      name: AWKWARD_NAMES.pipe,
      severity: "warn",
      findings: [
        {
          severity: "warn",
          code: "template-inherits",
          message: "Sets no metadata options; launches inherit the account default",
        },
      ],
      settings: { version: 3, isDefault: true },
    },
    {
      region: "us-east-1",
      kind: "launch-template",
      id: "lt-0123456789abcdef1:v1",
      name: "batch",
      severity: "fail",
      findings: [
        { severity: "fail", code: "imdsv1-allowed", message: "IMDSv1 allowed (HttpTokens=optional)" },
      ],
      settings: { version: 1, isDefault: true, httpTokens: "optional", hopLimit: -1 },
    },
    {
      region: "us-east-1",
      kind: "image",
      id: "ami-0123456789abcdef0",
      name: "golden-2026-11",
      severity: "pass",
      findings: [],
      settings: { imdsSupport: "v2.0" },
    },
    {
      region: "us-east-1",
      kind: "image",
      id: "ami-0123456789abcdef1",
      name: "legacy-2019",
      severity: "warn",
      findings: [{ severity: "warn", code: "ami-not-v2", message: "AMI does not require IMDSv2" }],
      settings: {},
    },
    {
      region: "eu-west-1",
      kind: "account-default",
      id: "account-default",
      severity: "pass",
      findings: [],
      settings: { httpTokens: "required", hopLimit: 2, managedBy: "declarative-policy" },
    },
    {
      region: "eu-west-1",
      kind: "instance",
      id: "i-0b1b2c3d4e5f60001",
      severity: "pass",
      findings: [],
      settings: {
        httpTokens: "required",
        hopLimit: 2,
        httpEndpoint: "enabled",
        state: "running",
        metadataState: "applied",
      },
    },
    {
      region: "ap-southeast-2",
      kind: "account-default",
      id: "account-default",
      severity: "warn",
      findings: [{ severity: "warn", code: "hop-limit-above-max", message: "Hop limit 3 is above 2" }],
      settings: { httpTokens: "required", hopLimit: 3, managedBy: "account" },
    },
  ];
}

/**
 * Three regions: us-east-1 read in full with findings of every severity, eu-west-1 locked by an
 * organization policy, ap-southeast-2 whose instances could not be read (permission denied).
 */
export function sampleReport(): AuditReport {
  return {
    schemaVersion: 1,
    tool: { name: "imds", version: "0.1.0" },
    account: { id: "123456789012", arn: "arn:aws:iam::123456789012:role/auditor" },
    generatedAt: "2026-11-22T10:51:07.123Z",
    durationMs: 2315,
    endpoint: "http://127.0.0.1:4599",
    options: { maxHopLimit: 2, states: ["pending", "running", "stopping", "stopped"], failOn: "fail" },
    complete: false,
    worst: "fail",
    regions: [
      {
        region: "us-east-1",
        complete: true,
        status: "fail",
        defaults: { managedBy: "account" },
        locked: false,
        httpTokensEnforced: "disabled",
        counts: {
          instances: 4,
          v2Required: 2,
          v1Allowed: 1,
          imdsOff: 1,
          hopAboveMax: 2,
          templates: 2,
          templatesFailing: 1,
          groups: 0,
          groupsFailing: 0,
          launchConfigurations: 0,
          images: 2,
          imagesV2: 1,
        },
        errors: [],
      },
      {
        region: "eu-west-1",
        complete: true,
        status: "pass",
        defaults: {
          httpTokens: "required",
          hopLimit: 2,
          managedBy: "declarative-policy",
          managedExceptionMessage: LOCK_MESSAGE,
        },
        locked: true,
        httpTokensEnforced: "disabled",
        counts: { ...ZERO_COUNTS, instances: 1, v2Required: 1 },
        errors: [],
      },
      {
        region: "ap-southeast-2",
        complete: false,
        status: "incomplete",
        defaults: { httpTokens: "required", hopLimit: 3, managedBy: "account" },
        locked: false,
        httpTokensEnforced: "disabled",
        counts: { ...ZERO_COUNTS, templates: 3, images: 1, imagesV2: 1 },
        errors: [
          {
            part: "instances",
            kind: "permission",
            action: "ec2:DescribeInstances",
            code: "UnauthorizedOperation",
            message: "You are not authorized to perform this operation.",
            hint: "Allow ec2:DescribeInstances for this identity.",
          },
        ],
      },
    ],
    resources: resources(),
    verdict: {
      status: "incomplete",
      line: "1 region could not be read completely; 2 regions have findings (3 fail, 4 warn).",
      nextCommand: "imds enforce --regions us-east-1",
    },
  };
}

/** The smallest report the schema accepts: one clean region, no resources. */
export function minimalReport(): AuditReport {
  return {
    schemaVersion: 1,
    tool: { name: "imds", version: "0.1.0" },
    account: { id: "000000000000" },
    generatedAt: "2026-01-01T00:00:00Z",
    durationMs: 0,
    options: { maxHopLimit: 2, states: ["running"], failOn: "never" },
    complete: true,
    worst: "pass",
    regions: [
      {
        region: "us-east-1",
        complete: true,
        status: "pass",
        defaults: {},
        locked: false,
        httpTokensEnforced: "disabled",
        counts: { ...ZERO_COUNTS },
        errors: [],
      },
    ],
    resources: [],
    verdict: { status: "compliant", line: "Compliant: IMDSv2 is required everywhere imds looked." },
  };
}

/** The header of a journal an enforce run writes. */
export const journalHeader: JournalHeader = {
  type: "header",
  journalVersion: 1,
  tool: "imds",
  toolVersion: "0.1.0",
  command: "enforce",
  account: "123456789012",
  args: ["enforce", "--instances", "--yes"],
  startedAt: "2026-11-22T10:51:00.000Z",
};
