// The AWS commercial partition's regions, split as AWS splits them: the 17 enabled for every
// account, and the opt-in regions an account must enable first (AWS account management guide).

export const DEFAULT_REGIONS = [
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "ap-south-1",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-southeast-1",
  "ap-southeast-2",
  "ca-central-1",
  "eu-central-1",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "eu-north-1",
  "sa-east-1",
] as const;

export const OPT_IN_REGIONS = [
  "af-south-1",
  "ap-east-1",
  "ap-east-2",
  "ap-south-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-6",
  "ap-southeast-7",
  "ca-west-1",
  "eu-central-2",
  "eu-south-1",
  "eu-south-2",
  "il-central-1",
  "me-central-1",
  "me-south-1",
  "mx-central-1",
] as const;

export type OptInStatus = "opt-in-not-required" | "opted-in" | "not-opted-in";

const defaults: ReadonlySet<string> = new Set(DEFAULT_REGIONS);
const optIn: ReadonlySet<string> = new Set(OPT_IN_REGIONS);

export function isKnownRegion(name: string): boolean {
  return defaults.has(name) || optIn.has(name);
}

export function isOptInRegion(name: string): boolean {
  return optIn.has(name);
}

/** Every known region, in the order DescribeRegions lists them (alphabetical, as AWS does). */
export const ALL_REGIONS: readonly string[] = [...DEFAULT_REGIONS, ...OPT_IN_REGIONS].sort();

export function regionEndpoint(region: string): string {
  return `ec2.${region}.amazonaws.com`;
}
