// Turns what was read into findings. Pure: no I/O, no SDK.

import { type Effective, effectiveText, effectiveTokens, endpointOff } from "./effective.js";
import type { HopLimit } from "./hop-policy.js";
import { launchedFrom, TAG_GROUP, TAG_TEMPLATE, TAG_TEMPLATE_VERSION } from "./launch-types.js";
import { type ResourceRules, targetOf } from "./resource-rules.js";
import { isEnforced, isLocked, lockText } from "./rules.js";
import { worstFinding } from "./severity.js";
import type {
  AccountDefaults,
  Finding,
  ImageLookup,
  ImageRecord,
  InstanceRecord,
  MetadataOptions,
  Resource,
  TemplateVersionRecord,
  V1Evidence,
} from "./types.js";

export interface EvaluateOptions {
  maxHopLimit: number;
  /**
   * Returns one shared copy of equal values. Resources are never mutated, and 150,000 instances
   * have only a few dozen distinct settings and findings: sharing them keeps the report small.
   */
  intern?: Intern;
  /** The config file's exceptions and hop-limit rules; without them, --max-hop-limit for every resource. */
  rules?: ResourceRules | undefined;
}

/** One shared copy of equal values (see EvaluateOptions.intern). */
export interface Intern {
  <T>(value: T): T;
  /**
   * What a cheap key stands for, made once: for values built per resource from a few inputs, the
   * key names the inputs, and the value is neither built nor serialised again.
   */
  byKey<T>(key: string, make: () => T): T;
}

/** A per-run interner for EvaluateOptions.intern. */
export function interner(): Intern {
  const seen = new Map<string, unknown>();
  const made = new Map<string, unknown>();
  const share = <T>(value: T): T => {
    const key = JSON.stringify(value);
    const hit = seen.get(key);
    if (hit !== undefined) return hit as T;
    seen.set(key, value);
    return value;
  };
  return Object.assign(share, {
    byKey<T>(key: string, make: () => T): T {
      if (!made.has(key)) made.set(key, make());
      return made.get(key) as T;
    },
  });
}

type Base = Omit<Resource, "severity">;

/**
 * The resource with its severity. Findings an active exception covers move to `excepted`: still
 * reported, but they set neither the severity nor, through it, the exit code. `base` is the
 * caller's own new object and becomes the resource: a copy with one more field costs about a
 * microsecond in V8, and there is one per instance.
 */
export function resource(
  base: Base,
  opts: Pick<EvaluateOptions, "rules" | "intern">,
  tags?: Readonly<Record<string, string>>,
  /** The name selectors match, when it is not the one shown (a template version's: its template's). */
  selectorName = base.name,
): Resource {
  const rules = opts.rules;
  const split =
    rules?.exceptions.size && base.findings.length > 0
      ? rules.exceptions.split(targetOf(rules, { ...base, name: selectorName }, tags), base.findings)
      : undefined;
  if (!split?.excepted.length) return Object.assign(base, { severity: worstFinding(base.findings) });
  const share = opts.intern ?? (<T>(v: T) => v);
  return {
    ...base,
    findings: share(split.kept),
    severity: worstFinding(split.kept),
    excepted: share(split.excepted),
  };
}

/** The highest hop limit the resource may have: its hop-limit rule's, else --max-hop-limit. */
function hopLimitFor(
  opts: EvaluateOptions,
  r: Pick<Base, "region" | "kind" | "id" | "name">,
  tags?: Readonly<Record<string, string>>,
): HopLimit {
  return opts.rules ? opts.rules.hop.limitFor(targetOf(opts.rules, r, tags)) : { max: opts.maxHopLimit };
}

function hopFinding(hopLimit: number | undefined, limit: HopLimit): Finding[] {
  if (hopLimit === undefined || hopLimit <= limit.max) return [];
  const rule = limit.where ? ` (hop-limit rule ${limit.where})` : "";
  return [
    {
      severity: "warn",
      code: "hop-limit-above-max",
      message: `hop limit ${hopLimit} is above ${limit.max}${rule}: tokens can reach containers and forwarded hosts`,
    },
  ];
}

function settingsOf(m: MetadataOptions | AccountDefaults): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(m)) if (v !== undefined) out[k] = v;
  return out;
}

