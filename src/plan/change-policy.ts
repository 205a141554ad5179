import type { ChangePolicy, MaxDeletions } from "../config/config.js";

/** Whether the change policy allows an action on an owned record. */
export function policyAllows(
  policy: ChangePolicy,
  kind: "create" | "update" | "replace" | "delete",
): { allowed: true } | { allowed: false; reason: string } {
  if (policy === "sync" || kind === "create") return { allowed: true };
  // upsert-only never removes a name: it updates, including replacing a member in place
  // (DELETE+CREATE of the same name in one atomic request), but leaves records nobody wants.
  if (policy === "upsert-only" && kind !== "delete") return { allowed: true };
  return {
    allowed: false,
    reason: `--policy ${policy} does not allow ${kind === "replace" ? "updates" : `${kind}s`}`,
  };
}

/**
 * How many record deletions a run may make. A sudden drop in desired records (an informer cache that
 * is empty, a CRD deleted) would otherwise wipe DNS, so past this bound every deletion of the run is
 * held back — all of them, not just the excess: deleting "only half" of a zone is no safer.
 * At least one deletion is always allowed, so removing the last Gateway of a small cluster works.
 */
export function deletionBudget(max: MaxDeletions, ownedRecords: number): number {
  if (max.kind === "count") return max.value;
  return Math.max(1, Math.floor((ownedRecords * max.value) / 100));
}
