import type { RecordChange } from "./changes.js";
import { pushTo } from "./multimap.js";
import { recordsEdited } from "./record-edits.js";
import { keyOf, recordKeyString } from "./record-set.js";
import type { HostedZone } from "./zone.js";

/**
 * The zones as they are after Route 53 accepted `changes`, computed from what was sent — so the
 * zone cache needs no full re-list after each change (DESIGN.md "Applying changes").
 * CREATE and UPSERT put the record under its key; DELETE removes exactly that key (name, type, set
 * identifier), which is what AWS does. Only the records at the changed names are looked at: an event
 * run changes a few names of a zone of tens of thousands (model/record-edits.ts).
 */
export function applyChangesToZones(zones: HostedZone[], changes: RecordChange[]): HostedZone[] {
  const byZone = new Map<string, RecordChange[]>();
  for (const c of changes) pushTo(byZone, c.zoneId, c);
  return zones.map((zone) => {
    const zoneChanges = byZone.get(zone.id);
    if (!zoneChanges) return zone;
    // The last change of a key wins, as it would in Route 53 applying them in order.
    const byKey = new Map<string, RecordChange>();
    for (const c of zoneChanges) byKey.set(recordKeyString(keyOf(c.record)), c);
    const names = new Set(zoneChanges.map((c) => c.record.name));
    const records = recordsEdited(zone.records, names, (r) => {
      const key = recordKeyString(keyOf(r));
      const c = byKey.get(key);
      if (!c) return r;
      byKey.delete(key);
      return c.action === "DELETE" ? undefined : c.record;
    });
    // New keys go last; they are at changed names, so the edit recordsEdited noted covers them.
    for (const c of byKey.values()) if (c.action !== "DELETE") records.push(c.record);
    return { ...zone, records };
  });
}
