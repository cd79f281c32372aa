// Reads a DescribeInstances reply into the SDK's own output shape, with only the fields imds
// reads (src/aws/reads.ts instanceRecord): instance id, image id, state name, tags, metadata
// options, and the page's NextToken. Every other element is skipped unread.

import type { Instance, InstanceMetadataOptionsResponse, Reservation, Tag } from "@aws-sdk/client-ec2";
import { Decline, Scanner } from "./scanner.js";

/** The fields of each instance this reader fills in; the SDK's shape, every other field absent. */
type FastInstance = Pick<Instance, "InstanceId" | "ImageId" | "State" | "Tags" | "MetadataOptions">;

interface FastPage {
  Reservations?: Reservation[];
  NextToken?: string;
}

export type ReadResult = { ok: true; page: FastPage } | { ok: false; reason: string };

const name = (s: string) => Buffer.from(s, "latin1");
const ROOT = name("DescribeInstancesResponse");
const RESERVATION_SET = name("reservationSet");
const NEXT_TOKEN = name("nextToken");
const ITEM = name("item");
const INSTANCES_SET = name("instancesSet");
const INSTANCE_ID = name("instanceId");
const IMAGE_ID = name("imageId");
const INSTANCE_STATE = name("instanceState");
const NAME = name("name");
const TAG_SET = name("tagSet");
const KEY = name("key");
const VALUE = name("value");
const METADATA_OPTIONS = name("metadataOptions");

/** A value that repeats across instances becomes one shared string (150,000 "running"s are one). */
export type Intern = (value: string) => string;

/**
 * Reads the fields of a structure named in `fields` (each at most once: the SDK turns a repeated
 * element into a list, which it then reads differently) and skips the rest.
 */
function struct(s: Scanner, fields: readonly Uint8Array[], read: (field: number) => void): void {
  let seen = 0;
  while (s.nextChild()) {
    let field = 0;
    while (field < fields.length && !s.is(fields[field] as Uint8Array)) field++;
    if (field === fields.length) {
      s.skip();
      continue;
    }
    const bit = 1 << field;
    if (seen & bit) throw new Decline("a repeated element");
    seen |= bit;
    read(field);
  }
}

/** The `item`s of a list, in order; other children are skipped, as the SDK ignores them. */
function list<T>(s: Scanner, readItem: () => T): T[] {
  const out: T[] = [];
  while (s.nextChild()) {
    if (s.is(ITEM)) out.push(readItem());
    else s.skip();
  }
  return out;
}

const METADATA_FIELDS = [
  "state",
  "httpTokens",
  "httpPutResponseHopLimit",
  "httpEndpoint",
  "httpProtocolIpv6",
  "instanceMetadataTags",
] as const;
const METADATA_NAMES = METADATA_FIELDS.map(name);
const METADATA_KEYS = [
  "State",
  "HttpTokens",
  "HttpPutResponseHopLimit",
  "HttpEndpoint",
  "HttpProtocolIpv6",
  "InstanceMetadataTags",
] as const;

function metadataOptions(s: Scanner, intern: Intern): InstanceMetadataOptionsResponse {
  const out: Record<string, string | number> = {};
  struct(s, METADATA_NAMES, (field) => {
    const text = s.text();
    // The SDK reads an integer with Number(), "" and all.
    out[METADATA_KEYS[field] as string] = field === 2 ? Number(text) : intern(text);
  });
  return out as InstanceMetadataOptionsResponse;
}

function tag(s: Scanner, intern: Intern): Tag {
  const out: Tag = {};
  struct(s, [KEY, VALUE], (field) => {
    if (field === 0) out.Key = intern(s.text());
    else out.Value = intern(s.text());
  });
  return out;
}

const INSTANCE_FIELDS = [INSTANCE_ID, IMAGE_ID, INSTANCE_STATE, TAG_SET, METADATA_OPTIONS];

function instance(s: Scanner, intern: Intern): FastInstance {
  const out: FastInstance = {};
  struct(s, INSTANCE_FIELDS, (field) => {
    switch (field) {
      case 0:
        out.InstanceId = s.text();
        return;
      case 1:
        out.ImageId = intern(s.text());
        return;
      case 2: {
        const state: { Name?: string } = {};
        struct(s, [NAME], () => {
          state.Name = intern(s.text());
        });
        out.State = state as Instance["State"];
        return;
      }
      case 3:
        out.Tags = list(s, () => tag(s, intern));
        return;
      default:
        out.MetadataOptions = metadataOptions(s, intern);
    }
  });
  return out;
}

function reservation(s: Scanner, intern: Intern): Reservation {
  const out: Reservation = {};
  struct(s, [INSTANCES_SET], () => {
    out.Instances = list(s, () => instance(s, intern) as Instance);
  });
  return out;
}

/** Reads one DescribeInstances reply, or says why the SDK's parser must read it instead. */
export function readDescribeInstances(body: Buffer, intern: Intern): ReadResult {
  try {
    const s = new Scanner(body);
    s.openRoot(ROOT);
    const page: FastPage = {};
    struct(s, [RESERVATION_SET, NEXT_TOKEN], (field) => {
      if (field === 0) page.Reservations = list(s, () => reservation(s, intern));
      else page.NextToken = s.text();
    });
    return { ok: true, page };
  } catch (error) {
    // A reader bug must not cost a record either: the SDK reads the reply (tests catch the bug).
    const reason = error instanceof Decline ? error.message : `reader error: ${String(error)}`;
    return { ok: false, reason };
  }
}
