// The SDK settings every client of a run shares, read once from the environment and the profile.
// Left to itself, each new client reads them again (FIPS and dual-stack endpoints, the app id,
// auth scheme preference, defaults mode), each read throwing and catching a ProviderError per
// source it looks in: about a tenth of the CPU of an organization audit, where every account makes
// seventeen EC2 clients. Read once here, with the caller's profile, they mean exactly the same.
import { STSClient } from "@aws-sdk/client-sts";

const FALLBACK_REGION = "us-east-1";

async function homeRegionOf(opts: Probed): Promise<string> {
  if (opts.region) return opts.region;
  const probe = new STSClient(opts.profile ? { profile: opts.profile } : {});
  try {
    return await probe.config.region();
  } catch {
    // No region in the environment or the profile: global calls work from any enabled region.
    return FALLBACK_REGION;
  } finally {
    probe.destroy();
  }
}

interface Probed {
  profile?: string | undefined;
  region?: string | undefined;
}

export async function resolveSettings(opts: Probed) {
  const homeRegion = await homeRegionOf(opts);
  // With a region: whether to use FIPS endpoints can depend on it.
  const probe = new STSClient({ region: homeRegion, ...(opts.profile ? { profile: opts.profile } : {}) });
  try {
    const c = probe.config;
    const [fips, dualstack, appId, schemes, mode] = await Promise.all([
      c.useFipsEndpoint(),
      c.useDualstackEndpoint(),
      c.userAgentAppId(),
      c.authSchemePreference(),
      typeof c.defaultsMode === "function" ? c.defaultsMode() : c.defaultsMode,
    ]);
    return {
      /** Home region for global calls: --region, else the SDK's chain, else us-east-1. */
      homeRegion,
      /** What every client is given instead of reading it again. */
      config: {
        useFipsEndpoint: fips,
        useDualstackEndpoint: dualstack,
        userAgentAppId: () => Promise.resolve(appId),
        authSchemePreference: () => Promise.resolve(schemes),
        defaultsMode: () => Promise.resolve(mode),
      },
    };
  } finally {
    probe.destroy();
  }
}

export type ResolvedSettings = Awaited<ReturnType<typeof resolveSettings>>;
