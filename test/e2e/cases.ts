// End-to-end cases as data (attw's pattern): each case is one test that starts from its own fresh
// simulator and temp folder, runs one recorded command, matches its own markdown snapshot
// (__snapshots__/<suite>/<case-slug>.md), then checks what a transcript cannot show. No case depends
// on another, so any one of them runs alone (`npx vitest run -t TITLE`) to the same snapshot.
import { existsSync, readdirSync } from "node:fs";
import { resolve } from "node:path";
import { expect, it } from "vitest";
import type { Scenario } from "../../src/sim/index.js";
import {
  onSimulator,
  type Run,
  type SimStart,
  type SimWorkspace,
  type Workspace,
  withSimulator,
  withWorkspace,
} from "./harness.js";
import { type StateSnapshot, simSnapshot } from "./sim-state.js";
import { transcript } from "./transcript.js";

interface Case<C> {
  /** The test's name and the snapshot's heading. */
  title: string;
  /** Brings the account to where the case starts (other commands, edits); not recorded. */
  setup?: (ctx: C) => Promise<void>;
  /** The recorded command. */
  args: (ctx: C) => string[];
  env?: Record<string, string>;
  /** Normalizes what is recorded where it moves with the clock (evidence counts, dates). */
  steady?: (text: string) => string;
  /** What the transcript cannot show: exit code, reports field by field, the simulator's state and log. */
  check: (run: Run, ctx: C) => void | Promise<void>;
  timeout?: number;
}

export interface SimCaseContext extends SimWorkspace {
  /** What the simulator held when it started, before setup. */
  initial: StateSnapshot;
  /** What the simulator held just before the recorded command (after setup). */
  before: StateSnapshot;
}

export interface SimCase extends Case<SimCaseContext>, SimStart {
  scenario: Scenario | string;
}

/** A case that needs no simulator: bad usage, an unreachable endpoint, missing credentials. */
export type OfflineCase = Case<Workspace>;

function slug(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/** Per suite, the snapshot files (slugs) its cases write. */
const claimed = new Map<string, Set<string>>();

/**
 * The cases, after checking that no two would write the same snapshot file. A suite's first cases
 * also bring a test that fails on a file in its snapshot folder that no case writes any more.
 */
function claim<C extends { title: string }>(suite: string, cases: C[]): C[] {
  let slugs = claimed.get(suite);
  if (!slugs) {
    const mine = new Set<string>();
    claimed.set(suite, mine);
    it(`__snapshots__/${suite}/ holds only the snapshots of its cases`, () => {
      const folder = resolve(import.meta.dirname, "__snapshots__", suite);
      const files = existsSync(folder) ? readdirSync(folder) : [];
      expect(files.filter((f) => !mine.has(f.replace(/\.md$/, "")))).toEqual([]);
    });
    slugs = mine;
  }
  for (const c of cases) {
    const name = slug(c.title);
    if (slugs.has(name)) throw new Error(`two cases would write __snapshots__/${suite}/${name}.md`);
    slugs.add(name);
  }
  return cases;
}

async function play<C extends Workspace>(suite: string, c: Case<C>, ctx: C, endpoint?: string) {
  const run = await ctx.run(c.args(ctx), c.env);
  // Against another endpoint (IMDS_E2E_ENDPOINT) what a user sees differs: only the checks apply.
  if (onSimulator) {
    const text = transcript(c.title, run, { endpoint, dir: ctx.dir, steady: c.steady });
    await expect.soft(text).toMatchFileSnapshot(`__snapshots__/${suite}/${slug(c.title)}.md`);
  }
  await c.check(run, ctx);
}

function startOf(c: SimStart): SimStart {
  return { ...(c.clock ? { clock: c.clock } : {}), ...(c.controls ? { controls: c.controls } : {}) };
}

/** One test per case, each on a fresh simulator loaded with the case's scenario. */
export function simCases(suite: string, cases: SimCase[]): void {
  for (const c of claim(suite, cases)) {
    it(
      c.title,
      () =>
        withSimulator(
          c.scenario,
          async (ws) => {
            const initial = simSnapshot(ws.sim);
            const ctx: SimCaseContext = { ...ws, initial, before: initial };
            if (c.setup) {
              await c.setup(ctx);
              ctx.before = simSnapshot(ws.sim);
            }
            await play(suite, c, ctx, ws.sim.url);
          },
          startOf(c),
        ),
      c.timeout,
    );
  }
}

export function offlineCases(suite: string, cases: OfflineCase[]): void {
  for (const c of claim(suite, cases))
    it(
      c.title,
      () =>
        withWorkspace(async (ws) => {
          await c.setup?.(ws);
          await play(suite, c, ws);
        }),
      c.timeout,
    );
}
