// What one account of a scenario holds (regions, defaults, instances, templates, AMIs, denied
// actions), declared once; scenario-schema.ts puts the file together. docs/scenario.md describes
// every field.
import * as v from "valibot";
import { HTTP_TOKENS, INSTANCE_STATES, TOGGLES } from "../../schemas/ec2-values.js";
import {
  about,
  amiId,
  dict,
  flag,
  intIn,
  isoDate,
  list,
  matching,
  numberIn,
  oneOf,
  text,
} from "../../schemas/fields.js";
import { shape } from "../../schemas/shape.js";
import { ALL_REGIONS, isOptInRegion, OPT_IN_REGIONS } from "../regions.js";
import { groupSchema, launchConfigurationSchema, templateDataEntries } from "./launch-schema.js";

export const IMAGE_STATES = ["available", "pending", "failed", "deregistered", "disabled"] as const;

const opt = v.optional;
const nonEmpty = <const T extends v.GenericSchema>(item: T) =>
  v.pipe(list(item), v.nonEmpty("a non-empty array"));

/** Instance metadata options; every field is optional and falls back to AWS's launch defaults. */
const metadataEntries = {
  httpTokens: opt(oneOf(HTTP_TOKENS)),
  httpPutResponseHopLimit: opt(intIn(1, 64)),
  httpEndpoint: opt(oneOf(TOGGLES)),
  httpProtocolIpv6: opt(oneOf(TOGGLES)),
  instanceMetadataTags: opt(oneOf(TOGGLES)),
};
export const metadataOptionsSchema = shape(metadataEntries);

const { httpProtocolIpv6: _, ...defaultsEntries } = metadataEntries;
const accountDefaultsSchema = about(
  shape({ ...defaultsEntries, httpTokensEnforced: opt(oneOf(TOGGLES)) }),
  "The region's account-level IMDS defaults; an absent field is no preference.",
);

export const usageSchema = about(
  shape({
    noTokenPerDay: opt(about(numberIn(0, 10_000_000), "IMDSv1 calls per day while HttpTokens is optional.")),
    lastCallDaysAgo: opt(
      about(numberIn(0, 3650), "The calls stopped this many days before the simulator started."),
    ),
    rejectedPerDayAfterChange: opt(
      about(numberIn(0, 10_000_000), "IMDSv1 attempts per day once HttpTokens is required."),
    ),
  }),
  "IMDS usage behind CloudWatch's MetadataNoToken and MetadataNoTokenRejected; absent = no IMDSv1 calls.",
);

/** What a listed instance and a generated mix entry share: launch settings and metrics. */
const launchEntries = {
  ...metadataEntries,
  usage: opt(usageSchema),
  metrics: opt(about(flag(), "false: the instance publishes no IMDS metrics. Default true.")),
  state: opt(oneOf(INSTANCE_STATES)),
  instanceType: opt(text()),
  imageId: opt(amiId()),
};

export const instanceSchema = shape({
  ...launchEntries,
  id: opt(matching(/^i-[0-9a-f]{8}([0-9a-f]{9})?$/, "an instance id like i-0123456789abcdef0")),
  tags: opt(dict(text())),
  launchTime: opt(isoDate()),
  availabilityZone: opt(text()),
  reservationId: opt(
    about(
      matching(/^r-[0-9a-f]{8}([0-9a-f]{9})?$/, "a reservation id like r-0123456789abcdef0"),
      "Instances with the same reservation id were launched together.",
    ),
  ),
});

const TAG_CHOICE = "a string or a non-empty array of strings";
export const mixEntrySchema = about(
  shape({
    ...launchEntries,
    weight: opt(numberIn(0, 1e9)),
    tags: opt(dict(v.union([text(), v.pipe(list(text()), v.nonEmpty(TAG_CHOICE))], TAG_CHOICE))),
  }),
  "One kind of generated instance; tag values that are lists are picked from at random.",
);

export const generateSchema = shape({
  count: intIn(0, 1_000_000),
  seed: opt(intIn(0, 2 ** 32 - 1)),
  maxReservationSize: opt(
    about(intIn(1, 1000), "Largest number of instances launched together (one reservation); default 3."),
  ),
  mix: v.pipe(
    nonEmpty(mixEntrySchema),
    v.check((mix) => mix.some((m) => (m.weight ?? 1) > 0), "an array with a positive weight"),
  ),
});

/** A launch template can name its AMI through a Systems Manager parameter, resolved at launch. */
const templateImageId = () =>
  matching(/^(ami-[0-9a-f]{8}([0-9a-f]{9})?|resolve:ssm:\S+)$/, "an AMI id or resolve:ssm:PARAMETER");

