/** Bad usage or input: one line for the user, exit code 2, nothing changed. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** The run could not check what it was asked to (e.g. the home region is unreachable): exit code 3. */
export class IncompleteError extends Error {
  override name = "IncompleteError";
}
