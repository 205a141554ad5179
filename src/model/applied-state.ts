import type { RecordChange } from "./changes.js";
import { pushTo } from "./multimap.js";
import { keyOf, recordKeyString } from "./record-set.js";
import type { HostedZone } from "./zone.js";

/**
 * The zones as they are after Route 53 accepted `changes`, computed from what was sent — so the
 * zone cache needs no full re-list after each change (DESIGN.md "Applying changes").
 * CREATE and UPSERT put the record under its key; DELETE removes exactly that key (name, type, set
 * identifier), which is what AWS does.
 */
export function applyChangesToZones(zones: HostedZone[], changes: RecordChange[]): HostedZone[] {
  const byZone = new Map<string, RecordChange[]>();
  for (const c of changes) pushTo(byZone, c.zoneId, c);
  return zones.map((zone) => {
    const zoneChanges = byZone.get(zone.id);
    if (!zoneChanges) return zone;
    const records = new Map(zone.records.map((r) => [recordKeyString(keyOf(r)), r]));
    for (const c of zoneChanges) {
      const key = recordKeyString(keyOf(c.record));
      if (c.action === "DELETE") records.delete(key);
      else records.set(key, c.record);
    }
    return { ...zone, records: [...records.values()] };
  });
}
