// Reading a journal a user hands to rollback or watch: any flaw is bad input (exit 2), never a guess.
import { UsageError } from "../errors.js";
import { JournalError, type ReadJournal, readJournal } from "../journal/journal.js";

/**
 * The journal at `path`, every complete record checked (format, order, hash chain). What its end
 * or its version means for the run is said on stderr: a torn last line is expected after a crash or
 * a full disk, and the records before it are used.
 */
export function loadJournal(path: string, warn: (line: string) => void): ReadJournal {
  try {
    const read = readJournal(path);
    if (read.torn) {
      const { line, recovered } = read.torn;
      warn(
        recovered
          ? `journal ${path}: line ${line} lacks its newline (cut short by a crash or a full disk) but is whole: used; a change without an outcome is checked against what AWS shows now`
          : `journal ${path}: line ${line} was cut short (a crash or a full disk): the ${line - 1} complete lines before it are used; the change it was recording was never started (imds calls AWS only once the intent is on disk), and any change without an outcome is checked against what AWS shows now`,
      );
    }
    if (read.unchained)
      warn(`journal ${path} is version 1, without a hash chain: edits to it cannot be detected`);
    return read;
  } catch (err) {
    if (err instanceof JournalError) {
      throw new UsageError(`${err.message}: the journal cannot be trusted, nothing was changed`);
    }
    throw err;
  }
}

export function checkAccount(journalAccount: string, callerAccount: string): void {
  if (journalAccount !== callerAccount) {
    throw new UsageError(
      `the journal is from account ${journalAccount}, but the credentials are for account ${callerAccount}: use the matching --profile`,
    );
  }
}

/** The regions a journal touched, for the session's scope. */
export function journalRegions(entries: readonly { region: string }[]): string[] | undefined {
  const regions = [...new Set(entries.map((e) => e.region))].sort();
  return regions.length ? regions : undefined;
}
