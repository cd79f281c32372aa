// Helpers for the fast reader's differential tests: DescribeInstances replies generated from the
// real shape in every layout the XML allows (entities, CDATA, comments, CRLF, empty and absent
// elements, any order), and the two parsers that must agree on them.

import { Readable } from "node:stream";
import { DescribeInstancesCommand, EC2Client, type EC2ClientConfig } from "@aws-sdk/client-ec2";
import fc from "fast-check";
import { readDescribeInstances } from "../../src/aws/fast-reader/describe-instances.js";
import { type ReaderStats, readerStats, useFastReader } from "../../src/aws/fast-reader/index.js";
import { instanceRecord } from "../../src/aws/reads.js";
import type { InstanceRecord } from "../../src/core/types.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

/** What imds takes from a page: each reservation's records, and the NextToken. */
export interface PageView {
  reservations: InstanceRecord[][];
  nextToken?: string;
  /** Through a client: the SDK's response metadata (status, request id, attempts). */
  metadata?: unknown;
}

export type Outcome = { ok: true; page: PageView } | { ok: false; error: string };

interface Output {
  Reservations?: { Instances?: Parameters<typeof instanceRecord>[0][] }[];
  NextToken?: string;
}

function view(out: Output): PageView {
  return {
    reservations: (out.Reservations ?? []).map((r) => (r.Instances ?? []).map(instanceRecord)),
    ...(out.NextToken !== undefined ? { nextToken: out.NextToken } : {}),
  };
}

/**
 * An EC2 client whose every call gets `body` as a 200 reply: the SDK's deserializer reads the
 * bytes exactly as it reads any endpoint's. Nothing about AWS is imitated here; only bytes go in.
 */
function clientFor(body: Buffer): EC2Client {
  const handler = {
    handle: async () => ({
      response: { statusCode: 200, headers: { "x-amzn-requestid": "req-1" }, body: Readable.from([body]) },
    }),
  };
  return new EC2Client({
    region: "us-east-1",
    endpoint: "http://127.0.0.1:1",
    credentials: { accessKeyId: "AKIATEST", secretAccessKey: "test" },
    maxAttempts: 1,
    requestHandler: handler as unknown as EC2ClientConfig["requestHandler"],
  });
}

async function outcome(client: EC2Client): Promise<Outcome> {
  try {
    const out = await client.send(new DescribeInstancesCommand({}));
    return { ok: true, page: { ...view(out as Output), metadata: out.$metadata } };
  } catch (error) {
    return { ok: false, error: (error as Error).name };
  }
}

/** The SDK's own reading of a reply. */
export const sdkRead = (body: Buffer) => outcome(clientFor(body));

/** imds's reading of a reply through the client: the fast reader, or the SDK's parser when it declines. */
export async function imdsRead(body: Buffer, stats: ReaderStats = readerStats()): Promise<Outcome> {
  const client = clientFor(body);
  useFastReader(client, stats);
  return outcome(client);
}

/** The fast reader alone: its page, or why it declined. */
export function fastRead(body: Buffer): { ok: true; page: PageView } | { ok: false; reason: string } {
  const read = readDescribeInstances(body, (s) => s);
  return read.ok ? { ok: true, page: view(read.page as Output) } : read;
}

// ---- Generated replies --------------------------------------------------------------------------

/** Text as any AWS value may be: any Unicode, XML's special characters, white space and line ends. */
const text = fc.oneof(
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.string({
    unit: fc.constantFrom("a", "Z", "&", "<", ">", '"', "'", " ", "\n", "\r", "\t", "é", "日", "😀", "]"),
    maxLength: 10,
  }),
  fc.constantFrom("", " ", "\n", "  \n  ", "prod", "i-0123456789abcdef0", "a]]>b"),
);

/** One way to write a text value: entities, numeric references, CDATA, comments between pieces. */
const encoding = fc.constantFrom("named", "numeric", "cdata", "split");

