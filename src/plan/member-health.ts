import type { PlannerConfig } from "../config/config.js";
import { type HealthCheckChange, pendingHealthCheckId } from "../model/changes.js";
import type { HealthCheck } from "../model/health-check.js";
import { keyOf, type RecordSet, recordKeyString } from "../model/record-set.js";
import { setIdentifierOf } from "../model/routing-policy.js";
import { type ClusterHealth, wrapMemberCheck } from "./cluster-health.js";
import type { DesiredMembers } from "./desired-records.js";
import { healthCheckKey, planHealthCheck } from "./health-planner.js";

/** The health check a claim's records carry, and what it takes to get there. */
export interface MemberHealth {
  /** The `HealthCheckId` for the claim's records: none, an existing check, or a pending placeholder. */
  id?: string;
  changes: HealthCheckChange[];
  /** Owned checks the plan keeps using (so they are not collected as unused). */
  kept: string[];
}

/**
 * Plan the health check of one claim: `none` needs nothing, an existing id is used as it is; a managed
 * check is adopted, updated or created (health-planner.ts). With a cluster check (`cluster`), the
 * records carry the member's CALCULATED check over its check and the cluster's instead
 * (cluster-health.ts). `create-only` never changes an existing member, so its health check stays as
 * it is too.
 */
export function memberHealth(
  claim: DesiredMembers,
  config: PlannerConfig,
  ownedMembers: ReadonlyMap<string, RecordSet>,
  ownedChecks: ReadonlyMap<string, HealthCheck[]>,
  cluster?: ClusterHealth,
): MemberHealth {
  const hc = claim.healthCheck;
  if (hc.kind === "none") return { changes: [], kept: [] };
  const first = claim.records[0];
  const setIdentifier = first ? (setIdentifierOf(first.policy) ?? "") : "";
  const host = claim.endpoint.hostname;
  const currentMember = first ? ownedMembers.get(recordKeyString(keyOf(first))) : undefined;
  if (config.policy === "create-only" && currentMember?.healthCheckId) {
    return { id: currentMember.healthCheckId, changes: [], kept: [currentMember.healthCheckId] };
  }
  const who = {
    ownerId: config.ownerId,
    clusterName: config.clusterName,
    hostname: host,
    setIdentifier,
    ...(claim.endpoint.source.uid ? { sourceUid: claim.endpoint.source.uid } : {}),
  };
  // A `health-check: <id>` of someone else's is never changed; with a cluster check, our CALCULATED
  // check combines it with the cluster's as it does our own checks.
  if (hc.kind === "existing") {
    if (!cluster) return { id: hc.id, changes: [], kept: [] };
    const wrapped = wrapMemberCheck(who, { id: hc.id, reference: hc.id }, cluster);
    return { id: wrapped.id, changes: wrapped.changes, kept: wrapped.kept ? [wrapped.kept] : [] };
  }
  const existing = ownedChecks.get(healthCheckKey(config.ownerId, host, setIdentifier)) ?? [];
  const planned = planHealthCheck(who, hc.spec, existing, host);
  // The basis says why the member's own check has these settings; the CALCULATED wrapper has none.
  const changes = hc.basis ? planned.changes.map((c) => ({ ...c, basis: hc.basis })) : planned.changes;
  const ref = planned.keep
    ? { id: planned.keep.id, reference: planned.keep.callerReference }
    : { id: pendingHealthCheckId(planned.create ?? ""), reference: planned.create ?? "" };
  const kept = planned.keep ? [planned.keep.id] : [];
  if (!cluster) return { id: ref.id, changes, kept };
  const wrapped = wrapMemberCheck(who, ref, cluster);
  return {
    id: wrapped.id,
    changes: [...changes, ...wrapped.changes],
    kept: wrapped.kept ? [...kept, wrapped.kept] : kept,
  };
}
