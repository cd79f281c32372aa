// The journal's line format (version 1), declared once as schemas: the reader's strict check, the
// writer's check before each write, the TypeScript types and schema/journal-record.schema.json all
// come from here. Pure: no I/O. Ranges, enums, id formats and a hash chain belong here too.
import { createHash } from "node:crypto";
import * as v from "valibot";
import { CHANGE_KINDS, type ChangeKind } from "../schemas/change-kinds.js";
import { REGION_NAME } from "../schemas/ec2-values.js";
import { problemOf, shown } from "../schemas/problem.js";
import { shape } from "../schemas/shape.js";

/** Version 2 adds the hash chain; version 1 journals (no chain) are still read. */
export const JOURNAL_VERSION = 2;
const READABLE_VERSIONS = [1, 2] as const;

const quoted = (values: readonly (string | number)[]) => values.map((x) => JSON.stringify(x)).join(" or ");
const constant = <const T extends string | number>(value: T) => v.literal(value, quoted([value]));
const oneOf = <const T extends readonly string[]>(...values: T) => v.picklist(values, quoted(values));

const nonEmptyString = () => {
  const expected = "a non-empty string";
  return v.pipe(v.string(expected), v.minLength(1, expected));
};

const timestamp = () => {
  const expected = "an ISO 8601 timestamp";
  return v.pipe(
    v.string(expected),
    v.check((s) => !Number.isNaN(Date.parse(s)), expected),
    v.description("An ISO 8601 timestamp, e.g. 2026-11-22T10:51:00.000Z."),
  );
};

const seq = () => {
  const expected = "a positive integer";
  return v.pipe(
    v.number(expected),
    v.safeInteger(expected),
    v.minValue(1, expected),
    v.description("The change's number: 1, 2, ... in the order the intents were written."),
  );
};

const SETTINGS = "an object of strings and numbers";
/** What each metadata field may hold, as the API takes it (-1 and no-preference: unset a default). */
const SETTING_VALUES: Record<string, (value: string | number) => boolean> = {
  httpTokens: (x) => x === "optional" || x === "required" || x === "no-preference",
  hopLimit: (x) => x === -1 || (Number.isInteger(x) && (x as number) >= 1 && (x as number) <= 64),
  httpEndpoint: (x) => x === "enabled" || x === "disabled" || x === "no-preference",
  httpProtocolIpv6: (x) => x === "enabled" || x === "disabled",
  instanceMetadataTags: (x) => x === "enabled" || x === "disabled" || x === "no-preference",
  httpTokensEnforced: (x) => x === "enabled" || x === "disabled" || x === "no-preference",
};
const METADATA_FIELDS = [
  "httpTokens",
  "hopLimit",
  "httpEndpoint",
  "httpProtocolIpv6",
  "instanceMetadataTags",
];
/**
 * The fields enforce ever asks to change: rollback restores these and nothing else. A new launch
 * template version carries its source's metadata options (every field), its number and source;
 * enforce never deletes a version (only rollback --delete-created does).
 */
const ENFORCED_FIELDS: Record<ChangeKind, readonly string[]> = {
  instance: ["httpTokens", "hopLimit"],
  "account-default": ["httpTokens", "hopLimit", "httpTokensEnforced"],
  "launch-template-version": ["fromVersion", "version", "description", ...METADATA_FIELDS],
  "launch-template-default": ["defaultVersion"],
  "auto-scaling-group": ["launchTemplateId", "slot", "launchTemplateVersion"],
  "launch-template-version-delete": [],
};

/**
 * Why an intent asks for a field its journal's command never changes, or undefined: an enforce
 * journal only ever requests ENFORCED_FIELDS, so a record that asks for more (an httpEndpoint
 * that rollback would turn off) was not written by imds. A rollback journal may put back any
 * field the enforce journal recorded.
 */
