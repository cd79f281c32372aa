// EC2 and Auto Scaling clients shared by every member account of an organization run: one of each
// per region, made once, each command's middleware stack resolved once for the whole run. Building
// them per account (seventeen regions, two services, a stack per command) was most of an account's
// fixed cost. Each call names the account it acts in (an AsyncLocalStorage around its send): the
// credentials the SDK signs it with, and the buckets its retried writes are paced in, are that
// account's. Read at signing time, inside the call, never from state other calls share.
import { AsyncLocalStorage } from "node:async_hooks";
import type { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import type { EC2Client } from "@aws-sdk/client-ec2";
import { placeOf } from "../core/changes.js";
import type { TemporaryCredentials } from "./assume-role.js";
import { cached, makeAutoScaling, makeEc2, type Shared } from "./client-config.js";
import type { Pacers } from "./pacer.js";
import type { Pacing } from "./throttle.js";

/** The account a call acts in: its credentials, and the run's pacers once writes are paced. */
interface Acting {
  account: string;
  credentials: () => Promise<TemporaryCredentials>;
  pacers?: Pacers;
}

interface Sends {
  send(command: unknown, options?: unknown): Promise<unknown>;
}

/** An account's EC2 and Auto Scaling: the shared clients, every call made as the account. */
export interface ActingClients {
  ec2(region: string): EC2Client;
  autoscaling(region: string): AutoScalingClient;
  paceWrites(pacers: Pacers): void;
}

export class SharedRegional {
  private readonly acting = new AsyncLocalStorage<Acting>();
  /** One EC2 client per region, made on first use. */
  private readonly ec2 = cached(
    (region): EC2Client =>
      makeEc2(this.shared, { credentials: this.credentials, region, pacingOf: this.pacingIn(region) }),
  );
  /** One Auto Scaling client per region, made on first use. */
  private readonly autoscaling = cached(
    (region): AutoScalingClient =>
      makeAutoScaling(this.shared, {
        credentials: this.credentials,
        region,
        pacingOf: this.pacingIn(region),
      }),
  );
  /**
   * The credentials provider of every shared client: the acting account's session. Marked as
   * memoized so the SDK does not cache the first account's keys for all (RoleCredentials caches
   * and refreshes each account's).
   */
  private readonly credentials = Object.assign(
    (): Promise<TemporaryCredentials> => {
      const who = this.acting.getStore();
      if (!who) return Promise.reject(new Error("a shared client was called outside an account"));
      return who.credentials();
    },
    { memoized: true },
  );

  constructor(private readonly shared: Shared) {}

  /** The clients `account` acts through, with `credentials` its session. */
  as(account: string, credentials: () => Promise<TemporaryCredentials>): ActingClients {
    const who: Acting = { account, credentials };
    return {
      ec2: (region) => this.actingAs(this.ec2(region), who),
      autoscaling: (region) => this.actingAs(this.autoscaling(region), who),
      paceWrites: (pacers) => {
        who.pacers = pacers;
      },
    };
  }

  private pacingIn(region: string) {
    return (): Pacing | undefined => {
      const who = this.acting.getStore();
      return who && { key: placeOf({ account: who.account, region }), pacers: who.pacers };
    };
  }

  /**
   * `client` as `who`: an object whose prototype is the shared client (the SDK's paginators check
   * `instanceof`), whose every call runs as `who`. Nothing of the shared client changes.
   */
  private actingAs<C extends Sends>(client: C, who: Acting): C {
    const facade = Object.create(client) as C;
    facade.send = (command, options) =>
      this.acting.run(who, () =>
        options === undefined ? client.send(command) : client.send(command, options),
      );
    return facade;
  }
}
