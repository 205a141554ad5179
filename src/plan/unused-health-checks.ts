import type { ChangePolicy } from "../config/config.js";
import { applyChangesToZones } from "../model/applied-state.js";
import type { AwsState } from "../model/aws-state.js";
import type { HealthCheckChange, RecordChange } from "../model/changes.js";
import {
  HEALTH_CHECK_TAGS,
  type HealthCheck,
  healthCheckKindOf,
  isCalculated,
} from "../model/health-check.js";
import { policyAllows } from "./change-policy.js";
import { clusterCheckFor } from "./cluster-health.js";

/**
 * Stage 5 of the planner: this owner's health checks that nothing needs any more. A check is deleted
 * only once no record left after the plan's changes (not the held-back ones) refers to it, no
 * CALCULATED check that stays names it as a child (as the plan leaves its children), and only when the
 * policy allows deletions.
 */
export function unusedHealthChecks(
  state: AwsState,
  owned: readonly HealthCheck[],
  kept: ReadonlySet<string>,
  planned: { records: readonly RecordChange[]; checks: readonly HealthCheckChange[] },
  policy: ChangePolicy,
): HealthCheckChange[] {
  // Working out which checks the records refer to copies every zone's records: not for nothing.
  if (!policyAllows(policy, "delete").allowed || owned.length === 0) return [];
  const used = usedCheckIds(state, owned, kept, planned);
  const out: HealthCheckChange[] = [];
  for (const check of owned) {
    if (used.has(check.id)) continue;
    out.push({
      action: "DELETE",
      callerReference: check.callerReference,
      id: check.id,
      spec: check.spec,
      tags: check.tags,
      for:
        healthCheckKindOf(check) === "cluster"
          ? clusterCheckFor(check.tags[HEALTH_CHECK_TAGS.cluster] ?? "")
          : `${check.tags[HEALTH_CHECK_TAGS.hostname] ?? ""}.`,
    });
  }
  return out;
}

/**
 * Health-check ids in use once the plan is applied: kept by the plan, referred to by a record, or a
 * child of a CALCULATED check in use — anyone's CALCULATED check, since Route 53 refuses to let a
 * child go while a parent names it (`HealthCheckInUse`), with the children an UPDATE of the plan gives
 * it.
 */
function usedCheckIds(
  state: AwsState,
  owned: readonly HealthCheck[],
  kept: ReadonlySet<string>,
  planned: { records: readonly RecordChange[]; checks: readonly HealthCheckChange[] },
): Set<string> {
  const used = new Set(kept);
  for (const zone of applyChangesToZones(state.zones, [...planned.records])) {
    for (const record of zone.records) if (record.healthCheckId) used.add(record.healthCheckId);
  }
  const ownedIds = new Set(owned.map((c) => c.id));
  const specAfter = new Map(state.healthChecks.map((c) => [c.id, c.spec]));
  for (const change of planned.checks) {
    if (change.action === "UPDATE" && change.id) specAfter.set(change.id, change.spec);
  }
  // A parent of ours in use keeps its children; a parent of someone else's always does (it stays).
  for (const [id, spec] of specAfter) {
    if (!isCalculated(spec) || (ownedIds.has(id) && !used.has(id))) continue;
    for (const child of spec.children) used.add(child);
  }
  return used;
}
