// Plugs the DescribeInstances reader into an EC2 client as its deserializer for that one
// operation: signing, credentials, endpoints, retries, throttling and error replies stay the SDK's,
// and a reply the reader declines goes to the SDK's own parser, bytes unchanged.

import { Readable } from "node:stream";
import type { EC2Client } from "@aws-sdk/client-ec2";
import { type Intern, readDescribeInstances } from "./describe-instances.js";

/** The slice of the SDK's protocol object this hook touches. */
interface Protocol {
  deserializeResponse(operation: { name: string }, context: Context, response: Response): Promise<unknown>;
  deserializeMetadata?(response: Response): Record<string, unknown>;
}

interface Context {
  streamCollector(body: unknown): Promise<Uint8Array>;
}

interface Response {
  statusCode: number;
  headers: Record<string, string>;
  body: unknown;
}

/** What the reader did, for benchmarks and tests; `fallbacks` counts replies read by the SDK instead. */
export interface ReaderStats {
  fast: number;
  fallbacks: number;
  reasons: Map<string, number>;
}

export function readerStats(): ReaderStats {
  return { fast: 0, fallbacks: 0, reasons: new Map() };
}

/** Repeated values (states, metadata options, AMI ids, tag keys and values) as shared strings. */
function interner(limit = 50_000): Intern {
  const seen = new Map<string, string>();
  return (value) => {
    const known = seen.get(value);
    if (known !== undefined) return known;
    if (seen.size < limit) seen.set(value, value);
    return value;
  };
}

const asBuffer = (u8: Uint8Array) => Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);

/**
 * The reply's bytes. A Node stream with a Content-Length is copied into one buffer of that size as
 * it arrives (the SDK's collector keeps every chunk, then copies them all into a zeroed array);
 * anything else goes to the SDK's collector.
 */
async function collect(response: Response, context: Context): Promise<Buffer> {
  const { body } = response;
  if (body instanceof Uint8Array) return asBuffer(body);
  const length = Number(response.headers["content-length"]);
  if (!(body instanceof Readable) || !Number.isSafeInteger(length) || length > 1 << 30)
    return asBuffer(await context.streamCollector(body));
  let out = Buffer.allocUnsafe(length);
  let at = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    // Node's HTTP parser stops at Content-Length; should more come anyway, keep it as the SDK would.
    if (at + chunk.length > out.length) out = Buffer.concat([out.subarray(0, at), chunk]);
    else chunk.copy(out, at);
    at += chunk.length;
  }
  // A short body is what the SDK would have read: the bytes that came.
  return at === length ? out : out.subarray(0, at);
}

const isDescribeInstances = (name: string) =>
  name === "DescribeInstances" || name.endsWith("#DescribeInstances");

/**
 * From now on `client` reads DescribeInstances replies with the fast reader: its output carries
 * only the fields in FastInstance (all imds reads; see reads.ts instanceRecord).
 */
export function useFastReader(client: EC2Client, stats: ReaderStats = readerStats()): void {
  const protocol = (client.config as unknown as { protocol?: Protocol }).protocol;
  // An SDK whose clients deserialize some other way keeps its own parser for everything.
  if (typeof protocol?.deserializeResponse !== "function") return;
  const sdk = protocol.deserializeResponse.bind(protocol);
  const intern = interner();
  protocol.deserializeResponse = async (operation, context, response) => {
    if (response.statusCode >= 300 || !isDescribeInstances(String(operation?.name)))
      return sdk(operation, context, response);
    const body = await collect(response, context);
    const read = readDescribeInstances(body, intern);
    if (read.ok) {
      stats.fast++;
      // The SDK reads the request id and friends from lower-cased header names.
      const headers = Object.fromEntries(
        Object.entries(response.headers).map(([k, v]) => [k.toLowerCase(), v]),
      );
      return { ...read.page, $metadata: protocol.deserializeMetadata?.({ ...response, headers }) ?? {} };
    }
    stats.fallbacks++;
    stats.reasons.set(read.reason, (stats.reasons.get(read.reason) ?? 0) + 1);
    response.body = body;
    return sdk(operation, context, response);
  };
}