export const templateVersionSchema = shape({
  metadataOptions: opt(metadataOptionsSchema),
  imageId: opt(templateImageId()),
  instanceType: opt(text()),
  createTime: opt(isoDate()),
  ...templateDataEntries,
});

const launchTemplateSchema = v.pipe(
  shape({
    id: opt(matching(/^lt-[0-9a-f]{17}$/, "a launch template id like lt-0123456789abcdef0")),
    name: matching(/^[a-zA-Z0-9().\-/_]{3,128}$/),
    versions: about(nonEmpty(templateVersionSchema), "Version 1 first."),
    defaultVersion: opt(about(intIn(1, 10_000), "The default version; 1 unless set.")),
    tags: opt(about(dict(text()), "The template's tags (owners are read from them).")),
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const { defaultVersion: n, versions } = dataset.value;
    if (n === undefined || n <= versions.length) return;
    addIssue({
      input: n,
      message: `must name one of the ${versions.length} versions (got ${n})`,
      path: [{ type: "object", origin: "value", input: dataset.value, key: "defaultVersion", value: n }],
    });
  }),
);

const imageSchema = shape({
  id: opt(amiId()),
  name: text(),
  imdsSupport: opt(oneOf(["v2.0"])),
  state: opt(oneOf(IMAGE_STATES)),
  creationDate: opt(isoDate()),
  ownerId: opt(
    about(
      matching(/^\d{12}$/, "a 12-digit account id"),
      "Another account's AMI (Amazon's: 137112412989); default: the scenario's account.",
    ),
  ),
  public: opt(about(flag(), "Launchable by every account, as Amazon's own AMIs are. Default false.")),
});

export const regionSchema = shape({
  defaults: opt(accountDefaultsSchema),
  lock: opt(
    about(
      shape({ message: opt(text()) }),
      "The region's defaults are owned by an AWS Organizations declarative policy.",
    ),
  ),
  instances: opt(list(instanceSchema)),
  generate: opt(list(generateSchema)),
  launchTemplates: opt(list(launchTemplateSchema)),
  images: opt(list(imageSchema)),
  autoScalingGroups: opt(list(groupSchema)),
  launchConfigurations: opt(
    about(list(launchConfigurationSchema), "Deprecated by AWS; still read by Auto Scaling."),
  ),
});

const REGION_OR_ALL = ["*", ...ALL_REGIONS];
const anyRegion = () => oneOf(REGION_OR_ALL, 'an AWS commercial region name or "*"');

/** What an account holds: the top level of a single-account scenario, or one entry of `accounts`. */
/** Regions where the accounts have not enabled Security Hub (it is enabled everywhere else). */
export const securityHubDisabled = about(
  list(
    oneOf(
      REGION_OR_ALL.filter((r) => r !== "*"),
      "an AWS commercial region name",
    ),
  ),
  "Regions where the accounts have not enabled Security Hub (enabled in every other region).",
);

export const accountContentEntries = {
  optedInRegions: opt(
    about(
      list(oneOf(OPT_IN_REGIONS, "an opt-in region (default regions are always enabled)")),
      "Opt-in regions the account has enabled; every other opt-in region is not-opted-in.",
    ),
  ),
  regions: opt(
    about(
      v.record(anyRegion(), regionSchema, "an object"),
      'Per enabled region; the key "*" is a base merged under every enabled region.',
    ),
  ),
  denied: opt(
    about(
      dict(list(anyRegion())),
      'Action name -> regions where the caller lacks the permission ("*" = every region).',
    ),
  ),
};

interface AccountContent {
  regions?: Record<string, unknown>;
  optedInRegions?: readonly string[];
}

/** A region named under `regions` that is opt-in must be in `optedInRegions`; `where` names that list. */
export function optInCheck<T extends AccountContent>(where: string) {
  return v.rawCheck<T>(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const { regions = {}, optedInRegions } = dataset.value;
    const enabled = new Set<string>(optedInRegions);
    const name = Object.keys(regions).find((r) => isOptInRegion(r) && !enabled.has(r));
    if (name === undefined) return;
    addIssue({
      message: `opt-in region is not enabled; add it to ${where}`,
      path: [
        {
          type: "object",
          origin: "value",
          input: dataset.value as Record<string, unknown>,
          key: "regions",
          value: regions,
        },
        { type: "object", origin: "value", input: regions, key: name, value: regions[name] },
      ],
    });
  });
}
