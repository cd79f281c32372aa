// What the simulator holds, read independently of imds: the oracle for enforce and rollback.
import { existsSync } from "node:fs";
import { expect } from "vitest";
import type { Simulator } from "../../src/sim/index.js";
import type { Workspace } from "./harness.js";

/** Every metadata field of an instance, plus its state: compared field by field before and after. */
interface InstanceSnapshot {
  state: string;
  httpTokens: string;
  httpPutResponseHopLimit: number;
  httpEndpoint: string;
  httpProtocolIpv6: string;
  instanceMetadataTags: string;
}

/** Per enabled region: the account defaults object and every instance, keyed by id. */
export type StateSnapshot = Record<
  string,
  { defaults: Record<string, unknown>; instances: Record<string, InstanceSnapshot> }
>;

export function simSnapshot(sim: Simulator): StateSnapshot {
  const out: StateSnapshot = {};
  for (const r of sim.state.enabledRegions()) {
    const instances: Record<string, InstanceSnapshot> = {};
    for (const i of r.instances) {
      instances[i.id] = {
        state: i.state,
        httpTokens: i.httpTokens,
        httpPutResponseHopLimit: i.httpPutResponseHopLimit,
        httpEndpoint: i.httpEndpoint,
        httpProtocolIpv6: i.httpProtocolIpv6,
        instanceMetadataTags: i.instanceMetadataTags,
      };
    }
    out[r.name] = { defaults: structuredClone({ ...r.defaults }), instances };
  }
  return out;
}

/** `region id` of every instance whose snapshot differs between the two. */
export function changedInstances(before: StateSnapshot, after: StateSnapshot): string[] {
  const out: string[] = [];
  for (const [region, b] of Object.entries(before)) {
    for (const [id, settings] of Object.entries(b.instances)) {
      if (JSON.stringify(settings) !== JSON.stringify(after[region]?.instances[id]))
        out.push(`${region} ${id}`);
    }
  }
  return out;
}

/** Calls that write metadata settings (DryRun probes included), in every region. */
function writeCalls(sim: Simulator): number {
  return (
    sim.log.count({ action: "ModifyInstanceMetadataOptions" }) +
    sim.log.count({ action: "ModifyInstanceMetadataDefaults" })
  );
}

/**
 * Nothing written: the simulator holds what it held `before`, its log (empty then) shows no write
 * call, and none of these journals (paths in the workspace) was created.
 */
export function expectNothingWritten(
  { sim, before, file }: Pick<Workspace, "file"> & { sim: Simulator; before: StateSnapshot },
  journals: string[],
): void {
  expect(simSnapshot(sim)).toEqual(before);
  expect(writeCalls(sim)).toBe(0);
  for (const f of journals) expect(existsSync(file(f)), f).toBe(false);
}

/**
 * What the simulator holds now for a journaled resource, in the journal's field names (hopLimit for
 * the hop limit); a default field that is unset is absent.
 */
export function simSettings(
  sim: Simulator,
  region: string,
  kind: "account-default" | "instance",
  id: string,
): Record<string, string | number> {
  const r = sim.state.region(region);
  if (!r) throw new Error(`no region ${region} in the simulator`);
  const instance = kind === "instance" ? r.instances.find((i) => i.id === id) : undefined;
  if (kind === "instance" && !instance) throw new Error(`no instance ${id} in ${region}`);
  const source: Record<string, unknown> = { ...(instance ?? r.defaults) };
  const out: Record<string, string | number> = {};
  const names: Record<string, string> = {
    httpTokens: "httpTokens",
    httpPutResponseHopLimit: "hopLimit",
    httpEndpoint: "httpEndpoint",
    httpProtocolIpv6: "httpProtocolIpv6",
    instanceMetadataTags: "instanceMetadataTags",
    httpTokensEnforced: "httpTokensEnforced",
  };
  for (const [simName, name] of Object.entries(names)) {
    const v = source[simName];
    if (typeof v === "string" || typeof v === "number") out[name] = v;
  }
  return out;
}
