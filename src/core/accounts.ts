// Which accounts an organization run covers: account ids as users give them (flags, a file, or the
// JSON `aws organizations list-accounts` prints), and the selection from a listing. Pure.
import { UsageError } from "../errors.js";
import { echo } from "./text.js";

/** An account to cover, with what Organizations said of it when it was listed there. */
export interface AccountRef {
  id: string;
  name?: string;
  /** ACTIVE | SUSPENDED | PENDING_CLOSURE | CLOSED | PENDING_ACTIVATION (Organizations' State, else Status). */
  state?: string;
  /** INVITED | CREATED: invited accounts have no OrganizationAccountAccessRole unless someone made one. */
  joinedMethod?: string;
}

/** An account left out of the run, and why: said in the report, never dropped silently. */
export interface SkippedAccount {
  id: string;
  name?: string;
  reason: string;
}

const ACCOUNT_ID = /^\d{12}$/;

export function isAccountId(value: string): boolean {
  return ACCOUNT_ID.test(value);
}

/** A 12-digit id, or one line saying what is wrong with it. */
function checkAccountId(value: string, where: string): string {
  const id = value.trim();
  if (!isAccountId(id)) throw new UsageError(`${where}: "${echo(id)}" is not a 12-digit AWS account id`);
  return id;
}

interface ListedAccount {
  Id?: unknown;
  Name?: unknown;
  State?: unknown;
  Status?: unknown;
  JoinedMethod?: unknown;
}

const text = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** An account as Organizations' ListAccounts returns it (the SDK's or the CLI's JSON). */
export function accountFromListing(a: ListedAccount, where: string): AccountRef {
  const id = checkAccountId(typeof a.Id === "string" ? a.Id : String(a.Id ?? ""), where);
  const name = text(a.Name);
  const state = text(a.State) ?? text(a.Status);
  const joinedMethod = text(a.JoinedMethod);
  return {
    id,
    ...(name === undefined ? {} : { name }),
    ...(state === undefined ? {} : { state }),
    ...(joinedMethod === undefined ? {} : { joinedMethod }),
  };
}

function fromJson(content: string, path: string): AccountRef[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch (err) {
    throw new UsageError(`--accounts-file ${echo(path)}: not valid JSON (${(err as Error).message})`);
  }
  const list = (parsed as { Accounts?: unknown } | null)?.Accounts;
  if (!Array.isArray(list)) {
    throw new UsageError(
      `--accounts-file ${echo(path)}: JSON without an "Accounts" list (expected what aws organizations list-accounts prints)`,
    );
  }
  return list.map((a, i) =>
    accountFromListing((a ?? {}) as ListedAccount, `--accounts-file ${echo(path)}: Accounts[${i}]`),
  );
}

function fromLines(content: string, path: string): AccountRef[] {
  const out: AccountRef[] = [];
  for (const [i, raw] of content.split(/\r?\n/).entries()) {
    const line = raw.replace(/#.*$/, "").trim();
    if (line === "") continue;
    out.push({ id: checkAccountId(line, `--accounts-file ${echo(path)}: line ${i + 1}`) });
  }
  return out;
}

/**
 * The accounts in an --accounts-file: one 12-digit id per line (blank lines and `#` comments
 * allowed), or the JSON `aws organizations list-accounts` prints. Each id once, in file order.
 */
export function parseAccountsFile(content: string, path: string): AccountRef[] {
  const accounts = content.trimStart().startsWith("{") ? fromJson(content, path) : fromLines(content, path);
  if (accounts.length === 0) throw new UsageError(`--accounts-file ${echo(path)}: no account ids in it`);
  return dedupe(accounts);
}

/** Each account once (the first listing wins). */
function dedupe(accounts: readonly AccountRef[]): AccountRef[] {
  const seen = new Map<string, AccountRef>();
  for (const a of accounts) if (!seen.has(a.id)) seen.set(a.id, a);
  return [...seen.values()];
}

/** Accounts Organizations lists as anything but ACTIVE cannot be entered: left out, with their state. */
function usable(a: AccountRef): boolean {
  return a.state === undefined || a.state === "ACTIVE";
}

export interface Selection {
  /** The accounts to cover, sorted by id. */
  accounts: AccountRef[];
  /** Accounts listed but left out (not ACTIVE, excluded), sorted by id. */
  skipped: SkippedAccount[];
}

/**
 * The accounts a run covers: the listed ones that are ACTIVE and not excluded, sorted by id. An
 * excluded id that was not listed is an error (a typo must not pass as "excluded").
 */
export function selectAccounts(listed: readonly AccountRef[], exclude: readonly string[] = []): Selection {
  const ids = new Set(listed.map((a) => a.id));
  const unknown = exclude.filter((id) => !ids.has(id));
  if (unknown.length) {
    throw new UsageError(`--exclude-accounts: not among the accounts in scope: ${unknown.join(", ")}`);
  }
  const excluded = new Set(exclude);
  const accounts: AccountRef[] = [];
  const skipped: SkippedAccount[] = [];
  for (const a of dedupe(listed)) {
    const name = a.name === undefined ? {} : { name: a.name };
    if (excluded.has(a.id)) skipped.push({ id: a.id, ...name, reason: "excluded by --exclude-accounts" });
    else if (!usable(a)) skipped.push({ id: a.id, ...name, reason: `${a.state} in Organizations` });
    else accounts.push(a);
  }
  const byId = (x: { id: string }, y: { id: string }) => x.id.localeCompare(y.id);
  return { accounts: accounts.sort(byId), skipped: skipped.sort(byId) };
}
