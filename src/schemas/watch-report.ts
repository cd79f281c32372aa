// The report of `imds watch JOURNAL` (`--format json`), declared once: core/watch.ts infers its
// types from here; the build generates schema/watch-report.schema.json.
import * as v from "valibot";
import {
  count,
  envelopeEntries,
  memberAccountSchema,
  regionReadErrorSchema,
  verdictLineSchema,
} from "./report-parts.js";
import { about } from "./shape.js";

export const rejectionSchema = about(
  v.strictObject({
    account: memberAccountSchema,
    region: v.pipe(v.string(), v.minLength(1)),
    id: about(v.pipe(v.string(), v.minLength(1)), "The instance id."),
    at: about(v.string(), "When imds required IMDSv2 on it (ISO 8601, from the journal)."),
    rejected: about(
      v.pipe(v.number(), v.minValue(0)),
      "IMDSv1 calls rejected since (MetadataNoTokenRejected Sum).",
    ),
    lastSeen: v.optional(about(v.string(), "The newest period with rejected calls (ISO 8601).")),
  }),
  "A changed instance whose IMDSv1 calls have been rejected since the change.",
);

export const unknownSchema = about(
  v.strictObject({
    account: memberAccountSchema,
    region: v.pipe(v.string(), v.minLength(1)),
    id: about(v.pipe(v.string(), v.minLength(1)), "The instance id."),
    at: about(v.string(), "When imds required IMDSv2 on it (ISO 8601, from the journal)."),
    reason: v.string(),
  }),
  "A changed instance with no MetadataNoTokenRejected data at all since its change (stopped, not publishing, or metrics missing): nothing is known of it, and the watch is not OK.",
);

export const watchReportSchema = v.pipe(
  v.strictObject({
    ...envelopeEntries,
    command: v.literal("watch"),
    journal: about(v.string(), "The journal whose changed instances were watched."),
    watched: about(count(), "Changed instances watched."),
    complete: about(v.boolean(), "True when every region's metrics were read."),
    errors: v.array(
      about(
        v.strictObject({ account: memberAccountSchema, ...regionReadErrorSchema.entries }),
        'A region whose metrics could not be read (region "*": the whole account could not be entered).',
      ),
    ),
    broken: about(
      v.array(rejectionSchema),
      "The instances the change broke (IMDSv2 still required on them now).",
    ),
    reverted: v.optional(
      about(
        v.array(rejectionSchema),
        "Instances that rejected IMDSv1 calls since the change but no longer require IMDSv2 (rolled back or changed since): not broken any more.",
      ),
    ),
    // Optional in the schema only so that reports written before them still validate; imds writes both.
    unknown: v.optional(about(v.array(unknownSchema), "Changed instances nothing is known of.")),
    enforced: v.optional(
      about(
        v.array(v.string()),
        "Regions where HttpTokensEnforced is on (account/region in an organization's member account): AWS refuses to set an instance back to optional there, so no rollback command is printed for their broken instances.",
      ),
    ),
    rollbackCommand: v.optional(
      about(
        v.string(),
        "The command that rolls back just the broken instances, where that can succeed (never in a region where HttpTokensEnforced is on).",
      ),
    ),
    verdict: v.strictObject({
      status: about(
        v.picklist(["ok", "broken", "incomplete"]),
        "ok: no changed instance rejected an IMDSv1 call; broken: some did; incomplete: some region's metrics could not be read, or a changed instance has no data since its change (outranks broken, as the exit code does).",
      ),
      line: verdictLineSchema,
    }),
  }),
  v.title("imds watch report, schema version 1"),
  v.description(
    "What `imds watch JOURNAL --format json` prints: which instances an enforce changed have had IMDSv1 calls rejected since, and how to roll back just those.",
  ),
);

/** Named parts of the watch report, published under $defs. */
export const watchReportDefinitions = {
  readError: regionReadErrorSchema,
  rejection: rejectionSchema,
  unknown: unknownSchema,
};
