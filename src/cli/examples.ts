// The examples and notes shown after each command's --help.

export const PROGRAM_FOOTER = `
Run imds <command> --help for a command's options and examples.
Flag defaults, exceptions and hop-limit rules come from imds.config.yaml (here or in a parent
folder, or --config FILE); imds config show prints what is in effect and where it came from.`;

export const AUDIT_EXAMPLES = `
Examples:
  $ imds audit                                  every enabled region, tables in the terminal
  $ imds audit --regions eu-west-1,us-east-1    two regions only
  $ imds audit --format json --output imds.json a versioned JSON report for CI
  $ imds audit --fail-on warn --quiet           exit 1 on warnings too, print only the verdict
  $ imds audit --profile prod --states running  one profile, running instances only
  $ imds audit --usage                          which instances still call IMDSv1 (14 days of CloudWatch)
  $ imds audit --format sarif --output imds.sarif           for GitHub code scanning
  $ imds audit --format json,sarif,html --output-dir reports several formats, one file each
  $ imds audit --to-security-hub --quiet        also import the findings into each region's Security Hub
  $ imds audit --config ci/imds.config.yaml     exceptions and hop-limit rules from that file

Exit codes: 0 compliant, 1 findings at or above --fail-on, 2 bad usage, 3 incomplete (a region or
resource could not be read, or did not answer within --timeout), 130 Ctrl-C, 143 SIGTERM, 129 SIGHUP.`;

export const ENFORCE_EXAMPLES = `
Examples:
  $ imds enforce --dry-run                      the plan for every enabled region, and whether IAM allows it
  $ imds enforce                                require IMDSv2 by default in every enabled region
  $ imds enforce --hop-limit 2                  ... with hop limit 2 for container hosts
  $ imds enforce --instances --tag env=dev --yes        existing dev instances too
  $ imds enforce --instances --exclude-tag legacy=true  all instances but the legacy ones
  $ imds enforce --instances --max-changes 500 --journal change-42.jsonl
  $ imds enforce --enforce-launches --dry-run   then HttpTokensEnforced: every launch template checked first
  $ imds enforce --instances --hop-limit policy         lower hop limits to the config's hop-limit rules

Instances are changed only where CloudWatch shows no IMDSv1 calls over the evidence window:
14 days, or --usage DAYS (--usage-days DAYS, its old name, still works).
Resources an active exception of the config file covers are left alone and listed.
Every change is journaled before and after it is made; undo with imds rollback JOURNAL.
Exit codes: 0 everything planned was applied, 2 bad usage, or launch templates that would fail
under --enforce-launches (nothing changed), 3 something could not be read, changed or verified as
asked, 130 Ctrl-C, 143 SIGTERM (cron and CI timeouts), 129 SIGHUP: the changes in flight finish and
are journaled, and the partial report is printed.`;

export const ROLLBACK_EXAMPLES = `
Examples:
  $ imds rollback imds-enforce-123456789012-20261122T105100.456Z-3f9a0c.jsonl --dry-run
  $ imds rollback change-42.jsonl --instance-ids i-0123456789abcdef0 --yes

Only resources that still have the settings imds set are restored, every field recorded as
before; anything changed since is left alone and reported. Where the journal turned
HttpTokensEnforced on, it is turned off before instances go back to optional; where something else
turned it on, those instances are reported blocked (exit 3) and nothing AWS would refuse is sent.
Exit codes as for enforce (130 Ctrl-C, 143 SIGTERM, 129 SIGHUP).`;

export const WATCH_EXAMPLES = `
Examples:
  $ imds watch imds-enforce-123456789012-20261122T105100.456Z-3f9a0c.jsonl
  $ imds watch change-42.jsonl --format json --output watch.json

Reads CloudWatch's MetadataNoTokenRejected for every instance the journal changed, since its
change. Exit codes: 0 none rejected calls, 1 some did (the report prints the rollback command
for just those, where HttpTokensEnforced does not refuse it), 2 bad usage or journal, 3 metrics
could not be read, or a changed instance has no data since its change.`;

export const REPORT_DIFF_EXAMPLES = `
Examples:
  $ imds report diff before.json after.json             what changed (table)
  $ imds report diff before.json after.json --format markdown > diff.md
  $ imds report diff /var/lib/imds                      the compliance trend per day and account
  $ imds report diff /var/lib/imds --detail             ... and per region of each account

Reports are imds audit --format json files, of one account or of an organization (audit --org);
a one-account report beside an organization report is compared with that account of it.
Exit codes: 0 nothing newly fails (and for a trend), 1 a resource newly fails at or above
--fail-on, 2 bad usage or not a report, 3 a region read before, or an account, could not be read
(completely) this time.`;

export const REPORT_MERGE_EXAMPLES = `
Examples:
  $ imds audit --org --shard 1/2 --format json --output shard-1.json    (one machine or job)
  $ imds audit --org --shard 2/2 --format json --output shard-2.json    (another)
  $ imds report merge shard-1.json shard-2.json                         the one report, and its exit code

The merged report, in any --format, is the one a single run over every account would have printed
(apart from its times), with the same exit code. Shards that overlap or were run with other options
are refused (exit 2); a shard missing from the list makes the report incomplete (exit 3).`;
