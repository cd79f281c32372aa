// `--format ocsf`: one OCSF 1.6.0 Compliance Finding (class_uid 2003) per finding, as JSON lines (one
// event a line, as SIEMs ingest them). 1.6 is the OCSF version AWS Security Hub reads today. The
// cloud profile carries the account and region; each event names its resource by ARN.
import { exceptedText } from "../core/exceptions.js";
import { codeInfo, IMDS_GUIDE_URL } from "../core/finding-codes.js";
import { type FindingRow, findingHash, findingKey, findingRows, resourceArn } from "../core/finding-rows.js";
import type { AuditReport, ResourceKind, Severity } from "../core/types.js";
import { safeJson } from "./json.js";

const OCSF_VERSION = "1.6.0";
const CLASS = { uid: 2003, name: "Compliance Finding" } as const;
const CATEGORY = { uid: 2, name: "Findings" } as const;
const CREATE = { id: 1, name: "Create" } as const;

const SEVERITY = {
  fail: { id: 4, name: "High" },
  warn: { id: 3, name: "Medium" },
  pass: { id: 1, name: "Informational" },
} as const satisfies Record<Severity, { id: number; name: string }>;
const COMPLIANCE = {
  fail: { id: 3, name: "Fail" },
  warn: { id: 2, name: "Warning" },
  pass: { id: 1, name: "Pass" },
} as const satisfies Record<Severity, { id: number; name: string }>;
const RESOURCE_TYPES = {
  instance: "AwsEc2Instance",
  "launch-template": "AwsEc2LaunchTemplate",
  "account-default": "AwsAccount",
  image: "AwsEc2Image",
  "auto-scaling-group": "AwsAutoScalingAutoScalingGroup",
  "launch-configuration": "AwsAutoScalingLaunchConfiguration",
} as const satisfies Record<ResourceKind, string>;

function ocsfEvent(row: FindingRow, report: AuditReport) {
  const info = codeInfo(row.code);
  const time = Date.parse(report.generatedAt);
  const name = row.name ? ` (${row.name})` : "";
  return {
    activity_id: CREATE.id,
    activity_name: CREATE.name,
    category_uid: CATEGORY.uid,
    category_name: CATEGORY.name,
    class_uid: CLASS.uid,
    class_name: CLASS.name,
    type_uid: CLASS.uid * 100 + CREATE.id,
    type_name: `${CLASS.name}: ${CREATE.name}`,
    severity_id: SEVERITY[row.severity].id,
    severity: SEVERITY[row.severity].name,
    // A finding a config exception covers is Suppressed (3), with the exception as the detail.
    ...(row.exception
      ? { status_id: 3, status: "Suppressed", status_detail: exceptedText(row.exception) }
      : { status_id: 1, status: "New" }),
    time,
    message: row.message,
    metadata: {
      version: OCSF_VERSION,
      product: { name: "imds", vendor_name: "imds", version: report.tool.version },
      profiles: ["cloud"],
      uid: findingHash(row),
    },
    cloud: {
      provider: "AWS",
      region: row.region,
      account: { uid: row.account, type_id: 10, type: "AWS Account" },
    },
    finding_info: {
      uid: `imds/${findingKey(row)}`,
      title: `${info.title}: ${row.kind} ${row.resourceId}${name}`,
      desc: `${row.message}. ${info.detail}`,
      types: [row.code],
      created_time: time,
    },
    compliance: {
      control: row.code,
      desc: info.summary,
      status_id: COMPLIANCE[row.severity].id,
      status: COMPLIANCE[row.severity].name,
    },
    resources: [
      {
        uid: resourceArn(row.account, row.region, row.kind, row.resourceId, row.resource.settings.arn),
        name: row.resourceId,
        type: RESOURCE_TYPES[row.kind],
        region: row.region,
        cloud_partition: "aws",
        data: row.resource.settings,
      },
    ],
    remediation: { desc: info.remedy, references: [IMDS_GUIDE_URL] },
  };
}

export function* auditOcsf(report: AuditReport): Generator<string> {
  for (const row of findingRows(report, { excepted: true })) yield `${safeJson(ocsfEvent(row, report))}\n`;
}