export function requestProblem(
  command: "enforce" | "rollback",
  r: { kind: ChangeKind; requested: Record<string, string | number> },
): string | undefined {
  if (command !== "enforce") return undefined;
  const allowed = ENFORCED_FIELDS[r.kind];
  if (allowed.length === 0) return `is a ${r.kind} change, which imds enforce never makes`;
  const odd = Object.keys(r.requested).find((k) => !allowed.includes(k));
  if (odd === undefined) return undefined;
  const what =
    r.kind === "instance"
      ? "an instance"
      : r.kind === "account-default"
        ? "an account default"
        : `a ${r.kind}`;
  return `requests ${JSON.stringify(odd)}, which imds enforce never changes on ${what}`;
}

const METADATA_RULE = `metadata settings with values the API takes (${Object.keys(SETTING_VALUES).join(", ")}; hopLimit 1 to 64, or -1)`;

/** Field values as the journal holds them: strings and finite numbers; what each kind may hold is checked per kind. */
const values = () =>
  v.record(
    v.string(),
    v.union([v.string(SETTINGS), v.pipe(v.number(SETTINGS), v.finite(SETTINGS))], SETTINGS),
    SETTINGS,
  );

/** A launch template version's number (0: a template whose default could not be told). */
const version = (min: 0 | 1) => {
  const expected = min === 0 ? "a version number (0 or more)" : "a version number (1 or more)";
  return v.pipe(v.number(expected), v.safeInteger(expected), v.minValue(min, expected));
};

const LT_ID = /^lt-[0-9a-f]{8,17}$/;
const isVersion = (min: number) => (x: string | number) => Number.isSafeInteger(x) && (x as number) >= min;
/** What each launch-path field may hold, as the APIs take it. */
const LAUNCH_VALUES: Record<string, (value: string | number) => boolean> = {
  defaultVersion: isVersion(0),
  latestVersion: isVersion(0),
  fromVersion: isVersion(1),
  version: isVersion(1),
  deletedVersion: isVersion(1),
  description: (x) => typeof x === "string" && x.length > 0 && x.length <= 255,
  launchTemplateId: (x) => typeof x === "string" && LT_ID.test(x),
  slot: (x) => typeof x === "string" && /^(launch-template|mixed-policy|override-\d+)$/.test(x),
  launchTemplateVersion: (x) => typeof x === "string" && /^(\d+|\$Default|\$Latest)$/.test(x),
};
/** The fields each launch-path change may record, before or requested (a rollback's before is what it read). */
const LAUNCH_FIELDS: Record<Exclude<ChangeKind, "instance" | "account-default">, readonly string[]> = {
  "launch-template-version": [
    ...ENFORCED_FIELDS["launch-template-version"],
    "defaultVersion",
    "latestVersion",
  ],
  "launch-template-default": ["defaultVersion", "latestVersion"],
  "auto-scaling-group": ENFORCED_FIELDS["auto-scaling-group"],
  "launch-template-version-delete": ["version", "deletedVersion"],
};

/** Why a launch-path change's fields do not fit its kind, or undefined. */
function launchFieldsProblem(kind: keyof typeof LAUNCH_FIELDS, fields: Record<string, string | number>) {
  for (const [k, x] of Object.entries(fields)) {
    const allowed = LAUNCH_FIELDS[kind].includes(k);
    const ok = METADATA_FIELDS.includes(k)
      ? allowed && SETTING_VALUES[k]?.(x) === true
      : LAUNCH_VALUES[k]?.(x);
    if (!allowed || !ok)
      return `is a ${kind} change with ${JSON.stringify(k)} ${shown(x)}, which it never holds`;
  }
  return undefined;
}

/** Why an id does not name what its kind changes, or undefined. */
function idProblem(kind: ChangeKind, id: string): string | undefined {
  if (kind === "instance")
    return INSTANCE_ID.test(id)
      ? undefined
      : `is an instance change whose id ${shown(id)} is not an instance id`;
  if (kind === "account-default")
    return id === "account-default"
      ? undefined
      : `is an account-default change whose id is ${shown(id)}, not "account-default"`;
  if (kind === "auto-scaling-group")
    return id.length <= 255
      ? undefined
      : "is an auto-scaling-group change whose group name is over 255 characters";
  return LT_ID.test(id) ? undefined : `is a ${kind} change whose id ${shown(id)} is not a launch template id`;
}

