// How the engine talks to the commands (taze's CheckEventCallbacks pattern): every callback is
// optional, the engine never prints, and it never mutates what it was given to signal something.
import type { ChangeResult } from "../core/changes.js";
import type { InstanceRecord, RegionScan } from "../core/types.js";

export interface ScanEvents {
  /** A page of a region's instances, as it arrives (streaming scans keep no raw list). */
  onInstances?(region: string, page: InstanceRecord[]): void;
  /** A region is read (every part done or failed). The engine keeps no reference to it after. */
  onRegionDone?(scan: RegionScan, done: number, total: number): void;
}

export interface ApplyEvents {
  /** A change was made, refused, or not started. */
  onChange?(result: ChangeResult): void;
  /** The journal could not be written: no further change starts. Said once. */
  onJournalFailure?(message: string): void;
}

export interface VerifyEvents {
  /** One round of read-backs is done; `open` changes are still pending or unread. */
  onVerifyRound?(open: number): void;
}