/**
 * The finding of a region whose HttpTokensEnforced is enabled: launches that would allow IMDSv1 fail
 * there instead of starting, so nothing new allows it; without a required default, every launch that
 * does not ask for IMDSv2 itself (or come from an ImdsSupport v2.0 AMI) fails.
 */
function enforcedFindings(d: AccountDefaults, lock: string): Finding[] {
  if (d.httpTokens === "required") return [];
  return [
    {
      severity: "warn",
      code: "enforced-without-default",
      message: `HttpTokensEnforced is enabled but the account default does not require IMDSv2: launches that do not ask for IMDSv2 fail (UnsupportedOperation); make required the default${lock}`,
    },
  ];
}

export function evaluateDefaults(region: string, d: AccountDefaults, opts: EvaluateOptions): Resource {
  const findings: Finding[] = [];
  const lock = isLocked(d) ? ` (${lockText(d.managedExceptionMessage)})` : "";
  if (d.httpEndpoint === "disabled") {
    // New instances get no metadata service at all: nothing can use IMDSv1.
  } else if (isEnforced(d)) {
    findings.push(...enforcedFindings(d, lock));
  } else if (d.httpTokens === "optional") {
    findings.push({
      severity: "fail",
      code: "imdsv1-allowed",
      message: `account default allows IMDSv1 (HttpTokens=optional)${lock}`,
    });
  } else if (d.httpTokens !== "required") {
    findings.push({
      severity: "fail",
      code: "no-account-default",
      message: `no account default: new instances allow IMDSv1 unless their launch settings or AMI require IMDSv2${lock}`,
    });
  }
  const id = { region, kind: "account-default", id: "account-default" } as const;
  findings.push(...hopFinding(d.hopLimit, hopLimitFor(opts, id)));
  return resource({ ...id, findings, settings: settingsOf(d) }, opts);
}

/** What an instance's findings say: whether it allows IMDSv1, and its hop limit against `limit`. */
function instanceFindings(m: MetadataOptions, limit: HopLimit): Finding[] {
  if (m.httpEndpoint === "disabled") return [];
  const findings: Finding[] = [];
  if (m.httpTokens !== "required") {
    findings.push({
      severity: "fail",
      code: "imdsv1-allowed",
      message: `allows IMDSv1 (HttpTokens=${m.httpTokens ?? "unset"})`,
    });
  }
  findings.push(...hopFinding(m.hopLimit, limit));
  return findings;
}

function instanceSettings(i: InstanceRecord): Record<string, string | number> {
  const m = i.metadata;
  return {
    ...settingsOf(m),
    ...(m.state === undefined ? {} : { metadataState: m.state }),
    state: i.state,
    // The launch path that will keep making instances like it (evaluate-launch.ts rolls up to it).
    ...launchedFrom(i.tags),
  };
}

/** Every field of MetadataOptions (settingsOf copies them all): a field added there and not here fails to compile. */
const METADATA_FIELDS = Object.keys({
  httpTokens: true,
  hopLimit: true,
  httpEndpoint: true,
  httpProtocolIpv6: true,
  instanceMetadataTags: true,
  state: true,
} satisfies Record<keyof MetadataOptions, true>) as (keyof MetadataOptions)[];

/**
 * Every input of instanceFindings and instanceSettings, as one string: 150,000 instances have a few
 * dozen distinct keys, so each judgement is made and serialised once. An absent value is empty, a
 * present one starts with a quote ("undefined" the text is not undefined); AWS allows no NUL in tags.
 */
function instanceKey(i: InstanceRecord, limit: HopLimit): string {
  const q = (v: string | number | undefined) => (v === undefined ? "\0" : `"${v}\0`);
  let key = "";
  for (const k of METADATA_FIELDS) key += q(i.metadata[k]);
  const t = i.tags;
  return `${key}${q(i.state)}${q(t[TAG_GROUP])}${q(t[TAG_TEMPLATE])}${q(t[TAG_TEMPLATE_VERSION])}${q(limit.max)}${q(limit.where)}`;
}

