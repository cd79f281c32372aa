// Temporary credentials the simulator issues (sts:AssumeRole). The access key id names the
// account, as AWS's do: `ASIA` + the account id in base32 (8 characters) + a counter (8), 20
// characters in all. Keys the simulator did not issue are the caller's own (the management
// account's).

import { randomBytes } from "node:crypto";

export interface Session {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly accountId: string;
  readonly roleName: string;
  readonly sessionName: string;
  /** `AROA...`: the role's unique id. */
  readonly roleId: string;
  /** Epoch ms on the simulator clock. */
  readonly expiresAt: number;
  /** Issued to a caller that was itself an assumed role (role chaining: at most 1 hour). */
  readonly chained: boolean;
}

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

function base32(n: number, width: number): string {
  let out = "";
  for (let i = 0; i < width; i++) {
    out = (BASE32[n % 32] as string) + out;
    n = Math.floor(n / 32);
  }
  return out;
}

/** The account id a simulator-issued access key id encodes (tests use it; AWS's keys do this too). */
export function accountOfKey(accessKeyId: string): string | undefined {
  if (!/^ASIA[A-Z2-7]{16}$/.test(accessKeyId)) return undefined;
  let n = 0;
  for (const c of accessKeyId.slice(4, 12)) n = n * 32 + BASE32.indexOf(c);
  return String(n).padStart(12, "0");
}

/** Deterministic `AROA` + 17 characters for a role, as IAM's unique ids look. */
function roleIdOf(accountId: string, roleName: string): string {
  let h = 0x811c9dc5;
  for (const c of `${accountId}/${roleName}`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return `AROA${base32(Number(accountId) % 32 ** 8, 8)}${base32(h, 7)}${base32(h >>> 3, 2)}`;
}

export class CredentialStore {
  private readonly sessions = new Map<string, Session>();
  private counter = 0;

  issue(fields: Omit<Session, "accessKeyId" | "secretAccessKey" | "sessionToken" | "roleId">): Session {
    this.counter += 1;
    const session: Session = {
      ...fields,
      accessKeyId: `ASIA${base32(Number(fields.accountId), 8)}${base32(this.counter, 8)}`,
      secretAccessKey: randomBytes(30).toString("base64"),
      sessionToken: `IQoJb3JpZ2luX2VjE${randomBytes(120).toString("base64")}`,
      roleId: roleIdOf(fields.accountId, fields.roleName),
    };
    this.sessions.set(session.accessKeyId, session);
    return session;
  }

  /** The session behind an access key id, when the simulator issued it. */
  find(accessKeyId: string): Session | undefined {
    return this.sessions.get(accessKeyId);
  }

  /** Every session issued so far (tests check that none was ever printed). */
  all(): Session[] {
    return [...this.sessions.values()];
  }
}
