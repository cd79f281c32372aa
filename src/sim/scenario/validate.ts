// Checks a parsed scenario file and returns it typed; the first problem is thrown as a
// ScenarioError naming its path, e.g. `scenario.regions.eu-west-1.defaults.httpTokens: ...`.

import { checkClockPatch } from "../clock.js";
import { checkControlsPatch } from "../controls.js";
import { isKnownRegion, isOptInRegion } from "../regions.js";
import {
  array,
  boolean,
  fail,
  integer,
  isoDate,
  type Json,
  number,
  object,
  oneOf,
  optional,
  ScenarioError,
  string,
} from "./check.js";
import {
  type AccountDefaultsSpec,
  type GenerateSpec,
  HTTP_TOKENS,
  IMAGE_STATES,
  type ImageSpec,
  INSTANCE_STATES,
  type InstanceSpec,
  type LaunchTemplateSpec,
  type LaunchTemplateVersionSpec,
  type MetadataOptionsSpec,
  type MetricsSpec,
  type MixEntry,
  type RegionSpec,
  type Scenario,
  TOGGLES,
  type UsageSpec,
} from "./types.js";

const INSTANCE_ID = /^i-[0-9a-f]{8}([0-9a-f]{9})?$/;
const TEMPLATE_ID = /^lt-[0-9a-f]{17}$/;
const IMAGE_ID = /^ami-[0-9a-f]{8}([0-9a-f]{9})?$/;
const RESERVATION_ID = /^r-[0-9a-f]{8}([0-9a-f]{9})?$/;
const METADATA_KEYS = [
  "httpTokens",
  "httpPutResponseHopLimit",
  "httpEndpoint",
  "httpProtocolIpv6",
  "instanceMetadataTags",
] as const;

function assign<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

const METADATA_CHECKS: {
  [K in keyof MetadataOptionsSpec]-?: (v: unknown, p: string) => MetadataOptionsSpec[K];
} = {
  httpTokens: (v, p) => oneOf(v, p, HTTP_TOKENS),
  httpPutResponseHopLimit: (v, p) => integer(v, p, 1, 64),
  httpEndpoint: (v, p) => oneOf(v, p, TOGGLES),
  httpProtocolIpv6: (v, p) => oneOf(v, p, TOGGLES),
  instanceMetadataTags: (v, p) => oneOf(v, p, TOGGLES),
};

function metadataOptions(json: Json, path: string, into: MetadataOptionsSpec): void {
  for (const key of METADATA_KEYS) {
    const check = METADATA_CHECKS[key] as (v: unknown, p: string) => never;
    assign(into, key, optional(json, key, path, check));
  }
}

const amiId = (v: unknown, p: string) => string(v, p, IMAGE_ID, "an AMI id like ami-0123456789abcdef0");
/** A launch template can name its AMI through a Systems Manager parameter, resolved at launch. */
const templateImageId = (v: unknown, p: string) =>
  string(v, p, /^(ami-[0-9a-f]{8}([0-9a-f]{9})?|resolve:ssm:\S+)$/, "an AMI id or resolve:ssm:PARAMETER");

const METRICS_KEYS = ["usage", "metrics"] as const;

function usage(value: unknown, path: string): UsageSpec {
  const json = object(value, path, ["noTokenPerDay", "lastCallDaysAgo", "rejectedPerDayAfterChange"]);
  const out: UsageSpec = {};
  const perDay = (v: unknown, p: string) => number(v, p, 0, 10_000_000);
  assign(out, "noTokenPerDay", optional(json, "noTokenPerDay", path, perDay));
  assign(
    out,
    "lastCallDaysAgo",
    optional(json, "lastCallDaysAgo", path, (v, p) => number(v, p, 0, 3650)),
  );
  assign(out, "rejectedPerDayAfterChange", optional(json, "rejectedPerDayAfterChange", path, perDay));
  return out;
}

function metricsFields(json: Json, path: string, into: MetricsSpec): void {
  assign(into, "usage", optional(json, "usage", path, usage));
  assign(into, "metrics", optional(json, "metrics", path, boolean));
}

function defaults(value: unknown, path: string): AccountDefaultsSpec {
  const json = object(value, path, [
    "httpTokens",
    "httpPutResponseHopLimit",
    "httpEndpoint",
    "instanceMetadataTags",
    "httpTokensEnforced",
  ]);
  const out: AccountDefaultsSpec = {};
  metadataOptions(json, path, out);
  assign(
    out,
    "httpTokensEnforced",
    optional(json, "httpTokensEnforced", path, (v, p) => oneOf(v, p, TOGGLES)),
  );
  return out;
}

