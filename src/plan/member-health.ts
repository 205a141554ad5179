import type { PlannerConfig } from "../config/config.js";
import { type HealthCheckChange, pendingHealthCheckId } from "../model/changes.js";
import type { HealthCheck } from "../model/health-check.js";
import { keyOf, type RecordSet, recordKeyString } from "../model/record-set.js";
import { setIdentifierOf } from "../model/routing-policy.js";
import type { DesiredMembers } from "./desired-records.js";
import { healthCheckKey, planHealthCheck } from "./health-planner.js";

/** The health check a claim's records carry, and what it takes to get there. */
export interface MemberHealth {
  /** The `HealthCheckId` for the claim's records: none, an existing check, or a pending placeholder. */
  id?: string;
  changes: HealthCheckChange[];
  /** An owned check the plan keeps using (so it is not collected as unused). */
  kept?: string;
}

/**
 * Plan the health check of one claim: `none` and an existing id need nothing; a managed check is
 * adopted, updated or created (health-planner.ts). `create-only` never changes an existing member, so
 * its health check stays as it is too.
 */
export function memberHealth(
  claim: DesiredMembers,
  config: PlannerConfig,
  ownedMembers: ReadonlyMap<string, RecordSet>,
  ownedChecks: ReadonlyMap<string, HealthCheck[]>,
): MemberHealth {
  const hc = claim.healthCheck;
  if (hc.kind === "none") return { changes: [] };
  if (hc.kind === "existing") return { id: hc.id, changes: [] };
  const first = claim.records[0];
  const setIdentifier = first ? (setIdentifierOf(first.policy) ?? "") : "";
  const host = claim.endpoint.hostname;
  const existing = ownedChecks.get(healthCheckKey(config.ownerId, host, setIdentifier)) ?? [];
  const currentMember = first ? ownedMembers.get(recordKeyString(keyOf(first))) : undefined;
  if (config.policy === "create-only" && currentMember?.healthCheckId) {
    return { id: currentMember.healthCheckId, changes: [], kept: currentMember.healthCheckId };
  }
  const who = {
    ownerId: config.ownerId,
    clusterName: config.clusterName,
    hostname: host,
    setIdentifier,
    ...(claim.endpoint.source.uid ? { sourceUid: claim.endpoint.source.uid } : {}),
  };
  const planned = planHealthCheck(who, hc.spec, existing, host);
  const changes = hc.basis ? planned.changes.map((c) => ({ ...c, basis: hc.basis })) : planned.changes;
  if (planned.keep) return { id: planned.keep.id, changes, kept: planned.keep.id };
  return { id: pendingHealthCheckId(planned.create ?? ""), changes };
}
