import type { RecordSet } from "./record-set.js";

/**
 * Whether two lists hold the same record sets, field for field, in any order. Strict on purpose: it
 * decides whether a plan made before a re-read still stands, so "different" may be said of two
 * spellings Route 53 would take as one (the plan is then made again, which costs only time), but
 * "same" only of record sets no planner could tell apart.
 */
export function sameRecordSets(a: readonly RecordSet[], b: readonly RecordSet[]): boolean {
  if (a.length !== b.length) return false;
  const left = a.map(canonical).sort();
  const right = b.map(canonical).sort();
  return left.every((x, i) => x === right[i]);
}

/** A record set as JSON with its object keys sorted at every depth (absent and undefined alike). */
function canonical(record: RecordSet): string {
  return JSON.stringify(record, (_key, value: unknown) =>
    value && typeof value === "object" && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : value,
  );
}
