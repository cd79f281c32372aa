// The journal's line format (version 1) and its strict check. Pure: no I/O, so the writer can check
// each record before it writes it and the reader checks each line with the same rules.

/** Metadata settings as the API names them, e.g. `{ httpTokens: "optional", hopLimit: 1 }`; absent key = unset. */
export type Settings = Record<string, string | number>;

export type JournalCommand = "enforce" | "rollback";
export type ChangeKind = "account-default" | "instance";
export interface ChangeError {
  code: string;
  message: string;
}

export interface JournalHeader {
  type: "header";
  journalVersion: 1;
  tool: "imds";
  toolVersion: string;
  command: JournalCommand;
  account: string;
  args: string[];
  startedAt: string;
  endpoint?: string;
  /** rollback: the journal it restores */
  source?: string;
}

/** Written before a change is attempted: what it was and what was asked for. */
export interface IntentRecord {
  type: "intent";
  seq: number;
  at: string;
  region: string;
  kind: ChangeKind;
  id: string;
  before: Settings;
  requested: Settings;
}

/** Written once the API answered for the intent with the same `seq`. */
export interface OutcomeRecord {
  type: "outcome";
  seq: number;
  at: string;
  outcome: "applied" | "failed";
  error?: ChangeError;
}

export type JournalRecord = JournalHeader | IntentRecord | OutcomeRecord;

/** An intent merged with its outcome. */
export interface JournalEntry {
  seq: number;
  /** When the change was about to be made (ISO time of the intent). */
  at: string;
  region: string;
  kind: ChangeKind;
  id: string;
  before: Settings;
  requested: Settings;
  /** "unknown": an intent with no outcome (the process died mid-call): the change may or may not be applied */
  outcome: "applied" | "failed" | "unknown";
  error?: ChangeError;
}

export const JOURNAL_VERSION = 1;

interface FieldRule {
  expected: string;
  test: (value: unknown) => boolean;
  optional?: true;
}
type Rules<T> = { [K in keyof T]-?: FieldRule };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const nonEmptyString: FieldRule = {
  expected: "a non-empty string",
  test: (v) => typeof v === "string" && v.length > 0,
};
const timestamp: FieldRule = {
  expected: "an ISO 8601 timestamp",
  test: (v) => typeof v === "string" && !Number.isNaN(Date.parse(v)),
};
const seq: FieldRule = {
  expected: "a positive integer",
  test: (v) => typeof v === "number" && Number.isSafeInteger(v) && v > 0,
};
const settings: FieldRule = {
  expected: "an object of strings and numbers",
  test: (v) =>
    isObject(v) &&
    Object.values(v).every((s) => typeof s === "string" || (typeof s === "number" && Number.isFinite(s))),
};
const constant = (value: string | number): FieldRule => ({
  expected: JSON.stringify(value),
  test: (v) => v === value,
});
const oneOf = (...values: string[]): FieldRule => ({
  expected: values.map((v) => JSON.stringify(v)).join(" or "),
  test: (v) => typeof v === "string" && values.includes(v),
});
const optional = (rule: FieldRule): FieldRule => ({ ...rule, optional: true });
const show = (v: unknown): string => {
  const text = JSON.stringify(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

const HEADER: Rules<JournalHeader> = {
  type: constant("header"),
  journalVersion: constant(JOURNAL_VERSION),
  tool: constant("imds"),
  toolVersion: nonEmptyString,
  command: oneOf("enforce", "rollback"),
  account: nonEmptyString,
  args: {
    expected: "an array of strings",
    test: (v) => Array.isArray(v) && v.every((a) => typeof a === "string"),
  },
  startedAt: timestamp,
  endpoint: optional(nonEmptyString),
  source: optional(nonEmptyString),
};

const INTENT: Rules<IntentRecord> = {
  type: constant("intent"),
  seq,
  at: timestamp,
  region: nonEmptyString,
  kind: oneOf("account-default", "instance"),
  id: nonEmptyString,
  before: settings,
  requested: settings,
};

const OUTCOME: Rules<OutcomeRecord> = {
  type: constant("outcome"),
  seq,
  at: timestamp,
  outcome: oneOf("applied", "failed"),
  error: optional({
    expected: "an object with string fields code and message",
    test: (v) =>
      isObject(v) &&
      typeof v.code === "string" &&
      typeof v.message === "string" &&
      Object.keys(v).length === 2,
  }),
};

const RULES = { header: HEADER, intent: INTENT, outcome: OUTCOME } as const satisfies Record<
  JournalRecord["type"],
  Record<string, FieldRule>
>;

export type RecordCheck = { ok: true; record: JournalRecord } | { ok: false; problem: string };

/**
 * Checks one parsed line against the version 1 format: known type, every field present with its
 * type, no unknown fields. `problem` reads after "line N ", e.g. `is missing field "region"`.
 */
export function checkRecord(value: unknown): RecordCheck {
  if (!isObject(value)) return { ok: false, problem: "is not a JSON object" };
  const type = value.type;
  if (typeof type !== "string" || !Object.hasOwn(RULES, type)) {
    return {
      ok: false,
      problem: type === undefined ? "has no record type" : `has unknown record type ${show(type)}`,
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
  const rules: Record<string, FieldRule> = RULES[type as JournalRecord["type"]];
  for (const key of Object.keys(value)) {
    if (!Object.hasOwn(rules, key)) return { ok: false, problem: `has unknown field ${JSON.stringify(key)}` };
  }
  for (const [key, rule] of Object.entries(rules)) {
    const field = value[key];
    if (field === undefined) {
      if (rule.optional) continue;
      return { ok: false, problem: `is missing field ${JSON.stringify(key)}` };
    }
    if (!rule.test(field)) {
      return {
        ok: false,
        problem: `has field ${JSON.stringify(key)} of the wrong type: expected ${rule.expected}, got ${show(field)}`,
      };
    }
  }
  if (type === "outcome" && value.outcome === "applied" && value.error !== undefined) {
    return { ok: false, problem: "is an applied outcome with an error" };
  }
  return { ok: true, record: value as unknown as JournalRecord };
}
