import type { RecordChange } from "../model/changes.js";
import { setIdentifierOf } from "../model/routing-policy.js";

const ACTION_ORDER = { DELETE: 0, CREATE: 1, UPSERT: 1 } as const;

/** Zone, then group, then deletes before creates (Route 53 applies a request in order), records before TXTs. */
export function compareChanges(a: RecordChange, b: RecordChange): number {
  return (
    a.zoneName.localeCompare(b.zoneName) ||
    a.zoneId.localeCompare(b.zoneId) ||
    a.group.localeCompare(b.group) ||
    ACTION_ORDER[a.action] - ACTION_ORDER[b.action] ||
    (a.purpose === b.purpose ? 0 : a.purpose === "record" ? -1 : 1) ||
    a.record.type.localeCompare(b.record.type) ||
    (setIdentifierOf(a.record.policy) ?? "").localeCompare(setIdentifierOf(b.record.policy) ?? "")
  );
}
