// The JSON Schema of one OCSF event class, derived from OCSF's compiled schema
// (test/schemas/ocsf-schema-1.6.0.json: the output of OCSF's own compiler, ocsf-schema-compiler, the
// form the OCSF server loads; how it was made and checked is in test/schemas/README.md).
//
// A small port, written fresh, of the OCSF server's own JSON Schema export: github.com/ocsf/ocsf-server
// at commit 62e08aea67dd53435344e10d8d117c23f3afc4ff, lib/schema/json_schema.ex (Schema.JsonSchema),
// with the class and its referenced objects as lib/schema.ex gathers them
// (class_with_referenced_objects_filter_profiles, referenced_objects) and the profile filter of
// lib/schema/utils.ex (filter_attributes_by_profiles). Its rules: Draft-07; additionalProperties false
// on the class and every object (true on an object without attributes); `required` sorted; an
// object's `just_one` constraint as oneOf, `at_least_one` as anyOf; integer_t and string_t enums as
// enum (const when one value); other types by their base data type (long_t and its subtypes are
// integer with no enum, json_t has no type); arrays wrap the item schema; referenced objects under
// $defs ("/" in names as "_"); an attribute is kept when it has no profiles or one of them is asked for.

type Attr = {
  caption?: string;
  type: string;
  object_type?: string;
  requirement?: string;
  is_array?: boolean;
  enum?: Record<string, unknown>;
  profiles?: string[] | null;
};
type Item = {
  caption?: string;
  attributes: Record<string, Attr>;
  constraints?: { just_one?: string[]; at_least_one?: string[] };
};
export type OcsfSchema = {
  version: string;
  classes: Record<string, Item>;
  objects: Record<string, Item>;
  dictionary: { types: { attributes: Record<string, { type?: string }> } };
};
type Json = Record<string, unknown>;

const SCHEMA_BASE = "https://schema.ocsf.io/schema/classes";
const BASE_TYPES: Record<string, string> = {
  string_t: "string",
  integer_t: "integer",
  long_t: "integer",
  float_t: "number",
  boolean_t: "boolean",
};

/** The server's encode_type with Schema.data_type?: the type itself or the base type it is declared on. */
function jsonType(ocsf: OcsfSchema, type: string): string {
  return BASE_TYPES[type] ?? BASE_TYPES[ocsf.dictionary.types.attributes[type]?.type ?? ""] ?? type;
}

function encodeEnum(attr: Attr, type: "integer" | "string"): Json {
  const out: Json = { title: attr.caption };
  if (attr.enum) {
    const values = Object.keys(attr.enum).map((k) => (type === "integer" ? Number(k) : k));
    values.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (values.length === 1) out.const = values[0];
    else out.enum = values;
  }
  out.type = type;
  return out;
}

function encodeAttribute(ocsf: OcsfSchema, attr: Attr): Json {
  switch (attr.type) {
    case "integer_t":
      return encodeEnum(attr, "integer");
    case "string_t":
      return encodeEnum(attr, "string");
    case "object_t":
      return { title: attr.caption, $ref: `#/$defs/${(attr.object_type ?? "").replaceAll("/", "_")}` };
    case "json_t":
      return { title: attr.caption };
    default:
      return { title: attr.caption, type: jsonType(ocsf, attr.type) };
  }
}

/** The server's encode_array: the type (with its enum) or the $ref moves into items. */
function encodeArray(schema: Json): Json {
  const { type, enum: values, $ref, ...rest } = schema;
  const ref = $ref === undefined ? {} : { $ref };
  const items = type === undefined ? ref : values === undefined ? { type } : { type, enum: values };
  return { ...rest, type: "array", items };
}

function kept(attr: Attr, profiles: ReadonlySet<string>): boolean {
  return attr.profiles == null || attr.profiles.some((p) => profiles.has(p));
}

function encodeItem(ocsf: OcsfSchema, item: Item, profiles: ReadonlySet<string>): Json {
  const properties: Json = {};
  const required: string[] = [];
  const justOne: string[] = [];
  const atLeastOne: string[] = [];
  for (const name of Object.keys(item.attributes).sort()) {
    const attr = item.attributes[name] as Attr;
    if (!kept(attr, profiles)) continue;
    if (item.constraints?.just_one?.includes(name)) justOne.push(name);
    else if (item.constraints?.at_least_one?.includes(name)) atLeastOne.push(name);
    else if (attr.requirement === "required") required.push(name);
    const schema = encodeAttribute(ocsf, attr);
    properties[name] = attr.is_array ? encodeArray(schema) : schema;
  }
  const out: Json = { title: item.caption, type: "object", properties, additionalProperties: false };
  if (required.length > 0) out.required = required;
  if (justOne.length > 0) {
    out.oneOf = justOne.map((n) => ({ required: [n], not: { required: justOne.filter((o) => o !== n) } }));
  }
  if (atLeastOne.length > 0) out.anyOf = atLeastOne.map((n) => ({ required: [n] }));
  if (Object.keys(properties).length === 0) out.additionalProperties = true;
  return out;
}

/** The server's referenced_objects: every object reachable from the item, before the profile filter. */
function referencedObjects(ocsf: OcsfSchema, item: Item, found = new Map<string, Item>()): Map<string, Item> {
  for (const attr of Object.values(item.attributes)) {
    const name = attr.type === "object_t" ? attr.object_type : undefined;
    if (name === undefined || found.has(name)) continue;
    const object = ocsf.objects[name];
    if (!object) throw new Error(`OCSF schema: object ${name} is referenced but not defined`);
    found.set(name, object);
    referencedObjects(ocsf, object, found);
  }
  return found;
}

/** The JSON Schema (Draft-07) of an event class with the given profiles, as the OCSF server exports it. */
export function classJsonSchema(ocsf: OcsfSchema, className: string, profiles: string[]): Json {
  const item = ocsf.classes[className];
  if (!item) throw new Error(`OCSF schema: no class ${className}`);
  const wanted = new Set(profiles);
  const defs: Json = {};
  for (const [name, object] of referencedObjects(ocsf, item)) {
    defs[name.replaceAll("/", "_")] = encodeItem(ocsf, object, wanted);
  }
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: `${SCHEMA_BASE}/${className}`,
    ...encodeItem(ocsf, item, wanted),
    $defs: defs,
  };
}