function encodeText(value: string, how: string): string {
  const named = (s: string) =>
    s.replace(
      /[&<>"']/g,
      (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c] ?? c,
    );
  switch (how) {
    case "numeric":
      return [...value]
        .map((c) => (/[&<>"'é😀\r]/u.test(c) ? `&#x${(c.codePointAt(0) ?? 0).toString(16)};` : c))
        .join("");
    case "cdata":
      return value.includes("]]>") || value.includes("\r") ? named(value) : `<![CDATA[${value}]]>`;
    case "split": {
      const half = Math.floor(value.length / 2);
      return `${named(value.slice(0, half))}<!-- piece -->${named(value.slice(half))}`;
    }
    default:
      return named(value);
  }
}

/** A leaf element present with a value (in some encoding), present but empty, or absent. */
const leaf = (name: string, value: fc.Arbitrary<string>) =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc.tuple(value, encoding).map(([v, how]) => `<${name}>${encodeText(v, how)}</${name}>`),
    },
    { weight: 1, arbitrary: fc.constantFrom(`<${name}/>`, `<${name}></${name}>`) },
    { weight: 1, arbitrary: fc.constant("") },
  );

/** Elements imds never reads, as AWS sends them: nested lists of items, structures, empty ones. */
const noise = fc.constantFrom(
  "<placement><availabilityZone>us-east-1a</availabilityZone><groupName/><tenancy>default</tenancy></placement>",
  "<networkInterfaceSet><item><networkInterfaceId>eni-1</networkInterfaceId><groupSet><item><groupId>sg-1</groupId><groupName>a &amp; b</groupName></item></groupSet><privateIpAddressesSet><item><primary>true</primary><association><publicIp>54.1.2.3</publicIp></association></item></privateIpAddressesSet></item></networkInterfaceSet>",
  "<blockDeviceMapping><item><deviceName>/dev/xvda</deviceName><ebs><volumeId>vol-1</volumeId><status>attached</status></ebs></item></blockDeviceMapping>",
  "<productCodes/>",
  "<stateReason><code>Client.UserInitiatedShutdown</code><message><![CDATA[<stopped> & done]]></message></stateReason>",
  "<!-- a comment -->",
  "<?pi data?>",
  "<instanceStateName>running</instanceStateName>",
  // What a skip that searches for the closing tag could get wrong (closing-tag.ts).
  "<item><item><item>a</item></item><item/><itemSet><item>b</item></itemSet></item>",
  "<placement><placementGroup>p</placementGroup><placement/><placementX/></placement>",
  "<stateReason><message><![CDATA[</stateReason></message>]]></message></stateReason>",
  "<monitoring><!-- </monitoring> --><state>disabled</state></monitoring>",
  "<hibernationOptions><?pi </hibernationOptions>?><configured>false</configured></hibernationOptions>",
  "<enclaveOptions><enabled>a=b</enabled></enclaveOptions>",
  // Names of every length around the reader's four-byte steps, with digits, dashes and non-ASCII.
  "<a><ab>1</ab><abc/><abcd>x</abcd><abcde><ipv6AddressesSet/></abcde></a>",
  "<x-1.y_2><日本><é>v</é></日本><ñañaña>w</ñañaña></x-1.y_2>",
);

const states = fc.oneof(fc.constantFrom("pending", "running", "stopping", "stopped"), text);
const tokens = fc.oneof(fc.constantFrom("optional", "required"), text);
const hopLimit = fc.oneof(
  fc.integer({ min: 1, max: 64 }).map(String),
  fc.constantFrom("", " 2 ", "0x10", "1e1", "-1", "abc", "\n"),
);

const tag = fc
  .tuple(leaf("key", text), leaf("value", text), fc.boolean())
  .map(([k, v, swap]) => `<item>${swap ? v + k : k + v}</item>`);

const metadata = fc
  .tuple(
    leaf("state", fc.constantFrom("pending", "applied")),
    leaf("httpTokens", tokens),
    leaf("httpPutResponseHopLimit", hopLimit),
    leaf("httpEndpoint", fc.constantFrom("enabled", "disabled")),
    leaf("httpProtocolIpv6", fc.constantFrom("enabled", "disabled")),
    leaf("instanceMetadataTags", fc.constantFrom("enabled", "disabled")),
  )
  .chain((fields) => fc.shuffledSubarray(fields, { minLength: 0 }))
  .map((fields) => `<metadataOptions>${fields.join("")}</metadataOptions>`);

const instance = fc
  .tuple(
    leaf(
      "instanceId",
      fc.oneof(
        fc
          .string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 17, maxLength: 17 })
          .map((h) => `i-${h}`),
        text,
      ),
    ),
    leaf("imageId", fc.oneof(fc.constant("ami-0123456789abcdef0"), text)),
    fc.option(
      leaf("name", states).map((n) => `<instanceState><code>16</code>${n}</instanceState>`),
      { nil: "" },
    ),
    fc.option(
      fc.array(tag, { maxLength: 4 }).map((t) => (t.length ? `<tagSet>${t.join("")}</tagSet>` : "<tagSet/>")),
      {
        nil: "",
      },
    ),
    fc.option(metadata, { nil: "" }),
    fc.array(noise, { maxLength: 4 }),
  )
  .chain(([id, image, state, tags, meta, extra]) =>
    fc.shuffledSubarray([id, image, state, tags, meta, ...extra]),
  )
  .map((parts) => `<item>${parts.join("")}</item>`);

const reservation = fc
  .tuple(fc.array(instance, { minLength: 0, maxLength: 3 }), fc.boolean())
  .map(
    ([instances, groups]) =>
      `<item><reservationId>r-1</reservationId><ownerId>123456789012</ownerId>${groups ? "<groupSet/>" : ""}<instancesSet>${instances.join("")}</instancesSet></item>`,
  );

/** Line breaks and indents between elements (never inside text): none, LF or CRLF, spaces or tabs (AWS: LF and spaces). */
function layout(xml: string, style: Layout): string {
  if (style === "compact") return xml;
  const eol = { pretty: "\n\t  ", crlf: "\r\n\t  ", aws: "\n             " }[style];
  // Only between a closing tag (or an empty element) and the next opening tag: never inside text.
  return xml.replace(/(<\/[A-Za-z]+>|<[A-Za-z]+\/>)(?=<[A-Za-z])/g, `$1${eol}`);
}
type Layout = "compact" | "pretty" | "crlf" | "aws";

/** A whole DescribeInstances reply generated from the real shape. */
export const replies = fc
  .tuple(
    fc.array(reservation, { maxLength: 4 }),
    fc.option(leaf("nextToken", fc.oneof(fc.base64String({ minLength: 4, maxLength: 40 }), text)), {
      nil: "",
    }),
    fc.constantFrom<Layout>("compact", "pretty", "crlf", "aws"),
    fc.boolean(),
  )
  .map(([reservations, next, style, prolog]) =>
    Buffer.from(
      (prolog ? '<?xml version="1.0" encoding="UTF-8"?>\n' : "") +
        layout(
          `<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>req-1</requestId><reservationSet>${reservations.join("")}</reservationSet>${next}</DescribeInstancesResponse>`,
          style,
        ),
    ),
  );
