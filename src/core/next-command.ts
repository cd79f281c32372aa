// The commands a run suggests next (enforce after an audit, rollback after watch), built in one
// place so each carries the identity and scope options the run itself used: pasted as printed, it
// acts on the same account(s) through the same profile and endpoint. Pure.

export const DEFAULT_ROLE_NAME = "OrganizationAccountAccessRole";

/** Who and where a run acted: the options every suggested command repeats. */
export interface Invocation {
  profile?: string | undefined;
  /** --region: the home region for global calls. */
  region?: string | undefined;
  /** The endpoint in effect: --endpoint-url, else the one from AWS_ENDPOINT_URL(_EC2). */
  endpoint?: string | undefined;
  /** Organization runs: the role ARN template assumed in member accounts, `{account}` for each id. */
  role?: string | undefined;
  externalId?: string | undefined;
  /** --config FILE, when the run was given one: its exceptions and rules must hold for the next too. */
  config?: string | undefined;
}

/**
 * The identity options of a run, from its AWS options (and its member-account access, if any). The
 * endpoint is the one in effect (--endpoint-url, else AWS_ENDPOINT_URL...), as its report records it.
 */
export function invocationOf(
  aws: { profile?: string | undefined; region?: string | undefined; recordedEndpoint?: string | undefined },
  access?: { role?: string | undefined; externalId?: string | undefined },
  config?: string | undefined,
): Invocation {
  return {
    profile: aws.profile,
    region: aws.region,
    endpoint: aws.recordedEndpoint,
    role: access?.role,
    externalId: access?.externalId,
    config,
  };
}

/** The ARN template for a role name: `{account}` stands for each account id. */
export function roleTemplate(name: string, partition = "aws"): string {
  return `arn:${partition}:iam::{account}:role/${name}`;
}

/** The role and ExternalId of --role-name, --role-arn and --external-id. */
export function accessOf(a: {
  roleName: string;
  roleArn?: string | undefined;
  externalId?: string | undefined;
}) {
  return { role: a.roleArn ?? roleTemplate(a.roleName), externalId: a.externalId };
}

/** How to say the role again on a command line (nothing for the default role). */
function roleArgs(role: string | undefined): string[] {
  if (role === undefined) return [];
  const name = /^arn:aws:iam::\{account\}:role\/([\w+=,.@-]+)$/.exec(role)?.[1];
  if (name === DEFAULT_ROLE_NAME) return [];
  return name ? ["--role-name", name] : ["--role-arn", role];
}

export function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replaceAll("'", "'\\''")}'`;
}

function invocationArgs(inv: Invocation): string[] {
  return [
    ...(inv.profile ? ["--profile", inv.profile] : []),
    ...(inv.region ? ["--region", inv.region] : []),
    ...(inv.endpoint ? ["--endpoint-url", inv.endpoint] : []),
    ...roleArgs(inv.role),
    ...(inv.externalId ? ["--external-id", inv.externalId] : []),
    ...(inv.config ? ["--config", inv.config] : []),
  ];
}

/** `imds <words...> <the run's identity options>`, every word quoted for a POSIX shell. */
export function suggest(words: readonly string[], inv: Invocation): string {
  return ["imds", ...words, ...invocationArgs(inv)].map(shellQuote).join(" ");
}
