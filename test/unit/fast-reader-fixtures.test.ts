// The fast reader on hand-written replies: an AWS-shaped page with the awkward parts (entities,
// CDATA, Unicode tags, empty and absent elements, comments, CRLF) read exactly as the SDK reads
// it; and replies it must not read itself, which go to the SDK's parser with the SDK's result.

import { describe, expect, it } from "vitest";
import { readerStats } from "../../src/aws/fast-reader/index.js";
import { fastRead, imdsRead, sdkRead } from "./fast-reader-xml.js";

const page = (reservations: string, tail = "") =>
  Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">\n    <requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE</requestId>\n    <reservationSet>${reservations}</reservationSet>${tail}\n</DescribeInstancesResponse>`,
  );

const instance = (fields: string) =>
  `\n        <item>\n            <reservationId>r-1234567890abcdef0</reservationId>\n            <ownerId>123456789012</ownerId>\n            <groupSet/>\n            <instancesSet>\n                <item>${fields}\n                </item>\n            </instancesSet>\n        </item>\n    `;

const AWKWARD = page(
  instance(`
                    <instanceId>i-1234567890abcdef0</instanceId>
                    <imageId/>
                    <instanceState>
                        <code>16</code>
                        <name>running</name>
                    </instanceState>
                    <placement><availabilityZone>us-east-1a</availabilityZone><groupName/></placement>
                    <!-- AWS may add elements at any time -->
                    <tagSet>\r
                        <item><key>日本語</key><value>caf&#xe9; &amp; crème 😀</value></item>\r
                        <item><key><![CDATA[a<b>&c]]></key><value/></item>
                        <item><key>Name</key><value>web &lt;1&gt; &quot;x&quot; &apos;y&apos;</value></item>
                        <item><key>blank</key><value>
                        </value></item>
                        <item><value>no key</value></item>
                    </tagSet>
                    <metadataOptions>
                        <state>applied</state>
                        <httpTokens>opt<!-- split -->ional</httpTokens>
                        <httpPutResponseHopLimit> 2 </httpPutResponseHopLimit>
                        <httpEndpoint>enabled</httpEndpoint>
                    </metadataOptions>`) +
    instance(`
                    <instanceId>i-0fedcba9876543210</instanceId>
                    <instanceState><name>stopped</name></instanceState>
                    <metadataOptions/>`),
  "\n    <nextToken>eyJ2IjoxfQ==</nextToken>",
);

describe("fast reader: an AWS-shaped page with the awkward parts", () => {
  it("reads it itself, exactly as the SDK does", async () => {
    const [sdk, fast] = [await sdkRead(AWKWARD), fastRead(AWKWARD)];
    expect(fast.ok).toBe(true);
    expect(sdk.ok).toBe(true);
    if (!fast.ok || !sdk.ok) return;
    const { metadata: _, ...records } = sdk.page;
    expect(fast.page).toEqual(records);
    const [first, second] = fast.page.reservations.flat();
    expect(first).toEqual({
      id: "i-1234567890abcdef0",
      name: "web <1> \"x\" 'y'",
      state: "running",
      imageId: "",
      tags: { 日本語: "café & crème 😀", "a<b>&c": "", Name: "web <1> \"x\" 'y'", blank: "" },
      metadata: { state: "applied", httpTokens: "optional", hopLimit: 2, httpEndpoint: "enabled" },
    });
    expect(second).toEqual({ id: "i-0fedcba9876543210", state: "stopped", tags: {}, metadata: {} });
    expect(fast.page.nextToken).toBe("eyJ2IjoxfQ==");
  });
});

/** A reply whose one instance has `fields`, to go in the table below. */
const inInstance = (why: string, fields: string): [string, Buffer] => [why, page(instance(fields))];

/** Replies the reader leaves to the SDK, and why; the SDK's answer (records or an error) is imds's. */
const DECLINED: Array<[string, Buffer]> = [
  inInstance("an attribute on an element", '<instanceId kind="x">i-1</instanceId>'),
  ["a DOCTYPE", Buffer.from(`<!DOCTYPE x>${page(instance("<instanceId>i-1</instanceId>")).toString()}`)],
  inInstance(
    "white space without a line break beside elements (the SDK then drops the structure)",
    "<instanceState> <code>16</code><name>running</name></instanceState>",
  ),
  inInstance("text beside elements", "stray<instanceId>i-1</instanceId>"),
  inInstance("an entity XML does not define", "<instanceId>i-1&nbsp;</instanceId>"),
  inInstance("an entity named like an object property", "<instanceId>i-&constructor;</instanceId>"),
  inInstance("a repeated field", "<instanceId>i-1</instanceId><instanceId>i-2</instanceId>"),
  inInstance(
    "a repeated structure",
    "<metadataOptions/><metadataOptions><httpTokens>required</httpTokens></metadataOptions>",
  ),
  inInstance("an element inside a value", "<instanceId><b>i-1</b></instanceId>"),
  inInstance("CDATA beside elements", "<![CDATA[x]]><instanceId>i-1</instanceId>"),
  inInstance("mismatched tags in a skipped element", "<placement><tenancy>default</placement></tenancy>"),
  inInstance(
    "an attribute value holding a skipped element's closing tag",
    '<placement><az note="</placement>">x</az></placement><instanceId>i-1</instanceId>',
  ),
  inInstance(
    "white space in a skipped element's closing tag",
    "<placement>x</placement ><instanceId>i-1</instanceId>",
  ),
  inInstance(
    "a skipped element closed inside a nested one of its name",
    "<placement><placement>x</placement><instanceId>i-1</instanceId>",
  ),
  inInstance(
    "a closing tag of the same length but another name, in a skipped element",
    "<placement><zone>a</zonf></placement>",
  ),
  inInstance(
    "a closing tag of the same length but another name, at the end",
    "<placement><tenancy>default</tenancx></placement>",
  ),
  inInstance("a closing tag of the same length but another name", "<instanceId>i-1</instXnceId>"),
  ["a reply cut short", page(instance("<instanceId>i-1</instanceId>")).subarray(0, 300)],
  [
    "a byte order mark",
    Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), page(instance("<instanceId>i-1</instanceId>"))]),
  ],
  ["another root element", Buffer.from("<Response><reservationSet/></Response>")],
];

describe("fast reader: replies it leaves to the SDK's parser", () => {
  it.each(DECLINED)("%s", async (_, body) => {
    const stats = readerStats();
    const fast = fastRead(body);
    expect(fast.ok).toBe(false);
    const [sdk, imds] = await Promise.all([sdkRead(body), imdsRead(body, stats)]);
    expect(imds).toEqual(sdk);
    expect(stats.fast).toBe(0);
    expect(stats.fallbacks).toBe(1);
    expect([...stats.reasons.keys()]).toEqual([fast.ok ? "" : fast.reason]);
  });

  it("some of them the SDK reads, some it refuses: imds follows it either way", async () => {
    const outcomes = await Promise.all(DECLINED.map(([, body]) => sdkRead(body)));
    expect(outcomes.some((o) => o.ok)).toBe(true);
    expect(outcomes.some((o) => !o.ok)).toBe(true);
  });
});
