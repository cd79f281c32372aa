// Small text helpers shared by the pure core and the renderers.

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The first line of an error's message: SDK messages can run to several. */
export function firstLine(err: unknown): string {
  return String((err as { message?: string } | undefined)?.message ?? err).split("\n")[0] ?? "";
}

/** Groups items by key, keeping first-seen order; pushes in place (no copying per item). */
export function groupBy<T>(items: Iterable<T>, key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

// C0/C1 controls (ESC starts a terminal escape sequence), DEL, and bidi overrides and isolates that
// can disguise text. The one list every renderer and every error message neutralises.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the same list, less newline and tab.
const UNSAFE_IN_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
/** What JSON.stringify leaves raw that a terminal acts on: DEL, C1 and the bidi controls. */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Makes text read from AWS (tag names, messages) or typed by a user safe to print: one line, no escapes. */
export function printable(text: string): string {
  return text.replace(UNSAFE_CHARS, " ");
}

/** printable, but newlines and tabs stay (a CSV cell, a markdown document). */
export function printableLines(text: string): string {
  return text.replace(UNSAFE_IN_LINES, " ");
}

/**
 * JSON text with every character a terminal would act on written as a \u escape: still exactly the
 * same data once parsed (JSON.stringify already escapes C0 controls; this adds DEL, C1 and bidi).
 */
export function terminalSafeJson(json: string): string {
  return json.replace(UNSAFE_IN_JSON, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Longest echo of a user's value or of resource data inside an error message. */
const ECHO_MAX = 60;

/**
 * A value quoted inside an error: printable, and cut to a line's worth with its full length said,
 * so a 100 KB --regions value or a 1 MB journal field never becomes a 100 KB stderr line.
 */
export function echo(value: string, max = ECHO_MAX): string {
  const safe = printable(value);
  if (safe.length <= max) return safe;
  return `${safe.slice(0, max)}… (${value.length.toLocaleString("en-US")} characters)`;
}

/** Longest error line imds prints; the echoes inside are capped first, so this rarely cuts. */
const LINE_MAX = 400;

/**
 * An error message as one safe line: control characters neutralised, every long token (a value the
 * user typed, a path, a field read from a journal) echoed capped, the whole line at most 400 characters.
 */
export function errorLine(message: string): string {
  const line = printable(message).replace(/\S{61,}/g, (token) => echo(token));
  return line.length <= LINE_MAX ? line : `${line.slice(0, LINE_MAX - 1)}…`;
}
