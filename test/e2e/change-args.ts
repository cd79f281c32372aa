// The command lines the hardening tests run again and again: enforce on existing instances without
// evidence (--force) and without a prompt (--yes), journaled where the test says.

/** `imds enforce --instances --force --yes` in `regions`, journaled to `journal`, then `extra`. */
export function enforceInstances(
  endpoint: string,
  regions: string,
  journal: string,
  ...extra: string[]
): string[] {
  return [
    "enforce",
    "--endpoint-url",
    endpoint,
    "--regions",
    regions,
    "--instances",
    "--force",
    "--yes",
    "--journal",
    journal,
    ...extra,
  ];
}

/** `imds rollback JOURNAL --yes`, journaling its own undo to `undo`, then `extra`. */
export function rollbackJournal(
  endpoint: string,
  journal: string,
  undo: string,
  ...extra: string[]
): string[] {
  return ["rollback", journal, "--endpoint-url", endpoint, "--yes", "--journal", undo, ...extra];
}