export function evaluateInstance(
  region: string,
  i: InstanceRecord,
  opts: EvaluateOptions,
  usage?: V1Evidence,
): Resource {
  const { intern } = opts;
  const limit = hopLimitFor(opts, { region, kind: "instance", id: i.id, name: i.name }, i.tags);
  const judge = () => ({ findings: instanceFindings(i.metadata, limit), settings: instanceSettings(i) });
  const { findings, settings } = intern
    ? intern.byKey(instanceKey(i, limit), () => {
        const judged = judge();
        return { findings: intern(judged.findings), settings: intern(judged.settings) };
      })
    : judge();
  // Literals, not spreads: this runs once per instance, and a spread costs a microsecond.
  const base: Base =
    i.name === undefined
      ? { region, kind: "instance", id: i.id, findings, settings }
      : { region, kind: "instance", id: i.id, name: i.name, findings, settings };
  if (usage) base.usage = intern ? intern(usage) : usage;
  return resource(base, opts, i.tags);
}

export interface TemplateContext extends EvaluateOptions {
  /** The region's account default; undefined when it could not be read. */
  defaults: AccountDefaults | undefined;
  /** What DescribeImages by id said of the AMIs the region's templates name. */
  images: ReadonlyMap<string, ImageLookup>;
  /** Each template's tags, by id, when the template list was read: selectors match them. */
  templateTags?: ReadonlyMap<string, Readonly<Record<string, string>>>;
}

/** The finding for a version whose launches get `e`, in a region with or without enforcement. */
function effectiveFinding(e: Effective, enforced: boolean): Finding | undefined {
  const text = effectiveText(e);
  if (e.httpTokens === "unknown") {
    return {
      severity: "warn",
      code: "effective-unknown",
      message: `HttpTokens ${text}: whether launches allow IMDSv1 cannot be told`,
    };
  }
  if (e.httpTokens === "optional") {
    return enforced
      ? {
          severity: "warn",
          code: "launch-fails-enforced",
          message: `HttpTokens ${text}: launches fail, HttpTokensEnforced is enabled; set HttpTokens=required`,
        }
      : { severity: "fail", code: "imdsv1-allowed", message: `HttpTokens ${text}: launches allow IMDSv1` };
  }
  if (e.source === "account-default") {
    return {
      severity: "warn",
      code: "template-inherits",
      message: `sets no HttpTokens: relies on the account default (IMDSv2 required) in this region only`,
    };
  }
  return undefined;
}

function versionLabel(t: TemplateVersionRecord): string {
  const tags = [t.isDefault ? "$Default" : undefined, t.isLatest ? "$Latest" : undefined].filter(Boolean);
  return `${t.templateName} v${t.version}${tags.length ? ` (${tags.join(", ")})` : ""}`;
}

/**
 * A template version judged by what its launches get (effective.ts), with where that comes from in
 * its settings: `effectiveHttpTokens` and `effectiveSource`.
 */
export function evaluateTemplate(region: string, t: TemplateVersionRecord, ctx: TemplateContext): Resource {
  const m = t.metadata ?? {};
  const findings: Finding[] = [];
  const id = {
    region,
    kind: "launch-template",
    id: `${t.templateId}:v${t.version}`,
    name: versionLabel(t),
  } as const;
  // Selectors see the template's name and tags (every version's), as enforce --launch-templates does.
  const tags = ctx.templateTags?.get(t.templateId);
  const e = effectiveTokens(t, ctx.defaults, ctx.images);
  if (!endpointOff(t, ctx.defaults)) {
    const finding = effectiveFinding(e, isEnforced(ctx.defaults));
    if (finding) findings.push(finding);
    findings.push(...hopFinding(m.hopLimit, hopLimitFor(ctx, { ...id, name: t.templateName }, tags)));
  }
  return resource(
    {
      ...id,
      findings,
      settings: {
        ...settingsOf(m),
        templateId: t.templateId,
        version: t.version,
        isDefault: t.isDefault,
        isLatest: t.isLatest,
        ...(t.imageId === undefined ? {} : { imageId: t.imageId }),
        effectiveHttpTokens: e.httpTokens,
        effectiveSource: e.because,
      },
    },
    ctx,
    tags,
    t.templateName,
  );
}

export function evaluateImage(region: string, img: ImageRecord): Resource {
  return resource(
    {
      region,
      kind: "image",
      id: img.id,
      ...(img.name === undefined ? {} : { name: img.name }),
      findings: [],
      settings: img.imdsSupport === undefined ? {} : { imdsSupport: img.imdsSupport },
    },
    {},
  );
}
