// `--format ocsf`: one OCSF 1.6.0 Compliance Finding (class_uid 2003) per finding, as JSON lines (one
// event a line, as SIEMs ingest them). 1.6 is the OCSF version AWS Security Hub reads today. The
// cloud profile carries the account and region; each event names its resource by ARN.
import { exceptedText } from "../core/exceptions.js";
import { codeInfo, IMDS_GUIDE_URL } from "../core/finding-codes.js";
import {
  type FindingRow,
  findingHash,
  findingKey,
  findingRows,
  resourceArn,
  resourceLabel,
} from "../core/finding-rows.js";
import { ownerText } from "../core/owners.js";
import type { AuditReport, ResourceKind, Severity } from "../core/types.js";
import { type UnreadPart, unreadKey, unreadParts, unreadText } from "../core/unread.js";
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

type Level = { id: number; name: string };

/** The fields every event of this class starts with. */
function envelope(severity: Level, status: object, time: number, message: string) {
  return {
    activity_id: CREATE.id,
    activity_name: CREATE.name,
    category_uid: CATEGORY.uid,
    category_name: CATEGORY.name,
    class_uid: CLASS.uid,
    class_name: CLASS.name,
    type_uid: CLASS.uid * 100 + CREATE.id,
    type_name: `${CLASS.name}: ${CREATE.name}`,
    severity_id: severity.id,
    severity: severity.name,
    ...status,
    time,
    message,
  };
}

function metadataOf(report: AuditReport) {
  return {
    version: OCSF_VERSION,
    product: { name: "imds", vendor_name: "imds", version: report.tool.version },
    profiles: ["cloud"],
  };
}

function cloudOf(account: string, region: string) {
  return { provider: "AWS", region, account: { uid: account, type_id: 10, type: "AWS Account" } };
}

function ocsfEvent(row: FindingRow, report: AuditReport) {
  const info = codeInfo(row.code);
  const time = Date.parse(report.generatedAt);
  // A finding a config exception covers is Suppressed (3), with the exception as the detail.
  const status = row.exception
    ? { status_id: 3, status: "Suppressed", status_detail: exceptedText(row.exception) }
    : { status_id: 1, status: "New" };
  return {
    ...envelope(SEVERITY[row.severity], status, time, row.message),
    metadata: { ...metadataOf(report), uid: findingHash(row) },
    cloud: cloudOf(row.account, row.region),
    finding_info: {
      uid: `imds/${findingKey(row)}`,
      title: `${info.title}: ${resourceLabel(row)}`,
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
        // Who owns the launch template or group (a service's own fix applies).
        ...(row.resource.owner ? { labels: [`owner:${ownerText(row.resource.owner)}`] } : {}),
      },
    ],
    remediation: { desc: info.remedy, references: [IMDS_GUIDE_URL] },
  };
}

/**
 * A part of a region imds could not read: a finding whose compliance status is Unknown (0), on the
 * account, so a SIEM sees the region was not checked rather than nothing at all.
 */
function unreadEvent(u: UnreadPart, report: AuditReport) {
  const time = Date.parse(report.generatedAt);
  const uid = `imds/${unreadKey(u)}`;
  return {
    ...envelope(SEVERITY.warn, { status_id: 1, status: "New" }, time, unreadText(u)),
    metadata: { ...metadataOf(report), uid },
    cloud: cloudOf(u.account, u.region),
    finding_info: {
      uid,
      title: `imds could not read the ${u.part} of ${u.region}`,
      desc: unreadText(u),
      types: ["unread"],
      created_time: time,
    },
    compliance: {
      control: "unread",
      desc: `${u.kind}: ${u.action} ${u.code}`,
      status_id: 0,
      status: "Unknown",
    },
    resources: [
      {
        uid: `AWS::::Account:${u.account}`,
        name: u.account,
        type: "AwsAccount",
        region: u.region,
        cloud_partition: "aws",
      },
    ],
    remediation: { desc: u.hint, references: [IMDS_GUIDE_URL] },
  };
}

export function* auditOcsf(report: AuditReport): Generator<string> {
  for (const row of findingRows(report, { excepted: true })) yield `${safeJson(ocsfEvent(row, report))}\n`;
  for (const u of unreadParts(report)) yield `${safeJson(unreadEvent(u, report))}\n`;
}
