import type { RecordSet } from "./record-set.js";
import { canonicalJson } from "./text-order.js";

/**
 * Whether two lists hold the same record sets, field for field, in any order. Strict on purpose: it
 * decides whether a plan made before a re-read still stands, so "different" may be said of two
 * spellings Route 53 would take as one (the plan is then made again, which costs only time), but
 * "same" only of record sets no planner could tell apart.
 */
export function sameRecordSets(a: readonly RecordSet[], b: readonly RecordSet[]): boolean {
  if (a.length !== b.length) return false;
  const left = a.map(canonicalJson).sort();
  const right = b.map(canonicalJson).sort();
  return left.every((x, i) => x === right[i]);
}
