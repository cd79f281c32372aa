// The journal's line format (version 1), declared once as schemas: the reader's strict check, the
// writer's check before each write, the TypeScript types and schema/journal-record.schema.json all
// come from here. Pure: no I/O. Ranges, enums, id formats and a hash chain belong here too.
import * as v from "valibot";
import { CHANGE_KINDS } from "../schemas/change-kinds.js";
import { problemOf, shown } from "../schemas/problem.js";
import { shape } from "../schemas/shape.js";

const JOURNAL_VERSION = 1;

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
/** Metadata settings as the API names them, e.g. `{ httpTokens: "optional", hopLimit: 1 }`; absent key = unset. */
const settings = () =>
  v.record(
    v.string(),
    v.union([v.string(SETTINGS), v.pipe(v.number(SETTINGS), v.finite(SETTINGS))], SETTINGS),
    SETTINGS,
  );

const ERROR = "an object with string fields code and message";
const changeError = () => shape({ code: v.string(ERROR), message: v.string(ERROR) }, ERROR);

const journalHeaderSchema = v.pipe(
  shape({
    type: constant("header"),
    journalVersion: constant(JOURNAL_VERSION),
    tool: constant("imds"),
    toolVersion: nonEmptyString(),
    command: oneOf("enforce", "rollback"),
    account: nonEmptyString(),
    args: v.array(v.string("an array of strings"), "an array of strings"),
    startedAt: timestamp(),
    endpoint: v.optional(nonEmptyString()),
    source: v.optional(v.pipe(nonEmptyString(), v.description("rollback: the journal it restores."))),
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
    region: nonEmptyString(),
    kind: oneOf(...CHANGE_KINDS),
    id: nonEmptyString(),
    before: settings(),
    requested: settings(),
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
        settings(),
        v.description("What the call gave back: the number of a launch template version it created."),
      ),
    ),
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
export type Settings = IntentRecord["before"];

/** An intent merged with its outcome. */
export interface JournalEntry extends Omit<IntentRecord, "type"> {
  /** "unknown": an intent with no outcome (the process died mid-call): the change may or may not be applied */
  outcome: OutcomeRecord["outcome"] | "unknown";
  error?: ChangeError;
  /** What the call gave back, e.g. `{ version: 7 }` for a launch template version it created. */
  result?: Settings;
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
    value.journalVersion !== JOURNAL_VERSION
  ) {
    return {
      ok: false,
      problem: `has journalVersion ${value.journalVersion}; this imds reads version ${JOURNAL_VERSION}`,
    };
  }
  const result = v.safeParse(RECORDS[type as JournalRecord["type"]], value, { abortEarly: true });
  if (result.success) return { ok: true, record: result.output };
  return { ok: false, problem: problemIn(value, result.issues[0]) };
}
