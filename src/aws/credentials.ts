// The credential chain, bounded: a credential_process or SSO helper that hangs fails after the
// timeout with one line naming the profile; a failure is remembered, so a helper is never run again
// for every client that asks; a broken profile (a missing sso_session) is bad configuration, not a
// TypeError from deep inside the SDK.
import type { defaultProvider } from "@aws-sdk/credential-provider-node";
import { withDeadline } from "./deadline.js";

type Provider = ReturnType<typeof defaultProvider>;
type Identity = Awaited<ReturnType<Provider>>;

/** Errors the chain throws when a profile's configuration is incomplete, not when a call failed. */
const CONFIG_ERRORS = new Set(["TypeError", "RangeError", "SyntaxError"]);

function credentialsError(name: string, message: string, cause?: unknown): Error {
  const error = new Error(message, cause === undefined ? undefined : { cause });
  error.name = name;
  return error;
}

export function boundedCredentials(
  provider: Provider,
  opts: { timeoutMs: number; profile?: string | undefined },
): Provider {
  const which = opts.profile ? `profile "${opts.profile}"` : "the default credential chain";
  let failure: Error | undefined;
  let pending: Promise<Identity> | undefined;
  const normalize = (err: unknown): Error => {
    const e = err as Error;
    if (e?.name === "TimeoutError" && !(e as { $metadata?: unknown }).$metadata) {
      return credentialsError(
        "CredentialsTimeout",
        `resolving credentials for ${which} took longer than ${Math.round(opts.timeoutMs / 1000)} s (a credential_process or SSO helper that does not answer?)`,
      );
    }
    if (CONFIG_ERRORS.has(e?.name)) {
      return credentialsError(
        "CredentialsConfigError",
        `${which} is not configured completely: ${e.message}`,
        e,
      );
    }
    return e;
  };
  return (identityProperties) => {
    if (failure) return Promise.reject(failure);
    pending ??= withDeadline(
      opts.timeoutMs,
      () => credentialsError("TimeoutError", "credentials"),
      () => provider(identityProperties),
    ).then(
      (credentials) => {
        pending = undefined;
        return credentials;
      },
      (err: unknown) => {
        pending = undefined;
        failure = normalize(err);
        throw failure;
      },
    );
    return pending;
  };
}
