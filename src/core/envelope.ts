// What every report starts with: its schema version, the command, the tool, the account and when.
// Pure.

export interface Account {
  id: string;
  arn?: string;
}

export interface Envelope<C extends string | undefined = undefined> {
  schemaVersion: 1;
  command: C;
  tool: { name: "imds"; version: string };
  account: Account;
  generatedAt: string;
}

/** The envelope's fields in the order every JSON report prints them (`command` only when given). */
export function envelope<C extends string | undefined = undefined>(e: {
  command?: C;
  version: string;
  account: Account;
  generatedAt: Date;
}): C extends string ? Envelope<C> : Omit<Envelope, "command"> {
  return {
    schemaVersion: 1,
    ...(e.command === undefined ? {} : { command: e.command }),
    tool: { name: "imds", version: e.version },
    account: e.account,
    generatedAt: e.generatedAt.toISOString(),
  } as C extends string ? Envelope<C> : Omit<Envelope, "command">;
}
