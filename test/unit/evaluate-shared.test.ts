// The per-run interner makes each instance's judgement once per distinct input (evaluate.ts's
// instanceKey): whatever the instance, the shared path must give exactly what judging it alone gives.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateInstance, interner } from "../../src/core/evaluate.js";
import { TAG_GROUP, TAG_TEMPLATE, TAG_TEMPLATE_VERSION } from "../../src/core/launch-types.js";
import { resourceRules } from "../../src/core/resource-rules.js";
import type { InstanceRecord } from "../../src/core/types.js";

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
// "undefined" as a value must not be taken for an absent one.
const word = fc.constantFrom("required", "optional", "enabled", "disabled", "undefined", "", "a\u0000b");

const instanceArb: fc.Arbitrary<InstanceRecord> = fc.record({
  id: fc.constantFrom("i-1", "i-2", "i-3"),
  name: maybe(fc.constantFrom("web", "batch", "")),
  state: fc.constantFrom("running", "stopped", "undefined"),
  tags: fc.dictionary(
    fc.constantFrom(TAG_GROUP, TAG_TEMPLATE, TAG_TEMPLATE_VERSION, "team", "Name"),
    fc.constantFrom("web-asg", "lt-1", "3", "data", ""),
  ),
  metadata: fc.record(
    {
      httpTokens: word,
      hopLimit: fc.integer({ min: 1, max: 4 }),
      httpEndpoint: word,
      httpProtocolIpv6: word,
      instanceMetadataTags: word,
      state: fc.constantFrom("pending", "applied"),
    },
    { requiredKeys: [] },
  ),
});

const rules = resourceRules(
  {
    exceptions: [
      {
        value: {
          match: { tags: { team: "data" }, code: "imdsv1-allowed" },
          reason: "moves next quarter",
          owner: "data@example.com",
          expires: "2026-12-31",
        },
        where: "imds.config.yaml:3",
      },
    ],
    hopLimits: [
      { value: { match: { tags: { team: "data" } }, max: 3 }, where: "imds.config.yaml:9" },
      { value: { match: { name: "web" }, max: 2 }, where: "imds.config.yaml:12" },
      // The same limit as the first rule's, from another line: the finding names the line.
      { value: { match: { name: "batch" }, max: 3 }, where: "imds.config.yaml:15" },
    ],
  },
  { account: { id: "111122223333" }, now: new Date("2026-11-01T00:00:00Z"), maxHopLimit: 1 },
);

/** The instance with one input changed: each metadata field, the state, a launch tag or the name. */
function variants(i: InstanceRecord): InstanceRecord[] {
  const out: InstanceRecord[] = [];
  for (const k of [
    "httpTokens",
    "hopLimit",
    "httpEndpoint",
    "httpProtocolIpv6",
    "instanceMetadataTags",
    "state",
  ] as const) {
    const { [k]: _, ...without } = i.metadata;
    out.push({ ...i, metadata: without });
    out.push({
      ...i,
      metadata: { ...i.metadata, [k]: k === "hopLimit" ? (i.metadata.hopLimit ?? 1) + 1 : "undefined" },
    });
  }
  out.push({ ...i, state: i.state === "running" ? "stopped" : "running" });
  for (const tag of [TAG_GROUP, TAG_TEMPLATE, TAG_TEMPLATE_VERSION, "team"]) {
    const { [tag]: _, ...without } = i.tags;
    out.push({ ...i, tags: without });
    out.push({ ...i, tags: { ...i.tags, [tag]: `${i.tags[tag] ?? ""}x` } });
    out.push({ ...i, tags: { ...i.tags, [tag]: "data" } });
  }
  out.push({ ...i, name: "web" });
  return out;
}

describe("instances judged through the per-run interner", () => {
  for (const [label, opts] of [
    ["--max-hop-limit only", { maxHopLimit: 1 }],
    ["with exceptions and hop-limit rules", { maxHopLimit: 1, rules }],
  ] as const) {
    it(`give what judging each alone gives, whichever one input differs (${label})`, () => {
      fc.assert(
        fc.property(fc.array(instanceArb, { minLength: 1, maxLength: 5 }), (instances) => {
          const intern = interner();
          for (const i of instances.flatMap((i) => [i, ...variants(i)])) {
            const shared = evaluateInstance("eu-west-1", i, { ...opts, intern });
            expect(shared).toEqual(evaluateInstance("eu-west-1", i, opts));
          }
        }),
        { numRuns: 200, seed: 42 },
      );
    });
  }

  it("share one findings list and one settings object between instances judged alike", () => {
    const intern = interner();
    const a = evaluateInstance(
      "eu-west-1",
      { id: "i-a", state: "running", tags: {}, metadata: { httpTokens: "optional" } },
      { maxHopLimit: 1, intern },
    );
    const b = evaluateInstance(
      "eu-west-1",
      { id: "i-b", state: "running", tags: {}, metadata: { httpTokens: "optional" } },
      { maxHopLimit: 1, intern },
    );
    const c = evaluateInstance(
      "eu-west-1",
      { id: "i-c", state: "stopped", tags: {}, metadata: { httpTokens: "optional" } },
      { maxHopLimit: 1, intern },
    );
    expect(b.findings).toBe(a.findings);
    expect(b.settings).toBe(a.settings);
    expect(c.findings).toBe(a.findings);
    expect(c.settings).not.toBe(a.settings);
    expect(c.settings.state).toBe("stopped");
  });

  it("make a keyed value once", () => {
    const intern = interner();
    let made = 0;
    const make = () => ({ n: ++made });
    expect(intern.byKey("k", make)).toBe(intern.byKey("k", make));
    expect(made).toBe(1);
  });
});
