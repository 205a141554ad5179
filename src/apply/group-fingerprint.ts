import { createHash } from "node:crypto";
import type { RecordChange } from "../model/changes.js";

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

/** JSON with object keys sorted, so equal content written in another key order hashes the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
