import { createHash } from "node:crypto";
import type { RecordChange } from "../model/changes.js";
import { canonicalJson } from "../model/text-order.js";

/**
 * A stable fingerprint of a group's content in a zone: the same changes give the same fingerprint on every
 * run; any change of action, record or target gives another. `source` and `zoneName` are left out: they do
 * not change what Route 53 is asked to do.
 */
export function groupFingerprint(zoneId: string, changes: readonly RecordChange[]): string {
  const content = changes.map((c) => ({
    group: c.group,
    action: c.action,
    purpose: c.purpose,
    record: c.record,
  }));
  return createHash("sha256").update(canonicalJson({ zoneId, content })).digest("hex").slice(0, 32);
}
