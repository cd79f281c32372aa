// The option value parsers: each accepts what it should and refuses the rest in one line.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvalidArgumentError } from "@commander-js/extra-typings";
import { afterAll, describe, expect, it } from "vitest";
import {
  endpointUrl,
  existingFile,
  hopLimit,
  instanceIds,
  intIn,
  list,
  newJournal,
  outputFile,
  regionList,
  regionName,
  stateList,
  tagPair,
} from "../../src/cli/parsers.js";
import { UsageError } from "../../src/errors.js";

const DIR = mkdtempSync(join(tmpdir(), "imds-parsers-"));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

describe("intIn", () => {
  const n = intIn(1, 64);
  it.each([
    ["1", 1],
    ["64", 64],
    [" 7 ", 7],
  ])("%j -> %d", (value, expected) => expect(n(value)).toBe(expected));
  it.each(["0", "65", "-1", "1.5", "1e2", "", "two", "0x10"])("refuses %j", (value) => {
    expect(() => n(value)).toThrow(new InvalidArgumentError("must be a whole number from 1 to 64"));
  });
});

describe("lists", () => {
  it("splits on commas, trims, drops empty items, and adds to a repeated flag's values", () => {
    expect(list(" a, b,,c ")).toEqual(["a", "b", "c"]);
    expect(list("c", ["a", "b"])).toEqual(["a", "b", "c"]);
  });
  it("refuses a list with nothing in it", () => {
    expect(() => list(" , ")).toThrow(/comma-separated list/);
  });
  it("regions: names like eu-west-1, repeatable", () => {
    expect(regionList("eu-west-1,us-gov-west-1", ["ap-southeast-2"])).toEqual([
      "ap-southeast-2",
      "eu-west-1",
      "us-gov-west-1",
    ]);
    expect(() => regionList("eu-west-1,Europe")).toThrow('"Europe" is not a region name (like eu-west-1)');
    expect(() => regionList("eu-west")).toThrow(/not a region name/);
  });
  it("one region: exactly one name", () => {
    expect(regionName("us-east-1")).toBe("us-east-1");
    expect(() => regionName("us-east-1,eu-west-1")).toThrow("takes one region, like us-east-1");
    expect(() => regionName("east")).toThrow(/not a region name/);
  });
  it("states: instance states only, not repeatable (the last --states wins)", () => {
    expect(stateList("running,stopped")).toEqual(["running", "stopped"]);
    expect(() => stateList("running,asleep")).toThrow(/"asleep" is not an instance state \(pending, running/);
  });
  it("instance ids: i- and 8 to 17 hex digits, repeatable", () => {
    expect(instanceIds("i-0123456789abcdef0", ["i-01234567"])).toEqual(["i-01234567", "i-0123456789abcdef0"]);
    expect(() => instanceIds("i-0123456789abcdef0,i-XYZ")).toThrow('"i-XYZ" is not an instance id');
    expect(() => instanceIds("i-0123456")).toThrow(/not an instance id/);
  });
});

describe("tags and hop limits", () => {
  it("tag pairs split at the first =, and a value may be empty or hold =", () => {
    expect(tagPair("env=prod")).toEqual([["env", "prod"]]);
    expect(tagPair("k=a=b", [["env", "prod"]])).toEqual([
      ["env", "prod"],
      ["k", "a=b"],
    ]);
    expect(tagPair("empty=")).toEqual([["empty", ""]]);
  });
  it.each(["env", "=prod", ""])("refuses the tag %j", (value) => {
    expect(() => tagPair(value)).toThrow(/is not KEY=VALUE/);
  });
  it("hop limit: 1 to 64, or no-preference", () => {
    expect(hopLimit("2")).toBe(2);
    expect(hopLimit("no-preference")).toBe("no-preference");
    expect(() => hopLimit("65")).toThrow(/1 to 64/);
    expect(() => hopLimit("none")).toThrow(/whole number/);
  });
});

describe("endpoint URLs", () => {
  it("accepts http and https", () => {
    expect(endpointUrl("http://127.0.0.1:4566")).toBe("http://127.0.0.1:4566");
    expect(endpointUrl("https://ec2.example.com")).toBe("https://ec2.example.com");
  });
  it("refuses what is not an http(s) URL", () => {
    expect(() => endpointUrl("not a url")).toThrow(/must be a URL/);
    expect(() => endpointUrl("ftp://example.com")).toThrow("must be an http or https URL");
    expect(() => endpointUrl("http://127.0.0.1:4566/?X-Amz-Security-Token=t")).toThrow(/query string/);
  });
  it("refuses credentials in the URL without repeating them", () => {
    let caught: unknown;
    try {
      endpointUrl("http://user:secret@127.0.0.1:4566");
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UsageError);
    expect(String((caught as Error).message)).not.toContain("secret");
  });
});

describe("files", () => {
  const file = join(DIR, "journal.jsonl");
  writeFileSync(file, "{}\n");
  mkdirSync(join(DIR, "folder"));

  it("output file: its folder must exist, and it must not be a folder", () => {
    expect(outputFile(join(DIR, "report.json"))).toBe(join(DIR, "report.json"));
    expect(outputFile(file)).toBe(file);
    expect(() => outputFile(join(DIR, "missing", "report.json"))).toThrow(
      /directory .*missing does not exist/,
    );
    expect(() => outputFile(join(DIR, "folder"))).toThrow(/is a directory/);
  });
  it("new journal: never an existing file", () => {
    expect(newJournal(join(DIR, "new.jsonl"))).toBe(join(DIR, "new.jsonl"));
    expect(() => newJournal(file)).toThrow(/already exists: journals are never overwritten/);
  });
  it("existing file: a file that is there", () => {
    expect(existingFile(file)).toBe(file);
    expect(() => existingFile(join(DIR, "none.jsonl"))).toThrow(/is not a file/);
    expect(() => existingFile(join(DIR, "folder"))).toThrow(/is not a file/);
  });
});
