// The config file's exceptions and hop-limit rules as cells: in the audit report (each exception's
// verdict) and in `imds config show`. Pure, no color.
import type { ExceptionVerdict } from "../core/types.js";
import type { Selector } from "../schemas/config.js";
import { printable } from "./text.js";

/** A selector in one line: "region=eu-* resource=i-0abc*,i-0def* tags.team=legacy". */
function matchText(selector: Selector | undefined): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(selector ?? {})) {
    if (key === "tags") {
      for (const [tag, glob] of Object.entries(value as Record<string, string>))
        parts.push(`tags.${tag}=${glob}`);
    } else {
      parts.push(`${key}=${[value].flat().join(",")}`);
    }
  }
  return printable(parts.join(" ") || "(everything)");
}

export const EXCEPTION_HEADERS = ["Exception", "Status", "Excepted", "Expires", "Owner", "Reason"];

export function exceptionCells(e: ExceptionVerdict): string[] {
  return [e.where, e.status, String(e.excepted), e.expires, e.owner, e.reason].map(printable);
}

/** The exceptions that need someone: expired (fail) and stale (warn) ones, with what to do. */
export function exceptionProblems(exceptions: readonly ExceptionVerdict[] | undefined): string[] {
  return (exceptions ?? []).filter((e) => e.severity !== "pass").map((e) => printable(e.message));
}

export const CONFIG_EXCEPTION_HEADERS = ["Exception", "Status", "Expires", "Owner", "Match", "Reason"];

export function configExceptionCells(e: {
  where: string;
  status: string;
  expires: string;
  owner: string;
  match: Selector;
  reason: string;
}): string[] {
  return [e.where, e.status, e.expires, e.owner, matchText(e.match), e.reason].map(printable);
}

export const HOP_RULE_HEADERS = ["Hop-limit rule", "Max", "Match", "Reason"];

export function hopRuleCells(r: { where: string; max: number; match?: Selector; reason?: string }): string[] {
  return [r.where, String(r.max), matchText(r.match), r.reason ?? ""].map(printable);
}
