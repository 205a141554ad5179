import type { ChangePolicy, MaxDeletions } from "../config/config.js";
import type { Plan, RecordChange } from "../model/changes.js";
import { deletionBudget, policyAllows } from "./change-policy.js";

/**
 * Stage 4 of the planner: the deletions of a run pass only if the policy allows deleting and all of
 * them together (with those made moments ago) fit `--max-deletions`; otherwise every one is held
 * back with the reason. Each group passes or waits whole (a record and its ownership TXT together).
 */
export function guardDeletions(
  deletions: readonly RecordChange[][],
  options: {
    policy: ChangePolicy;
    maxDeletions: MaxDeletions;
    ownedRecords: number;
    recentDeletions: number;
  },
): { changes: RecordChange[]; heldBack: Plan["heldBack"] } {
  const changes: RecordChange[] = [];
  const heldBack: Plan["heldBack"] = [];
  const budget = deletionBudget(options.maxDeletions, options.ownedRecords);
  const deletedRecords = deletions.reduce((n, g) => n + g.filter((c) => c.purpose === "record").length, 0);
  const recent = options.recentDeletions;
  const allowed = policyAllows(options.policy, "delete");
  for (const group of deletions) {
    if (!allowed.allowed) {
      for (const change of group) heldBack.push({ change, kind: "policy", reason: allowed.reason });
    } else if (deletedRecords + recent > budget) {
      const made = recent > 0 ? ` (after ${recent} made moments ago)` : "";
      const reason = `${deletedRecords} record deletions${made} exceed --max-deletions (${budget} of ${options.ownedRecords} owned records); all deletions held back`;
      for (const change of group) heldBack.push({ change, kind: "deletion-budget", reason });
    } else {
      changes.push(...group);
    }
  }
  return { changes, heldBack };
}
