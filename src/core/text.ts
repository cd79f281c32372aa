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
