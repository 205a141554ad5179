import type { ChangePolicy } from "../config/config.js";
import { applyChangesToZones } from "../model/applied-state.js";
import type { AwsState } from "../model/aws-state.js";
import type { HealthCheckChange, RecordChange } from "../model/changes.js";
import type { HealthCheck } from "../model/health-check.js";
import { policyAllows } from "./change-policy.js";

/**
 * Stage 5 of the planner: this owner's health checks that nothing needs any more. A check is deleted
 * only once no record left after the plan's changes (not the held-back ones) refers to it, and only
 * when the policy allows deletions.
 */
export function unusedHealthChecks(
  state: AwsState,
  ownedChecks: Map<string, HealthCheck[]>,
  kept: ReadonlySet<string>,
  applied: readonly RecordChange[],
  policy: ChangePolicy,
): HealthCheckChange[] {
  // Working out which checks the records refer to copies every zone's records: not for nothing.
  if (!policyAllows(policy, "delete").allowed || ownedChecks.size === 0) return [];
  const referenced = referencedCheckIds(state, applied);
  const out: HealthCheckChange[] = [];
  for (const checks of ownedChecks.values()) {
    for (const check of checks) {
      if (kept.has(check.id) || referenced.has(check.id)) continue;
      out.push({
        action: "DELETE",
        callerReference: check.callerReference,
        id: check.id,
        spec: check.spec,
        tags: check.tags,
        for: `${check.tags["route53-gslb/hostname"] ?? ""}.`,
      });
    }
  }
  return out;
}

/** Health-check ids that records still refer to once `applied` is applied. */
function referencedCheckIds(state: AwsState, applied: readonly RecordChange[]): Set<string> {
  const ids = new Set<string>();
  for (const zone of applyChangesToZones(state.zones, [...applied])) {
    for (const record of zone.records) if (record.healthCheckId) ids.add(record.healthCheckId);
  }
  return ids;
}
