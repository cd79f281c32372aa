// Text as a screen shows it: safe to print, measured in terminal columns, cut without breaking a
// character. Shared by every renderer. Pure.
import stringWidth from "string-width";

// The one neutraliser of control characters, shared with error messages (core/text.ts).
export { printable, printableLines } from "../core/text.js";

/**
 * Columns the text takes in a terminal: 2 for a full-width (CJK) character, 0 for a combining mark
 * or a color code. The same measure cli-table3 pads with, so widths computed here line up there.
 */
export function displayWidth(text: string): number {
  // Most cells are plain ASCII, one column a character; string-width is slow enough to matter per cell.
  return PLAIN.test(text) ? text.length : stringWidth(text);
}

const PLAIN = /^[\x20-\x7e]*$/;

let graphemes: Intl.Segmenter | undefined;

/** Cuts text to `width` columns, ending with "…" when it had to cut; never splits a character. */
export function clip(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 0) return "";
  if (PLAIN.test(text)) return `${text.slice(0, width - 1)}…`;
  graphemes ??= new Intl.Segmenter("en", { granularity: "grapheme" });
  let out = "";
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const w = displayWidth(segment);
    if (used + w > width - 1) break;
    out += segment;
    used += w;
  }
  return `${out}…`;
}

/** "2026-11-22 10:51 UTC"; the raw text when it is not a date. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const text = date.toISOString();
  return `${text.slice(0, 10)} ${text.slice(11, 16)} UTC`;
}

/** Backslash-escapes what markdown would act on: a pipe ends a table cell, the rest format or link. */
export function escapeMd(text: string): string {
  return text.replace(/[\\|`*_[\]<>]/g, "\\$&");
}
