// Credentials for member accounts: sts:AssumeRole on the caller's regional STS client, one call per
// account (concurrent askers share it), paced, cached, and refreshed before they expire. The keys
// live only here and in the SDK clients that sign with them: never in a report, a log or an error.
import { AssumeRoleCommand, type STSClient } from "@aws-sdk/client-sts";
import type { Pacer } from "./pacer.js";

/** Temporary credentials, in the shape the SDK's `credentials` option takes. */
export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export interface RoleTarget {
  /** e.g. "arn:aws:iam::{account}:role/OrganizationAccountAccessRole" */
  arnTemplate: string;
  externalId?: string | undefined;
  /** What CloudTrail shows for the session: says it is imds. */
  sessionName: string;
}

/** The role ARN for one account. */
function roleArnFor(target: RoleTarget, account: string): string {
  return target.arnTemplate.replaceAll("{account}", account);
}

/**
 * Refresh this long before expiry. The SDK asks again when its copy has under 5 minutes left; a
 * fresh copy must then be more than that away from expiring, or it would ask on every call.
 */
const REFRESH_MS = 10 * 60_000;

interface Entry {
  pending?: Promise<TemporaryCredentials>;
  current?: TemporaryCredentials;
}

export class RoleCredentials {
  private readonly entries = new Map<string, Entry>();
  /** AssumeRole calls made (the benchmark checks there is one per account). */
  calls = 0;

  constructor(
    private readonly sts: STSClient,
    private readonly target: RoleTarget,
    private readonly pacer: Pacer,
    private readonly now: () => number = Date.now,
  ) {}

  /** A provider for the account's clients; all of them share one cached session. */
  provider(account: string): () => Promise<TemporaryCredentials> {
    return () => this.get(account);
  }

  /** Resolves once the account's credentials are in hand; rejects with AssumeRole's own error. */
  get(account: string): Promise<TemporaryCredentials> {
    let entry = this.entries.get(account);
    if (!entry) {
      entry = {};
      this.entries.set(account, entry);
    }
    const { current } = entry;
    if (current && (current.expiration?.getTime() ?? Number.POSITIVE_INFINITY) - this.now() > REFRESH_MS) {
      return Promise.resolve(current);
    }
    if (entry.pending) return entry.pending;
    const e = entry;
    const pending = this.assume(account).then(
      (creds) => {
        e.current = creds;
        e.pending = undefined;
        return creds;
      },
      (err: unknown) => {
        e.pending = undefined;
        throw err;
      },
    );
    e.pending = pending;
    return pending;
  }

  /** Forgets an account's session once it is done with, so memory does not grow with the accounts. */
  forget(account: string): void {
    this.entries.delete(account);
  }

  private async assume(account: string): Promise<TemporaryCredentials> {
    await this.pacer.take();
    this.calls++;
    const out = await this.sts.send(
      new AssumeRoleCommand({
        RoleArn: roleArnFor(this.target, account),
        RoleSessionName: this.target.sessionName,
        ...(this.target.externalId ? { ExternalId: this.target.externalId } : {}),
      }),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) {
      const error = new Error(`sts:AssumeRole into account ${account} returned no credentials`);
      error.name = "InvalidClientTokenId";
      throw error;
    }
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
      ...(c.Expiration ? { expiration: c.Expiration } : {}),
    };
  }
}
