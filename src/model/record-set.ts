import type { RoutingPolicy } from "./routing-policy.js";
import { setIdentifierOf } from "./routing-policy.js";
import type { Target } from "./target.js";
import { compareText } from "./text-order.js";

/**
 * Record types the controller writes: A, AAAA and CNAME members, TXT ownership records. Other types are
 * read as `string` and never touched. The IAM policy allows changes of exactly these types.
 */
export const MANAGED_RECORD_TYPES = ["A", "AAAA", "CNAME", "TXT"] as const;
export type ManagedRecordType = (typeof MANAGED_RECORD_TYPES)[number];
export type RecordType = ManagedRecordType | (string & {});

/**
 * One Route 53 resource record set, in the model's spelling:
 * `name` is lowercase, absolute (trailing dot), punycode, with a leading `*` for wildcards
 * (Route 53's `\052` is translated at the edge, in route53/).
 */
export interface RecordSet {
  name: string;
  type: RecordType;
  policy: RoutingPolicy;
  target: Target;
  /** Route 53 health check id; for a health check the plan will create, a placeholder (see plan/). */
  healthCheckId?: string;
}

/** Route 53's identity of a record set: name + type + set identifier. */
export interface RecordKey {
  name: string;
  type: RecordType;
  setIdentifier?: string;
}

export function keyOf(record: Pick<RecordSet, "name" | "type" | "policy">): RecordKey {
  const setIdentifier = setIdentifierOf(record.policy);
  return setIdentifier === undefined
    ? { name: record.name, type: record.type }
    : { name: record.name, type: record.type, setIdentifier };
}

/** A string form of a key, usable as a Map key. */
export function recordKeyString(key: RecordKey): string {
  return `${key.name}|${key.type}|${key.setIdentifier ?? ""}`;
}

/** The name+type of a record: the unit Route 53 validates routing consistency on, and our atomic group. */
export function nameTypeString(record: { name: string; type: RecordType }): string {
  return `${record.name}|${record.type}`;
}

/**
 * Record sets in key order: name, type, then set identifier ({@link compareText}), so that a list of
 * them reads the same however Route 53's listing or the zone cache's edits ordered it.
 */
export function compareRecordKeys(a: RecordSet, b: RecordSet): number {
  return (
    compareText(a.name, b.name) ||
    compareText(a.type, b.type) ||
    compareText(setIdentifierOf(a.policy) ?? "", setIdentifierOf(b.policy) ?? "")
  );
}
