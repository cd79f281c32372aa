// The scenario's launch paths: the launch parameters of template versions (beyond metadata options),
// Auto Scaling groups and launch configurations. schema.ts puts them in a region; docs/scenario.md
// describes every field.
import * as v from "valibot";
import { HTTP_TOKENS, TOGGLES } from "../../schemas/ec2-values.js";
import {
  about,
  amiId,
  dict,
  flag,
  intIn,
  isoDate,
  list,
  matching,
  oneOf,
  text,
} from "../../schemas/fields.js";
import { shape } from "../../schemas/shape.js";

const opt = v.optional;

const ebsSchema = shape({
  encrypted: opt(flag()),
  deleteOnTermination: opt(flag()),
  iops: opt(intIn(0, 256_000)),
  kmsKeyId: opt(text()),
  snapshotId: opt(matching(/^snap-[0-9a-f]{8}([0-9a-f]{9})?$/, "a snapshot id like snap-0123456789abcdef0")),
  volumeSize: opt(intIn(1, 65_536)),
  volumeType: opt(text()),
  throughput: opt(intIn(0, 2000)),
});

/** What a template version may set besides metadata options, image and instance type. */
export const templateDataEntries = {
  description: opt(about(text(), "The version's description (VersionDescription).")),
  keyName: opt(text()),
  userData: opt(about(text(), "Base64, as the API carries it.")),
  ebsOptimized: opt(flag()),
  iamInstanceProfile: opt(shape({ arn: opt(text()), name: opt(text()) })),
  securityGroupIds: opt(
    list(matching(/^sg-[0-9a-f]{8}([0-9a-f]{9})?$/, "a security group id like sg-0123456789abcdef0")),
  ),
  blockDeviceMappings: opt(
    list(
      shape({
        deviceName: opt(text()),
        virtualName: opt(text()),
        noDevice: opt(text()),
        ebs: opt(ebsSchema),
      }),
    ),
  ),
  tagSpecifications: opt(list(shape({ resourceType: opt(text()), tags: dict(text()) }))),
};

const VERSION = /^(\$Latest|\$Default|[1-9]\d*)$/;
export const templateRefSchema = about(
  shape({
    name: text(),
    version: opt(about(matching(VERSION, "$Latest, $Default or a version number"), "Default $Default.")),
  }),
  "A launch template of the region, by name, and the version launched.",
);

export const groupSchema = v.pipe(
  shape({
    name: matching(/^[^:]{1,255}$/, "a group name (no colon)"),
    launchTemplate: opt(templateRefSchema),
    mixedInstancesPolicy: opt(
      shape({
        launchTemplate: templateRefSchema,
        overrides: opt(list(shape({ instanceType: opt(text()), launchTemplate: opt(templateRefSchema) }))),
      }),
    ),
    launchConfigurationName: opt(text()),
    desiredCapacity: opt(
      about(intIn(0, 1000), "Instances the group runs, launched from its template; default 0."),
    ),
    minSize: opt(intIn(0, 1000)),
    maxSize: opt(intIn(0, 1000)),
    tags: opt(about(dict(text()), "Group tags, propagated to its instances at launch.")),
  }),
  v.check(
    (g) =>
      [g.launchTemplate, g.mixedInstancesPolicy, g.launchConfigurationName].filter((x) => x !== undefined)
        .length === 1,
    "exactly one of launchTemplate, mixedInstancesPolicy and launchConfigurationName",
  ),
);

export const launchConfigurationSchema = shape({
  name: text(),
  imageId: amiId(),
  instanceType: opt(text()),
  keyName: opt(text()),
  securityGroups: opt(list(text())),
  metadataOptions: opt(
    shape({
      httpTokens: opt(oneOf(HTTP_TOKENS)),
      httpPutResponseHopLimit: opt(intIn(1, 64)),
      httpEndpoint: opt(oneOf(TOGGLES)),
    }),
  ),
  createdTime: opt(isoDate()),
});
