// The fast reader against the AWS SDK's own parser: on replies generated from the real shape
// (property-based), both give identical records on every field imds uses, and the reader reads
// every one of them itself (no silent fallback hides a gap).

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readerStats } from "../../src/aws/fast-reader/index.js";
import { fastRead, imdsRead, replies, sdkRead } from "./fast-reader-xml.js";

describe("fast reader: differential, generated replies", () => {
  it("reads every generated reply itself, exactly as the SDK does", async () => {
    await fc.assert(
      fc.asyncProperty(replies, async (body) => {
        const sdk = await sdkRead(body);
        const fast = fastRead(body);
        expect(sdk.ok, sdk.ok ? "" : sdk.error).toBe(true);
        expect(fast.ok, fast.ok ? "" : fast.reason).toBe(true);
        if (sdk.ok && fast.ok) {
          const { metadata: _, ...records } = sdk.page;
          expect(fast.page).toEqual(records);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("through the client too: the reader's output is what imds gets, with the SDK's $metadata", async () => {
    await fc.assert(
      fc.asyncProperty(replies, async (body) => {
        const stats = readerStats();
        const [sdk, imds] = await Promise.all([sdkRead(body), imdsRead(body, stats)]);
        expect(imds).toEqual(sdk);
        expect(stats).toMatchObject({ fast: 1, fallbacks: 0 });
      }),
      { numRuns: 100 },
    );
  });

  it("generated replies cover what the reader must get right", () => {
    // The property above would pass vacuously on replies without the hard cases.
    const sample = fc.sample(replies, { numRuns: 300, seed: 42 }).map((b) => b.toString("utf8"));
    for (const needle of [
      "<![CDATA[",
      "&amp;",
      "&#x",
      "<!--",
      "\r\n",
      "<tagSet/>",
      "<instanceId/>",
      "<nextToken>",
      "<item><item><item>",
      "<![CDATA[</stateReason>",
      "<ñañaña>",
      "\n             <",
    ]) {
      expect(
        sample.some((xml) => xml.includes(needle)),
        needle,
      ).toBe(true);
    }
  });
});
