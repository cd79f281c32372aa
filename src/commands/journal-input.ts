// Reading a journal a user hands to rollback or watch: any flaw is bad input (exit 2), never a guess.
import { UsageError } from "../errors.js";
import { JournalError, readJournal } from "../journal/journal.js";

export function loadJournal(path: string): ReturnType<typeof readJournal> {
  try {
    return readJournal(path);
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
