// The report of `imds enforce` and `imds rollback` (`--format json`), declared once:
// core/change-report.ts infers its types from here; the build generates schema/change-report.schema.json.
import * as v from "valibot";
import { exceptionRefSchema } from "./audit-report.js";
import { CHANGE_KINDS, SKIP_KINDS } from "./change-kinds.js";
import { accountErrorSchema } from "./org-audit-report.js";
import {
  accountIdSchema,
  count,
  envelopeEntries,
  memberAccountSchema,
  readErrorSchema,
  verdictLineSchema,
} from "./report-parts.js";
import { about } from "./shape.js";

const settingsSchema = about(
  v.record(v.string(), v.union([v.string(), v.number()])),
  'Metadata settings as imds names them, e.g. {"httpTokens": "required", "hopLimit": 2}; an absent key is unset (hopLimit -1: no preference).',
);

export const probeSchema = about(
  v.strictObject({
    account: memberAccountSchema,
    region: v.string(),
    action: about(v.string(), "The API action, e.g. ModifyInstanceMetadataOptions, UpdateAutoScalingGroup."),
    result: about(
      v.picklist(["permitted", "denied", "ignored", "error", "unchecked"]),
      "ignored: the endpoint answered the DryRun call with success: it did not honour DryRun and may have made the change (journaled as uncertain). unchecked: the API has no DryRun (Auto Scaling), so the permission is known only when the change is made.",
    ),
    code: about(
      v.string(),
      "What the DryRun call answered, e.g. DryRunOperation, UnauthorizedOperation, DryRunIgnored, NoDryRun.",
    ),
  }),
  "A DryRun call that asked AWS whether a planned change would be permitted.",
);

export const changeRegionSchema = about(
  v.strictObject({
    account: memberAccountSchema,
    region: v.pipe(v.string(), v.minLength(1)),
    complete: about(v.boolean(), "True when the region was read completely."),
    errors: v.array(readErrorSchema),
    probes: v.array(probeSchema),
    planned: count(),
    applied: about(count(), "Changes applied and verified."),
    failed: count(),
    unverified: about(count(), "Changes AWS accepted but not yet seen applied."),
    notStarted: count(),
    skipped: count(),
  }),
  "One region: what could not be read, the DryRun probes, and what became of its changes.",
);

export const changeSchema = about(
  v.strictObject({
    account: memberAccountSchema,
    region: v.pipe(v.string(), v.minLength(1)),
    kind: v.picklist(CHANGE_KINDS),
    id: about(v.pipe(v.string(), v.minLength(1)), 'Instance id, or "account-default".'),
    name: v.optional(about(v.string(), "The instance's Name tag.")),
    before: settingsSchema,
    requested: settingsSchema,
    outcome: about(
      v.picklist(["applied", "failed", "not-started", "planned"]),
      "planned: not attempted (plan or dry run); not-started: left when the run stopped.",
    ),
    verified: v.optional(
      about(
        v.picklist(["applied", "pending", "differs", "changed-more", "unread"]),
        "Read back after the call: applied as requested, still pending, read back with other values, changed-more (as requested, but fields imds did not ask to change changed too: see sideEffects), or unreadable.",
      ),
    ),
    sideEffects: v.optional(
      about(
        v.array(
          v.strictObject({
            field: v.string(),
            before: v.optional(v.union([v.string(), v.number()])),
            now: v.optional(v.union([v.string(), v.number()])),
          }),
        ),
        "With verified changed-more: each field that changed although imds did not ask (absent before/now: unset).",
      ),
    ),
    error: v.optional(v.strictObject({ code: v.string(), message: v.string() })),
  }),
  "One change: the settings before, the settings requested, and what happened.",
);

const skipSchema = about(
  v.strictObject({
    account: memberAccountSchema,
    region: v.pipe(v.string(), v.minLength(1)),
    kind: v.picklist(SKIP_KINDS),
    id: v.pipe(v.string(), v.minLength(1)),
    name: v.optional(v.string()),
    reason: about(v.string(), "Why it was left alone, e.g. already requires IMDSv2."),
    blocked: v.optional(
      about(
        v.literal(true),
        "Left alone because AWS would refuse the change (HttpTokensEnforced): the run is incomplete.",
      ),
    ),
    exception: v.optional(
      about(exceptionRefSchema, "The config file exception that leaves it alone (enforce lists every one)."),
    ),
  }),
  "A resource left alone, and why.",
);

export const changeReportSchema = v.pipe(
  v.strictObject({
    ...envelopeEntries,
    command: v.picklist(["enforce", "rollback"]),
    mode: about(
      v.picklist(["plan", "dry-run", "apply"]),
      "plan: the plan only; dry-run: the plan and AWS's DryRun permission check; apply: changes were made.",
    ),
    journal: v.optional(about(v.string(), "The journal that records every change made.")),
    interrupted: about(v.boolean(), "True when Ctrl-C stopped the run before every change was made."),
    accountErrors: v.optional(
      about(
        v.array(
          v.strictObject({
            account: accountIdSchema,
            ...accountErrorSchema.entries,
          }),
        ),
        "Organization runs: accounts that could not be entered or listed; nothing was read or changed there.",
      ),
    ),
    regions: v.array(changeRegionSchema),
    changes: v.array(changeSchema),
    skipped: v.array(skipSchema),
    refresh: v.optional(
      about(
        v.array(
          v.strictObject({
            account: memberAccountSchema,
            region: v.pipe(v.string(), v.minLength(1)),
            group: v.pipe(v.string(), v.minLength(1)),
            command: about(
              v.string(),
              "aws autoscaling start-instance-refresh ... with DesiredConfiguration and AutoRollback.",
            ),
          }),
        ),
        "enforce --launch-templates: running instances keep their settings; the instance refresh that replaces each fixed group's instances (imds does not start it).",
      ),
    ),
    notes: v.optional(
      about(
        v.array(v.string()),
        "What the plan does in a particular order, and why (HttpTokensEnforced off before instances go back to optional; the launch paths checked before it goes on).",
      ),
    ),
    summary: about(
      v.strictObject({
        planned: count(),
        applied: count(),
        failed: count(),
        notStarted: count(),
        unverified: count(),
        skipped: count(),
        blocked: v.optional(about(count(), "Of the skipped, those AWS would refuse (HttpTokensEnforced).")),
      }),
      "The changes counted by what became of them.",
    ),
    verdict: v.strictObject({
      status: about(
        v.picklist(["applied", "nothing-to-do", "planned", "not-permitted", "incomplete", "interrupted"]),
        "What the run came to, as data: applied (every change made and seen applied, every region read), nothing-to-do, planned (a plan or dry run that AWS would permit), not-permitted (a dry run AWS would refuse in part), incomplete (a region unread, or a change failed, not started or not seen applied), interrupted.",
      ),
      line: verdictLineSchema,
    }),
  }),
  v.title("imds change report (enforce, rollback), schema version 1"),
  v.description(
    "What `imds enforce` and `imds rollback` print with --format json: the plan, what happened to each change, the resources left alone and why, and the verdict.",
  ),
);

/** Named parts of the change report, published under $defs. */
export const changeReportDefinitions = {
  readError: readErrorSchema,
  settings: settingsSchema,
  probe: probeSchema,
  region: changeRegionSchema,
  change: changeSchema,
  skip: skipSchema,
  exceptionRef: exceptionRefSchema,
};
