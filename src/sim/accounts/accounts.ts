// Every account the simulator serves, the organization they form (if any), the credentials it
// has issued and its clock. A single-account scenario is one account and no organization.

import type { SimClock } from "../clock.js";
import type { SimAccount } from "./account.js";
import { CredentialStore } from "./credentials.js";

export interface OrgUnit {
  readonly id: string;
  readonly name: string;
  readonly parent: string;
}

export interface OrgTree {
  readonly id: string;
  readonly root: { readonly id: string; readonly name: string };
  readonly ous: readonly OrgUnit[];
  /** Member accounts that may call the Organizations read APIs. */
  readonly delegatedAdministrators: ReadonlySet<string>;
}

export class SimAccounts {
  readonly credentials = new CredentialStore();
  private readonly byId: ReadonlyMap<string, SimAccount>;
  private readonly accountsIn = new Map<string, SimAccount[]>();
  private readonly ousIn = new Map<string, OrgUnit[]>();
  private readonly ouIds: ReadonlySet<string>;

  constructor(
    /** The caller's own account: the organization's management account. */
    readonly management: SimAccount,
    /** Every account, the management account included, in the order Organizations lists them. */
    private readonly ordered: readonly SimAccount[],
    readonly organization: OrgTree | undefined,
    readonly clock: SimClock,
  ) {
    this.byId = new Map(ordered.map((a) => [a.id, a]));
    for (const a of ordered) push(this.accountsIn, a.profile.parent, a);
    for (const ou of organization?.ous ?? []) push(this.ousIn, ou.parent, ou);
    this.ouIds = new Set((organization?.ous ?? []).map((ou) => ou.id));
  }

  get(id: string): SimAccount | undefined {
    return this.byId.get(id);
  }

  /** The account an access key id is for (issued keys: their account; others: the management account). */
  accountOfKey(accessKeyId: string): string {
    return this.credentials.find(accessKeyId)?.accountId ?? this.management.id;
  }

  list(): readonly SimAccount[] {
    return this.ordered;
  }

  /** Whether `id` is the root or an OU of the organization. */
  isParent(id: string): boolean {
    return id === this.organization?.root.id || this.ouIds.has(id);
  }

  accountsUnder(parent: string): readonly SimAccount[] {
    return this.accountsIn.get(parent) ?? [];
  }

  ousUnder(parent: string): readonly OrgUnit[] {
    return this.ousIn.get(parent) ?? [];
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
