// One simulated AWS account: what Organizations says about it, how it answers sts:AssumeRole, and
// its EC2/CloudWatch state, built the first time a call needs it (500 generated accounts start
// in milliseconds; each is built in a few when first used, always the same way).

import { buildState } from "../scenario/generate.js";
import type { AccountStatus, AssumeRoleOutcome, JoinedMethod, Scenario } from "../scenario/types.js";
import type { SimState } from "../state.js";

export interface AccountProfile {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  /** The root or OU the account sits in. */
  readonly parent: string;
  readonly joinedMethod: JoinedMethod;
  /** Epoch ms. */
  readonly joinedAt: number;
  readonly assumeRole: AssumeRoleOutcome;
  /** Role names that exist; undefined = any name. */
  readonly roles?: readonly string[];
  readonly externalId?: string;
  readonly scpDeniedRegions: ReadonlySet<string>;
  readonly suspendAfterCalls?: number;
}

export class SimAccount {
  private built?: SimState;
  private calls = 0;

  constructor(
    readonly profile: AccountProfile,
    public status: AccountStatus,
    /** The account's content as a one-account scenario (regions, opted-in regions, denied actions). */
    private readonly content: () => Scenario,
    private readonly startedAt: number,
  ) {}

  get id(): string {
    return this.profile.id;
  }

  /** The EC2/CloudWatch state; built on first use. */
  get state(): SimState {
    this.built ??= buildState(this.content(), this.startedAt);
    return this.built;
  }

  /** Whether the state has been built yet (tests and `GET /_sim/accounts`). */
  get isBuilt(): boolean {
    return this.built !== undefined;
  }

  /** Calls made with the account's credentials so far. */
  get callCount(): number {
    return this.calls;
  }

  get isActive(): boolean {
    return this.status === "ACTIVE";
  }

  /**
   * Counts one call made with the account's credentials; the account is closed (SUSPENDED) once
   * `suspendAfterCalls` calls have been served. False when it can no longer be used.
   */
  use(): boolean {
    if (!this.isActive) return false;
    const limit = this.profile.suspendAfterCalls;
    if (limit !== undefined && this.calls >= limit) {
      this.suspend();
      return false;
    }
    this.calls += 1;
    return true;
  }

  suspend(): void {
    this.status = "SUSPENDED";
  }
}
