// The IMDS rules imds judges and changes by, in one place. Pure; imports nothing but types.
import type { AccountDefaults, MetadataOptions } from "./types.js";

/** Settings as imds names them: the fields a default or an instance can be set to. */
export type Settings = Record<string, string | number>;

/** The fields ModifyInstanceMetadataDefaults / ModifyInstanceMetadataOptions can set. */
const SETTING_KEYS = [
  "httpTokens",
  "hopLimit",
  "httpEndpoint",
  "httpProtocolIpv6",
  "instanceMetadataTags",
  "httpTokensEnforced",
] as const;

/** Every metadata field of an instance: what a change records as before, and verification compares. */
export const INSTANCE_KEYS = [
  "httpTokens",
  "hopLimit",
  "httpEndpoint",
  "httpProtocolIpv6",
  "instanceMetadataTags",
] as const;

/** IMDSv1 is off: tokens required, or no metadata endpoint at all. For defaults, instances and templates. */
export function requiresV2(m: { httpTokens?: string; httpEndpoint?: string } | undefined): boolean {
  return m?.httpTokens === "required" || m?.httpEndpoint === "disabled";
}

/**
 * HttpTokensEnforced is on: a launch whose settings would allow IMDSv1 fails, and setting
 * HttpTokens=optional on an instance that requires IMDSv2 is refused (UnsupportedOperation).
 */
export function isEnforced(d: AccountDefaults | Settings | undefined): boolean {
  return d?.httpTokensEnforced === "enabled";
}

/** An AWS Organizations declarative policy owns the region's defaults: the account cannot change them. */
export function isLocked(d: AccountDefaults | undefined): boolean {
  return d?.managedBy !== undefined && d.managedBy !== "account";
}

/** "managed by an organization policy", with the policy's own message when it has one. */
export function lockText(message: string | undefined): string {
  return `managed by an organization policy${message ? `: ${message}` : ""}`;
}

/** The settable fields of what AWS returned for a default, an instance or a template (`keys` narrows). */
export function settingsOf(
  m: AccountDefaults | MetadataOptions,
  keys: readonly string[] = SETTING_KEYS,
): Settings {
  const out: Settings = {};
  for (const key of keys) {
    const v = (m as Record<string, unknown>)[key];
    if (typeof v === "string" || typeof v === "number") out[key] = v;
  }
  return out;
}
