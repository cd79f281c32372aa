// The change stages of an organization run (dry-run probes, apply, verify) done account by account:
// each account's share with that account's clients, at most `maxAccounts` accounts at once, its
// clients let go when it is done, so the clients alive never grow with the organization.
import pLimit from "p-limit";
import type { Clients } from "../aws/clients.js";
import { groupBy } from "../core/text.js";

export interface AccountClients {
  /** The clients of an account (no account: the one account of a one-account run). */
  get(account?: string): Clients;
  /** Done with the account for now: its clients may go (its credentials stay cached). */
  release(account?: string): void;
}

/** One account's clients, for a one-account run. */
export function oneAccount(clients: Clients): AccountClients {
  return { get: () => clients, release: () => {} };
}

/** Runs `fn` on each account's items with its clients, accounts in the order first seen. */
export async function byAccount<T, R>(
  items: readonly T[],
  accountOf: (item: T) => string | undefined,
  clients: AccountClients,
  maxAccounts: number,
  fn: (clients: Clients, items: T[]) => Promise<R>,
): Promise<R[]> {
  const inFlight = pLimit(maxAccounts);
  const groups = groupBy(items, (item) => accountOf(item) ?? "");
  return Promise.all(
    [...groups].map(([account, mine]) =>
      inFlight(async () => {
        try {
          return await fn(clients.get(account || undefined), mine);
        } finally {
          clients.release(account || undefined);
        }
      }),
    ),
  );
}
