// `imds policy declarative`: the AWS Organizations declarative policy for EC2 that sets the
// instance metadata defaults of every account and region it is attached to.
//
// Syntax: AWS Organizations User Guide, "Declarative policy syntax and examples"
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_declarative_syntax.html):
// `ec2_attributes.instance_metadata_defaults.{http_tokens, http_put_response_hop_limit,
// http_endpoint, instance_metadata_tags}` with `@@assign`, values `no_preference` (underscore,
// where the EC2 API says `no-preference`), hop limit "-1" for no preference (AWS's example assigns
// the hop limit as a string), and `ec2_attributes.exception_message`. `http_tokens_enforced`
// (enabled | disabled) came with the EC2 change of 2026-02-24 (aws-facts.md).
import { checkSize } from "./document.js";

type Preference = "no-preference";
type TokensEnforced = "enabled" | "disabled" | Preference;

export interface DeclarativeOptions {
  hopLimit: number | Preference;
  tokensEnforced: TokensEnforced;
  exceptionMessage?: string | undefined;
}

export const DEFAULT_EXCEPTION_MESSAGE =
  "IMDSv2 is required by your organization: instances must set HttpTokens=required. Ask your cloud platform team for an exception.";

/** The EC2 API's `no-preference` in the declarative policy syntax's spelling. */
export function declarativeValue(value: string | number): string {
  if (value === "no-preference") return "no_preference";
  return String(value);
}

const assign = (value: string | number) => ({ "@@assign": declarativeValue(value) });

export function declarativePolicy(opts: DeclarativeOptions) {
  const doc = {
    ec2_attributes: {
      instance_metadata_defaults: {
        http_tokens: assign("required"),
        http_put_response_hop_limit: assign(opts.hopLimit === "no-preference" ? -1 : opts.hopLimit),
        http_tokens_enforced: assign(opts.tokensEnforced),
      },
      exception_message: assign(opts.exceptionMessage ?? DEFAULT_EXCEPTION_MESSAGE),
    },
  };
  checkSize("declarative", doc, "shorten --exception-message");
  return doc;
}