const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;
/** sha256, hex: a record's place in the hash chain. */
const chain = () =>
  v.pipe(
    v.string("a sha256 hash (64 hex digits)"),
    v.regex(/^[0-9a-f]{64}$/, "a sha256 hash (64 hex digits)"),
    v.description(
      "sha256 of the previous record's chain and this record without its chain: an edited, moved or removed line breaks it.",
    ),
  );

/** Why an intent's fields do not fit together (its kind, its id, what imds can have asked), or undefined. */
function intentProblem(r: {
  kind: ChangeKind;
  id: string;
  before: Record<string, string | number>;
  requested: Record<string, string | number>;
}): string | undefined {
  const wrongId = idProblem(r.kind, r.id);
  if (wrongId) return wrongId;
  if (Object.keys(r.requested).length === 0) return "requests nothing";
  if (r.kind !== "instance" && r.kind !== "account-default")
    return launchFieldsProblem(r.kind, r.before) ?? launchFieldsProblem(r.kind, r.requested);
  for (const [field, fields] of [
    ["before", r.before],
    ["requested", r.requested],
  ] as const) {
    if (!Object.entries(fields).every(([k, x]) => SETTING_VALUES[k]?.(x) === true))
      return `has field ${JSON.stringify(field)} of the wrong type: expected ${METADATA_RULE}`;
  }
  if (r.kind === "instance") {
    const unset = [...Object.values(r.before), ...Object.values(r.requested)].some(
      (x) => x === -1 || x === "no-preference",
    );
    if (unset) return "is an instance change with an account-default value (-1 or no-preference)";
  }
  return undefined;
}

const ERROR = "an object with string fields code and message";
const changeError = () => shape({ code: v.string(ERROR), message: v.string(ERROR) }, ERROR);

const journalHeaderSchema = v.pipe(
  shape({
    type: constant("header"),
    journalVersion: v.picklist(READABLE_VERSIONS, quoted(READABLE_VERSIONS)),
    tool: constant("imds"),
    toolVersion: nonEmptyString(),
    command: oneOf("enforce", "rollback"),
    account: v.pipe(v.string("a 12-digit AWS account id"), v.regex(/^\d{12}$/, "a 12-digit AWS account id")),
    args: v.array(v.string("an array of strings"), "an array of strings"),
    startedAt: timestamp(),
    endpoint: v.optional(nonEmptyString()),
    source: v.optional(v.pipe(nonEmptyString(), v.description("rollback: the journal it restores."))),
    chain: v.optional(chain()),
    role: v.optional(
      v.pipe(
        nonEmptyString(),
        v.description(
          "Organization runs: the role assumed in member accounts, {account} standing for each id.",
        ),
      ),
    ),
  }),
  v.description("Line 1: which run wrote the journal."),
);

const intentRecordSchema = v.pipe(
  shape({
    type: constant("intent"),
    seq: seq(),
    at: timestamp(),
    account: v.optional(
      v.pipe(
        v.string("a 12-digit account id"),
        v.regex(/^\d{12}$/, "a 12-digit account id"),
        v.description("Organization runs: the member account the change is made in."),
      ),
    ),
    region: v.pipe(
      v.string("a region name like eu-west-1"),
      v.regex(REGION_NAME, "a region name like eu-west-1"),
    ),
    kind: oneOf(...CHANGE_KINDS),
    id: nonEmptyString(),
    before: values(),
    requested: values(),
    chain: v.optional(chain()),
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    const problem = dataset.typed ? intentProblem(dataset.value) : undefined;
    if (problem) addIssue({ message: problem });
  }),
  v.description("Written and fsynced before a change is attempted: what it was and what was asked for."),
);

const outcomeRecordSchema = v.pipe(
  shape({
    type: constant("outcome"),
    seq: seq(),
    at: timestamp(),
    outcome: oneOf("applied", "failed"),
    error: v.optional(changeError()),
    result: v.optional(
      v.pipe(
        shape({ version: version(1) }),
        v.description("What the call gave back: the number of a launch template version it created."),
      ),
    ),
    chain: v.optional(chain()),
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (dataset.typed && dataset.value.outcome === "applied" && dataset.value.error !== undefined) {
      addIssue({ message: "is an applied outcome with an error" });
    }
  }),
  v.description("Written once the API answered for the intent with the same seq."),
);

