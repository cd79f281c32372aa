// The config file (imds.config.yaml or .json), declared once: the loader's check, the TypeScript
// types and the published schema/config.schema.json (for editors) all come from here.
import * as v from "valibot";
import { PRINCIPAL_ARN } from "../policy/document.js";
import { INSTANCE_STATES, REGION_NAME, RESOURCE_KINDS } from "./ec2-values.js";
import { about, dict, intIn, list, matching, oneOf, text } from "./fields.js";
import { shape } from "./shape.js";

const opt = v.optional;

const nonEmptyText = (expected = "a non-empty string") =>
  v.pipe(v.string(expected), v.minLength(1, expected));

/** One value or a list of them; a selector matches when any of them does. */
const oneOrMore = <const T extends v.GenericSchema>(item: T, expected: string) =>
  v.union([item, v.pipe(list(item), v.nonEmpty(expected))], expected);

const PATTERN = "a pattern (* and ? are wildcards)";
const pattern = () => nonEmptyText(PATTERN);

const ACCOUNT = 'a 12-digit account id in quotes, like "123456789012" (* and ? are wildcards)';
const accountPattern = () => matching(/^[0-9*?]{1,12}$/, ACCOUNT);
const accountId = () => matching(/^[0-9]{12}$/, 'a 12-digit account id in quotes, like "123456789012"');
const regionName = () => matching(REGION_NAME, "a region name like eu-west-1");

const DATE = "a date like 2026-12-31 (YYYY-MM-DD)";
/** A calendar date: 2026-02-30 is not one. */
function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}
const date = () =>
  v.pipe(v.string(DATE), v.regex(/^\d{4}-\d{2}-\d{2}$/, DATE), v.check(isCalendarDate, DATE));

const selectorEntries = {
  account: opt(about(oneOrMore(accountPattern(), ACCOUNT), "The account id, or ids.")),
  region: opt(about(oneOrMore(pattern(), PATTERN), "The region, e.g. eu-west-1 or eu-*.")),
  resource: opt(
    about(
      oneOrMore(pattern(), PATTERN),
      'Resource id or ARN: "i-0abc*", "lt-0123:v*", "arn:aws:ec2:*:*:instance/i-0abc*".',
    ),
  ),
  name: opt(about(oneOrMore(pattern(), PATTERN), "The Name tag, launch template name or AMI name.")),
  tags: opt(
    about(
      dict(v.string(PATTERN)),
      "Tags, every one required: {\"eks:nodegroup-name\": \"*\"}. An instance's, a launch template's (every version's) or an Auto Scaling group's; AMIs and launch configurations carry none.",
    ),
  ),
  kind: opt(
    about(
      oneOrMore(oneOf(RESOURCE_KINDS), RESOURCE_KINDS.join("|")),
      "account-default, instance, launch-template, image, auto-scaling-group or launch-configuration.",
    ),
  ),
  code: opt(
    about(
      oneOrMore(pattern(), PATTERN),
      "Finding codes, e.g. imdsv1-allowed, hop-limit-above-max (the codes reports show).",
    ),
  ),
};

const SELECTOR_KEYS = Object.keys(selectorEntries).join(", ");

export const selectorSchema = about(
  shape(selectorEntries, `an object with any of ${SELECTOR_KEYS}`),
  "Which resources (and findings) it covers: every key given must match; a list matches any of its items.",
);

const exceptionSchema = about(
  shape({
    match: v.pipe(
      selectorSchema,
      v.check(
        (s) => Object.keys(s).length > 0,
        `a selector with at least one of ${SELECTOR_KEYS} (an exception for everything is not one)`,
      ),
      v.metadata({ minProperties: 1 }),
    ),
    reason: about(nonEmptyText(), "Why the finding is accepted; shown next to it in every report."),
    owner: about(nonEmptyText(), "Who answers for it: a person, a team, a ticket queue."),
    expires: about(
      date(),
      "The last day it holds (UTC). From the day after, it no longer excepts anything and is itself a failure.",
    ),
  }),
  "Findings accepted for a while, with a reason, an owner and an expiry date.",
);

const hopLimitRuleSchema = about(
  shape({
    match: opt(selectorSchema),
    max: about(intIn(1, 64), "The highest hop limit the resources it matches may have."),
    reason: opt(
      about(nonEmptyText(), "Why these resources need it, e.g. EKS pods reach IMDS through a hop."),
    ),
  }),
  "A hop limit for the resources it matches (every resource when match is absent). The first rule that matches decides; resources no rule matches get maxHopLimit.",
);

const FAIL_ON = ["fail", "warn", "never"] as const;

/** The settings that give defaults to command-line flags (a flag given on the command line wins). */
const settingEntries = {
  regions: opt(about(v.pipe(list(regionName()), v.nonEmpty("a non-empty array")), "--regions.")),
  excludeRegions: opt(about(list(regionName()), "--exclude-regions.")),
  states: opt(about(v.pipe(list(oneOf(INSTANCE_STATES)), v.nonEmpty("a non-empty array")), "--states.")),
  maxHopLimit: opt(
    about(intIn(1, 64), "--max-hop-limit: audit warns above it, imds policy scp denies launches above it."),
  ),
  failOn: opt(about(oneOf(FAIL_ON), "--fail-on.")),
  accounts: opt(about(list(accountId()), "--accounts: organization runs.")),
  roleName: opt(
    about(
      matching(/^[\w+=,.@-]{1,64}$/, "an IAM role name"),
      "--role-name: the role assumed in member accounts.",
    ),
  ),
  roleArn: opt(about(matching(/^arn:/, "a role ARN"), "--role-arn: organization runs.")),
  externalId: opt(about(text(), "--external-id: organization runs.")),
  breakGlassArns: opt(
    about(
      list(
        matching(PRINCIPAL_ARN, "an IAM role or user ARN, like arn:aws:iam::123456789012:role/break-glass"),
      ),
      "--break-glass-arn: principals imds policy scp exempts.",
    ),
  ),
};

export type SettingKey = keyof typeof settingEntries;
export const SETTING_KEYS = Object.keys(settingEntries) as SettingKey[];

export const configSchema = v.pipe(
  shape({
    $schema: opt(about(text(), "The JSON Schema of this file, for editors.")),
    ...settingEntries,
    exceptions: opt(about(list(exceptionSchema), "Accepted findings, each until its expiry date.")),
    hopLimits: opt(about(list(hopLimitRuleSchema), "Hop limits by selector, first match wins.")),
  }),
  v.title("imds config file"),
  v.description(
    "imds.config.yaml (or .json), found in the working directory or its parents, or given with --config: defaults for the flags (a flag given on the command line wins), exceptions with a reason, an owner and an expiry date, and hop limits by selector.",
  ),
);

export type Config = v.InferOutput<typeof configSchema>;
export type Selector = v.InferOutput<typeof selectorSchema>;
export type ExceptionEntry = v.InferOutput<typeof exceptionSchema>;
export type HopLimitRule = v.InferOutput<typeof hopLimitRuleSchema>;

/** Named parts of the config file, published under $defs. */
export const configDefinitions = {
  selector: selectorSchema,
  exception: exceptionSchema,
  hopLimitRule: hopLimitRuleSchema,
};