function tags(value: unknown, path: string): Record<string, string> {
  const json = object(value, path);
  for (const [k, v] of Object.entries(json)) string(v, `${path}.${k}`);
  return json as Record<string, string>;
}

/** The fields a listed instance and a generated mix entry share (launch settings and metrics). */
const LAUNCH_KEYS = [...METADATA_KEYS, ...METRICS_KEYS, "state", "tags", "instanceType", "imageId"] as const;

function launchFields(json: Json, path: string, out: InstanceSpec | MixEntry): void {
  metadataOptions(json, path, out);
  metricsFields(json, path, out);
  assign(
    out,
    "state",
    optional(json, "state", path, (v, p) => oneOf(v, p, INSTANCE_STATES)),
  );
  assign(out, "instanceType", optional(json, "instanceType", path, string));
  assign(out, "imageId", optional(json, "imageId", path, amiId));
}

function instance(value: unknown, path: string): InstanceSpec {
  const json = object(value, path, [...LAUNCH_KEYS, "id", "launchTime", "availabilityZone", "reservationId"]);
  const out: InstanceSpec = {};
  launchFields(json, path, out);
  assign(
    out,
    "id",
    optional(json, "id", path, (v, p) =>
      string(v, p, INSTANCE_ID, "an instance id like i-0123456789abcdef0"),
    ),
  );
  assign(out, "tags", optional(json, "tags", path, tags));
  assign(out, "launchTime", optional(json, "launchTime", path, isoDate));
  assign(out, "availabilityZone", optional(json, "availabilityZone", path, string));
  assign(
    out,
    "reservationId",
    optional(json, "reservationId", path, (v, p) =>
      string(v, p, RESERVATION_ID, "a reservation id like r-0123456789abcdef0"),
    ),
  );
  return out;
}

function mixEntry(value: unknown, path: string): MixEntry {
  const json = object(value, path, [...LAUNCH_KEYS, "weight"]);
  const out: MixEntry = {};
  launchFields(json, path, out);
  assign(
    out,
    "weight",
    optional(json, "weight", path, (v, p) => number(v, p, 0, 1e9)),
  );
  const t = optional(json, "tags", path, (v, p) => object(v, p));
  if (t) {
    out.tags = {};
    for (const [k, v] of Object.entries(t)) {
      const p = `${path}.tags.${k}`;
      if (Array.isArray(v)) {
        if (v.length === 0) fail(p, "a string or a non-empty array of strings", v);
        out.tags[k] = v.map((s, i) => string(s, `${p}[${i}]`));
      } else out.tags[k] = string(v, p);
    }
  }
  return out;
}

function generate(value: unknown, path: string): GenerateSpec {
  const json = object(value, path, ["count", "seed", "maxReservationSize", "mix"]);
  const mix = array(json.mix, `${path}.mix`).map((m, i) => mixEntry(m, `${path}.mix[${i}]`));
  if (mix.length === 0) fail(`${path}.mix`, "a non-empty array", json.mix);
  if (!mix.some((m) => (m.weight ?? 1) > 0)) fail(`${path}.mix`, "an array with a positive weight", json.mix);
  const out: GenerateSpec = { count: integer(json.count, `${path}.count`, 0, 1_000_000), mix };
  assign(
    out,
    "seed",
    optional(json, "seed", path, (v, p) => integer(v, p, 0, 2 ** 32 - 1)),
  );
  assign(
    out,
    "maxReservationSize",
    optional(json, "maxReservationSize", path, (v, p) => integer(v, p, 1, 1000)),
  );
  return out;
}

function templateVersion(value: unknown, path: string): LaunchTemplateVersionSpec {
  const json = object(value, path, ["metadataOptions", "imageId", "instanceType", "createTime"]);
  const out: LaunchTemplateVersionSpec = {};
  const mo = optional(json, "metadataOptions", path, (v, p) => object(v, p, METADATA_KEYS));
  if (mo) {
    out.metadataOptions = {};
    metadataOptions(mo, `${path}.metadataOptions`, out.metadataOptions);
  }
  assign(out, "imageId", optional(json, "imageId", path, templateImageId));
  assign(out, "instanceType", optional(json, "instanceType", path, string));
  assign(out, "createTime", optional(json, "createTime", path, isoDate));
  return out;
}

function launchTemplate(value: unknown, path: string): LaunchTemplateSpec {
  const json = object(value, path, ["id", "name", "versions", "defaultVersion"]);
  const versions = array(json.versions, `${path}.versions`).map((v, i) =>
    templateVersion(v, `${path}.versions[${i}]`),
  );
  if (versions.length === 0) fail(`${path}.versions`, "a non-empty array", json.versions);
  const out: LaunchTemplateSpec = {
    name: string(json.name, `${path}.name`, /^[a-zA-Z0-9().\-/_]{3,128}$/),
    versions,
  };
  assign(
    out,
    "id",
    optional(json, "id", path, (v, p) =>
      string(v, p, TEMPLATE_ID, "a launch template id like lt-0123456789abcdef0"),
    ),
  );
  assign(
    out,
    "defaultVersion",
    optional(json, "defaultVersion", path, (v, p) => integer(v, p, 1, versions.length)),
  );
  return out;
}

