import type { RecordChange } from "../model/changes.js";
import { keyOf, type RecordSet, recordKeyString } from "../model/record-set.js";
import { sameRecordContent } from "../plan/record-compare.js";
import type { AtomicGroup } from "./batches.js";

/**
 * Reading back the records of a rejected request.
 *
 * A `ChangeResourceRecordSets` whose answer was lost (a 5xx or a dropped connection after Route 53
 * did the work) is retried, and the retry is rejected as `InvalidChangeBatch` — "already exists" for
 * its CREATEs, "not found" for its DELETEs — because the first attempt was applied. Bisecting that
 * request would cost about two requests per group and end with every group reported invalid,
 * although all of them are in Route 53. Instead the batcher asks a `RejectionResolver` to read the
 * names back; a group whose every change is already in effect has nothing left to send and counts
 * as applied, and only the others are sent again (still whole: a group is atomic).
 */

/** What reading back a rejected request's names found. */
export interface ReadBack {
  /** Groups whose every change is already in effect in Route 53: nothing is left to send for them. */
  inEffect: AtomicGroup[];
  /** Groups still to send, in the order given. */
  needed: AtomicGroup[];
  /** `ListResourceRecordSets` calls the read-back made. */
  reads: number;
}

/**
 * Reads the current records of the groups' names from Route 53 and sorts the groups into those
 * already in effect and those still needed. Throws when the records cannot be read. Injected into
 * the ChangeBatcher so the batcher itself stays free of listing code.
 */
export interface RejectionResolver {
  readBack(zoneId: string, groups: readonly AtomicGroup[]): Promise<ReadBack>;
}

/** Reads the current record sets at `names` of a zone (route53/record-sets.ts `listRecordSetsAt`). */
export type ReadNames = (
  zoneId: string,
  names: readonly string[],
) => Promise<{ records: RecordSet[]; problems: string[]; pages: number }>;

/** Every record name the groups' changes touch (member names and ownership TXT names alike). */
export function namesOf(groups: readonly AtomicGroup[]): string[] {
  return [...new Set(groups.flatMap((g) => g.changes.map((c) => c.record.name)))].sort();
}

/**
 * Whether every change of a group is in effect in `current` (the records at its names): after the
 * group, in order, each key it touches holds exactly the record of its last CREATE/UPSERT, or nothing
 * after a DELETE. A DELETE followed by a CREATE of the same key (a replacement) is judged by the
 * CREATE, as Route 53 would leave it.
 */
export function groupInEffect(changes: readonly RecordChange[], current: readonly RecordSet[]): boolean {
  const wanted = new Map<string, RecordSet | undefined>();
  for (const c of changes)
    wanted.set(recordKeyString(keyOf(c.record)), c.action === "DELETE" ? undefined : c.record);
  const have = new Map(current.map((r) => [recordKeyString(keyOf(r)), r]));
  for (const [key, want] of wanted) {
    const found = have.get(key);
    if (want === undefined ? found !== undefined : found === undefined || !sameRecordContent(found, want))
      return false;
  }
  return true;
}

/**
 * A `RejectionResolver` over a name reader. When the listing could not map some record set (it names
 * it in `problems`), a missing record may just be unreadable, so a group with a DELETE is never taken
 * for applied then: it is sent again, and Route 53 says what is true.
 */
export function createReadBackResolver(read: ReadNames): RejectionResolver {
  return {
    async readBack(zoneId, groups) {
      const listing = await read(zoneId, namesOf(groups));
      const out: ReadBack = { inEffect: [], needed: [], reads: listing.pages };
      for (const group of groups) {
        const unsure = listing.problems.length > 0 && group.changes.some((c) => c.action === "DELETE");
        if (!unsure && groupInEffect(group.changes, listing.records)) out.inEffect.push(group);
        else out.needed.push(group);
      }
      return out;
    },
  };
}
