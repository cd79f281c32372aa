// What each finding code means, for the formats that describe their rules (SARIF rules, ASFF and
// OCSF titles, the HTML report's legend). Pure data; a code not listed here still renders, with
// generic text, so a new check never breaks a format.
import type { Severity } from "./types.js";

export interface CodeInfo {
  /** A few words, e.g. "IMDSv1 allowed". */
  title: string;
  /** One sentence: what was found. */
  summary: string;
  /** Why it matters, a few sentences. */
  detail: string;
  /** What to do, as plain text with the command to run. */
  remedy: string;
  /** The severity the code carries (the evaluation may still say otherwise). */
  severity: Severity;
}

/** AWS's guide to moving to IMDSv2, the page every remedy points to. */
export const IMDS_GUIDE_URL =
  "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instance-metadata-transition-to-version-2.html";

const FINDING_CODES: Readonly<Record<string, CodeInfo>> = {
  "imdsv1-allowed": {
    title: "IMDSv1 allowed",
    summary: "The instance metadata service answers IMDSv1 requests (HttpTokens is not required).",
    detail:
      "IMDSv1 answers any request from the instance, including one relayed by a server-side request forgery, and hands out the instance role's credentials. Requiring IMDSv2 (session tokens) closes that path.",
    remedy:
      "Account defaults: imds enforce. Instances: imds enforce --instances (imds audit --usage first shows which still call IMDSv1). Launch templates: a new default version with MetadataOptions.HttpTokens=required.",
    severity: "fail",
  },
  "no-account-default": {
    title: "No IMDSv2 account default",
    summary: "The region has no account default for the metadata service, so new instances allow IMDSv1.",
    detail:
      "Without an account-level default, every launch that does not ask for IMDSv2 itself (and whose AMI does not require it) gets IMDSv1. The default is per region.",
    remedy: "imds enforce sets HttpTokens=required as the account default in every region in scope.",
    severity: "fail",
  },
  "hop-limit-above-max": {
    title: "Metadata hop limit above the maximum",
    summary: "The PUT response hop limit lets metadata tokens travel further than the configured maximum.",
    detail:
      "A hop limit above what the workload needs lets IMDSv2 tokens reach containers and hosts behind the instance. Container hosts usually need 2.",
    remedy: "imds enforce --instances --hop-limit 2 (or the hop limit the workload needs).",
    severity: "warn",
  },
  "template-inherits": {
    title: "Launch template relies on inherited settings",
    summary:
      "The launch template version sets no HttpTokens, so its launches depend on the region's account default or the AMI.",
    detail:
      "The launch is safe only where the account default or the AMI requires IMDSv2; copied to another region or account, or launched with another AMI, it allows IMDSv1.",
    remedy: "Create a template version with MetadataOptions.HttpTokens=required and make it the default.",
    severity: "warn",
  },
};

export function codeInfo(code: string): CodeInfo {
  return (
    FINDING_CODES[code] ?? {
      title: code,
      summary: `imds check ${code}.`,
      detail: "See the finding's message for what was seen.",
      remedy: "See the finding's message and the imds README.",
      severity: "warn",
    }
  );
}