function image(value: unknown, path: string): ImageSpec {
  const json = object(value, path, [
    "id",
    "name",
    "imdsSupport",
    "state",
    "creationDate",
    "ownerId",
    "public",
  ]);
  const out: ImageSpec = { name: string(json.name, `${path}.name`) };
  assign(out, "id", optional(json, "id", path, amiId));
  assign(
    out,
    "ownerId",
    optional(json, "ownerId", path, (v, p) => string(v, p, /^\d{12}$/, "a 12-digit account id")),
  );
  assign(out, "public", optional(json, "public", path, boolean));
  assign(
    out,
    "imdsSupport",
    optional(json, "imdsSupport", path, (v, p) => oneOf(v, p, ["v2.0"] as const)),
  );
  assign(
    out,
    "state",
    optional(json, "state", path, (v, p) => oneOf(v, p, IMAGE_STATES)),
  );
  assign(out, "creationDate", optional(json, "creationDate", path, isoDate));
  return out;
}

function list<T>(
  json: Json,
  key: string,
  path: string,
  check: (v: unknown, p: string) => T,
): T[] | undefined {
  return optional(json, key, path, (v, p) => array(v, p).map((item, i) => check(item, `${p}[${i}]`)));
}

function region(value: unknown, path: string): RegionSpec {
  const json = object(value, path, [
    "defaults",
    "lock",
    "instances",
    "generate",
    "launchTemplates",
    "images",
  ]);
  const out: RegionSpec = {};
  assign(out, "defaults", optional(json, "defaults", path, defaults));
  assign(
    out,
    "lock",
    optional(json, "lock", path, (v, p) => {
      const lock = object(v, p, ["message"]);
      const message = optional(lock, "message", p, string);
      return message === undefined ? {} : { message };
    }),
  );
  assign(out, "instances", list(json, "instances", path, instance));
  assign(out, "generate", list(json, "generate", path, generate));
  assign(out, "launchTemplates", list(json, "launchTemplates", path, launchTemplate));
  assign(out, "images", list(json, "images", path, image));
  return out;
}

function regionName(value: unknown, path: string): string {
  const name = string(value, path);
  if (!isKnownRegion(name)) fail(path, "an AWS commercial region name", value);
  return name;
}

export function validateScenario(value: unknown): Scenario {
  const path = "scenario";
  const json = object(value, path, [
    "$schema",
    "name",
    "description",
    "accountId",
    "optedInRegions",
    "regions",
    "denied",
    "controls",
    "clock",
  ]);
  const scenario: Scenario = {
    accountId: string(json.accountId, `${path}.accountId`, /^\d{12}$/, "a 12-digit account id"),
  };
  assign(scenario, "name", optional(json, "name", path, string));
  assign(scenario, "description", optional(json, "description", path, string));
  const optedIn = list(json, "optedInRegions", path, (v, p) => {
    const name = regionName(v, p);
    if (!isOptInRegion(name)) fail(p, "an opt-in region (default regions are always enabled)", v);
    return name;
  });
  assign(scenario, "optedInRegions", optedIn);
  const regions = optional(json, "regions", path, (v, p) => object(v, p));
  if (regions) {
    scenario.regions = {};
    for (const [name, spec] of Object.entries(regions)) {
      const p = `${path}.regions.${name}`;
      if (name !== "*") {
        if (!isKnownRegion(name)) throw new ScenarioError(`${p}: not an AWS commercial region name`);
        if (isOptInRegion(name) && !optedIn?.includes(name)) {
          throw new ScenarioError(`${p}: opt-in region is not enabled; add it to scenario.optedInRegions`);
        }
      }
      scenario.regions[name] = region(spec, p);
    }
  }
  const denied = optional(json, "denied", path, (v, p) => object(v, p));
  if (denied) {
    scenario.denied = {};
    for (const [action, list] of Object.entries(denied)) {
      const p = `${path}.denied.${action}`;
      scenario.denied[action] = array(list, p).map((r, i) => (r === "*" ? "*" : regionName(r, `${p}[${i}]`)));
    }
  }
  assign(scenario, "controls", optional(json, "controls", path, checkControlsPatch));
  assign(scenario, "clock", optional(json, "clock", path, checkClockPatch));
  return scenario;
}
