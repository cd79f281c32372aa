// Wire format shared by the EC2 and STS handlers: form-encoded query parameters in, XML out.
//
// XML is written with a tiny escaping string builder rather than fast-xml-parser's XMLBuilder:
// replies are flat sequences of known elements, a page of 1,000 instances is ~1 MB, and building
// an intermediate object tree only to serialize it again would double the work for no gain.

const EC2_XMLNS = "http://ec2.amazonaws.com/doc/2016-11-15/";
const STS_XMLNS = "https://sts.amazonaws.com/doc/2011-06-15/";

/** An API error as the service reports it: code, HTTP status and message. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

export const invalidParameterValue = (message: string) => new ApiError("InvalidParameterValue", 400, message);
export const invalidParameterCombination = (message: string) =>
  new ApiError("InvalidParameterCombination", 400, message);
export const missingParameter = (name: string) =>
  new ApiError("MissingParameter", 400, `The request must contain the parameter ${name}`);

/** The decoded form body: parameter name -> value (last one wins, as in AWS). */
export type Params = ReadonlyMap<string, string>;

export function parseForm(body: string): Params {
  return new Map(new URLSearchParams(body));
}

/** Values of a flattened list parameter: `Prefix.1`, `Prefix.2`, ... in index order. */
export function listParam(params: Params, prefix: string): string[] {
  const found: Array<[number, string]> = [];
  const head = `${prefix}.`;
  for (const [key, value] of params) {
    if (!key.startsWith(head)) continue;
    const index = Number(key.slice(head.length));
    if (Number.isInteger(index)) found.push([index, value]);
  }
  return found.sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

export interface Filter {
  name: string;
  values: string[];
}

/** `Filter.N.Name` / `Filter.N.Value.M`, the EC2 query encoding of a list of filters. */
export function filtersParam(params: Params): Filter[] {
  const byIndex = new Map<number, Filter>();
  for (const [key, value] of params) {
    const m = /^Filter\.(\d+)\.(Name|Value\.(\d+))$/.exec(key);
    if (!m) continue;
    const index = Number(m[1]);
    const filter = byIndex.get(index) ?? { name: "", values: [] };
    byIndex.set(index, filter);
    if (m[2] === "Name") filter.name = value;
    else filter.values[Number(m[3]) - 1] = value;
  }
  const filters = [...byIndex.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([, f]) => ({ name: f.name, values: f.values.filter((v) => v !== undefined) }));
  // EC2 allows at most 200 values in one filter (gossm and druid hit this on real AWS).
  const tooMany = filters.find((f) => f.values.length > FILTER_VALUES_MAX);
  if (tooMany) {
    throw new ApiError(
      "FilterLimitExceeded",
      400,
      `The maximum number of filter values specified on a single call is ${FILTER_VALUES_MAX}`,
    );
  }
  return filters;
}

const FILTER_VALUES_MAX = 200;

export function boolParam(params: Params, name: string): boolean | undefined {
  const v = params.get(name);
  if (v === undefined) return undefined;
  if (v === "true") return true;
  if (v === "false") return false;
  throw invalidParameterValue(`Value (${v}) for parameter ${name} is invalid. Expected a boolean.`);
}

export function intParam(params: Params, name: string): number | undefined {
  const v = params.get(name);
  if (v === undefined) return undefined;
  if (!/^-?\d+$/.test(v)) throw invalidParameterValue(`Value (${v}) for parameter ${name} is invalid.`);
  return Number(v);
}

export function enumParam<T extends string>(
  params: Params,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const v = params.get(name);
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v)) {
    throw invalidParameterValue(
      `Value (${v}) for parameter ${name} is invalid. Valid values: ${allowed.join(", ")}.`,
    );
  }
  return v as T;
}

export interface Scope {
  accessKeyId: string;
  region: string;
  service: string;
}