export const journalRecordSchema = v.pipe(
  v.variant("type", [journalHeaderSchema, intentRecordSchema, outcomeRecordSchema]),
  v.title("imds change journal record, version 1"),
  v.description(
    "One line of an imds change journal (JSON lines): a header, then for each change an intent written before the call and an outcome after it.",
  ),
);

export type JournalHeader = v.InferOutput<typeof journalHeaderSchema>;
export type IntentRecord = v.InferOutput<typeof intentRecordSchema>;
export type OutcomeRecord = v.InferOutput<typeof outcomeRecordSchema>;
export type JournalRecord = JournalHeader | IntentRecord | OutcomeRecord;
export type ChangeError = NonNullable<OutcomeRecord["error"]>;

/** An intent merged with its outcome. */
export interface JournalEntry extends Omit<IntentRecord, "type"> {
  /** "unknown": an intent with no outcome (the process died mid-call): the change may or may not be applied */
  outcome: OutcomeRecord["outcome"] | "unknown";
  error?: ChangeError;
  /** What the call gave back, e.g. `{ version: 7 }` for a launch template version it created. */
  result?: OutcomeRecord["result"];
}

const RECORDS = {
  header: journalHeaderSchema,
  intent: intentRecordSchema,
  outcome: outcomeRecordSchema,
} as const satisfies Record<JournalRecord["type"], v.GenericSchema>;

export type RecordCheck = { ok: true; record: JournalRecord } | { ok: false; problem: string };

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === "object" && x !== null && !Array.isArray(x);

/** Why a record of a known type fails its schema, worded to follow "line N ". */
function problemIn(record: Record<string, unknown>, issue: v.BaseIssue<unknown>): string {
  const p = problemOf(issue);
  const field = p.path[0];
  if (field === undefined) return p.message;
  const name = JSON.stringify(field);
  if (p.path.length === 1 && p.kind === "missing") return `is missing field ${name}`;
  if (p.path.length === 1 && p.kind === "unknown") return `has unknown field ${name}`;
  return `has field ${name} of the wrong type: expected ${p.message}, got ${shown(record[field])}`;
}

/**
 * Checks one parsed line against the version 1 format: known type, every field present with its
 * type, no unknown fields. `problem` reads after "line N ", e.g. `is missing field "region"`.
 */
export function checkRecord(value: unknown): RecordCheck {
  if (!isObject(value)) return { ok: false, problem: "is not a JSON object" };
  const type = value.type;
  if (typeof type !== "string" || !Object.hasOwn(RECORDS, type)) {
    return {
      ok: false,
      problem: type === undefined ? "has no record type" : `has unknown record type ${shown(type)}`,
    };
  }
  if (
    type === "header" &&
    typeof value.journalVersion === "number" &&
    !(READABLE_VERSIONS as readonly number[]).includes(value.journalVersion)
  ) {
    return {
      ok: false,
      problem: `has journalVersion ${shown(value.journalVersion)}; this imds reads versions ${READABLE_VERSIONS.join(" and ")}`,
    };
  }
  const result = v.safeParse(RECORDS[type as JournalRecord["type"]], value, { abortEarly: true });
  if (result.success) return { ok: true, record: result.output };
  return { ok: false, problem: problemIn(value, result.issues[0]) };
}

/**
 * A record's link in the hash chain: sha256 of the previous record's chain ("" before the header)
 * and this record as written, without its own chain. Each record thus carries the hash of the one
 * before it, and an edited, moved or removed line no longer follows from its predecessor.
 */
export function chainOf(previous: string, record: object): string {
  const { chain: _chain, ...content } = record as { chain?: string };
  return createHash("sha256")
    .update(`${previous}\n${JSON.stringify(content)}`)
    .digest("hex");
}