/** The credential scope of a SigV4 Authorization header; signatures themselves are not checked. */
export function sigv4Scope(authorization: string | undefined): Scope | undefined {
  if (!authorization) return undefined;
  const m = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(authorization);
  if (!m?.[1] || !m[2] || !m[3]) return undefined;
  return { accessKeyId: m[1], region: m[2], service: m[3] };
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

interface Tags {
  open: string;
  close: string;
  /** A leaf's closing tag: on the same line as its opening tag. */
  end: string;
  empty: string;
}

/** Each tag's strings per depth, made once: writing a page allocates only its values. */
const TAGS: Map<string, Tags>[] = [];

function tagsFor(tag: string, pretty: boolean, depth: number): Tags {
  const slot = pretty ? depth + 1 : 0;
  let byTag = TAGS[slot];
  if (!byTag) {
    byTag = new Map();
    TAGS[slot] = byTag;
  }
  let t = byTag.get(tag);
  if (!t) {
    // Pretty: each element on its own line, indented by 4 spaces per level, as AWS lays out EC2 replies.
    const pad = pretty ? `\n${"    ".repeat(depth)}` : "";
    t = { open: `${pad}<${tag}>`, close: `${pad}</${tag}>`, end: `</${tag}>`, empty: `${pad}<${tag}/>` };
    byTag.set(tag, t);
  }
  return t;
}

/**
 * Appends XML text; `leaf` skips undefined values so unset fields are absent, not empty. A pretty
 * one starts each element on its own line, indented from `depth` (1 for a reply's body).
 */
export class Xml {
  private readonly parts: string[] = [];

  constructor(
    private readonly pretty = false,
    private depth = 0,
  ) {}

  open(tag: string): this {
    this.parts.push(tagsFor(tag, this.pretty, this.depth++).open);
    return this;
  }

  close(tag: string): this {
    this.parts.push(tagsFor(tag, this.pretty, --this.depth).close);
    return this;
  }

  leaf(tag: string, value: string | number | boolean | undefined): this {
    if (value === undefined) return this;
    const t = tagsFor(tag, this.pretty, this.depth);
    this.parts.push(t.open, escapeXml(String(value)), t.end);
    return this;
  }

  empty(tag: string): this {
    this.parts.push(tagsFor(tag, this.pretty, this.depth).empty);
    return this;
  }

  /**
   * `<tag><item>...</item>...</tag>`, the EC2 encoding of a list (pretty: `<tag/>` when empty, as
   * AWS). `flat`: each item is joined into one string as soon as it is written, so a page of a
   * thousand instances holds a thousand strings instead of a million small pieces until the end
   * (far less work for the garbage collector).
   */
  items<T>(tag: string, values: readonly T[], write: (x: Xml, value: T) => void, flat = false): this {
    if (this.pretty && values.length === 0) return this.empty(tag);
    this.open(tag);
    for (const v of values) {
      const x = flat ? new Xml(this.pretty, this.depth) : this;
      x.open("item");
      write(x, v);
      x.close("item");
      if (flat) this.parts.push(x.toString());
    }
    return this.close(tag);
  }

  toString(): string {
    return this.parts.join("");
  }
}

export interface Reply {
  status: number;
  body: string;
  /** The error code, when the reply is an error. */
  code?: string;
  /** Default `text/xml;charset=UTF-8` (the query protocols). */
  contentType?: string;
  /** Extra response headers (the JSON protocol's error headers). */
  headers?: Record<string, string>;
}

const PROLOG = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** A pretty reply's body comes from a pretty Xml started at depth 1. */
export function ec2Reply(action: string, requestId: string, body: string, pretty = false): Reply {
  const [pad, end] = pretty ? ["\n    ", "\n"] : ["", ""];
  return {
    status: 200,
    body: `${PROLOG}<${action}Response xmlns="${EC2_XMLNS}">${pad}<requestId>${requestId}</requestId>${body}${end}</${action}Response>`,
  };
}

export function ec2ErrorReply(error: ApiError, requestId: string): Reply {
  const x = new Xml()
    .open("Response")
    .open("Errors")
    .open("Error")
    .leaf("Code", error.code)
    .leaf("Message", error.message)
    .close("Error")
    .close("Errors")
    .leaf("RequestID", requestId)
    .close("Response");
  return { status: error.status, body: PROLOG + x.toString(), code: error.code };
}

/** A reply of the awsQuery protocol (STS, Auto Scaling): `<ActionResult>` (when the action has output) and `ResponseMetadata`. */
export function queryReply(
  xmlns: string,
  action: string,
  requestId: string,
  result: string | undefined,
): Reply {
  const body = result === undefined ? "" : `<${action}Result>${result}</${action}Result>`;
  return {
    status: 200,
    body:
      `<${action}Response xmlns="${xmlns}">${body}` +
      `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`,
  };
}

/** An error of the awsQuery protocol: `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/>`. */
export function queryErrorReply(xmlns: string, error: ApiError, requestId: string): Reply {
  const x = new Xml()
    .open("Error")
    .leaf("Type", error.status >= 500 ? "Receiver" : "Sender")
    .leaf("Code", error.code)
    .leaf("Message", error.message)
    .close("Error")
    .leaf("RequestId", requestId);
  return {
    status: error.status,
    body: `<ErrorResponse xmlns="${xmlns}">${x.toString()}</ErrorResponse>`,
    code: error.code,
  };
}

export const stsReply = (action: string, requestId: string, result: string) =>
  queryReply(STS_XMLNS, action, requestId, result);

export const stsErrorReply = (error: ApiError, requestId: string) =>
  queryErrorReply(STS_XMLNS, error, requestId);
