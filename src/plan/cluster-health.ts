import type { PlannerConfig } from "../config/config.js";
import { type HealthCheckChange, pendingHealthCheckId } from "../model/changes.js";
import {
  type CalculatedCheckSpec,
  HEALTH_CHECK_TAGS,
  type HealthCheck,
  healthCheckKindOf,
} from "../model/health-check.js";
import { displayName } from "../model/hostname.js";
import {
  type HealthCheckOwner,
  healthCheckKey,
  healthCheckNameTag,
  healthCheckTags,
  indexOwnedHealthChecks,
  planHealthCheck,
} from "./health-planner.js";
import { stableHash } from "./stable-hash.js";

/*
 * The cluster health check (`--cluster-health-check`, docs/planning.md "Cluster health check"):
 * the seeds' infrastructure or canary check of this cluster's entry point, one per owner, which every
 * member with a health check also depends on. Route 53 gives a record one `HealthCheckId`, so such a
 * member's records carry a CALCULATED check of its own — children [the member's check, the cluster's
 * check], healthy only when both are (threshold 2):
 *
 *   record ──HealthCheckId──► CALCULATED (threshold 2) ──┬─► member's check (own settings)
 *                                                        └─► cluster check (one per owner)
 *
 * Order of writes (apply/plan-applier.ts): endpoint checks first, then the CALCULATED ones (Route 53
 * refuses a child that does not exist; placeholders of children this plan creates are resolved in
 * between), then the records; deletions after the records, CALCULATED parents before their children.
 */

/** What the members' CALCULATED checks need to know of the cluster check. */
export interface ClusterCheckPlan {
  /** Its id: the existing check's, or a placeholder for the one this plan creates. */
  id: string;
  /** Its CallerReference, part of the CALCULATED checks' references (stable across the create). */
  reference: string;
  changes: HealthCheckChange[];
  /** The existing check kept (possibly updated). */
  kept?: string;
}

/** The cluster check and this owner's CALCULATED checks, for the members' planning. */
export interface ClusterHealth {
  check: ClusterCheckPlan;
  /** This owner's existing CALCULATED checks by `healthCheckKey`. */
  calculated: ReadonlyMap<string, HealthCheck[]>;
}

/** `for` of the cluster check's changes: no record name, the cluster's. */
export function clusterCheckFor(clusterName: string): string {
  return `(cluster ${clusterName})`;
}

export function clusterCheckTags(
  config: Pick<PlannerConfig, "ownerId" | "clusterName">,
): Record<string, string> {
  return {
    [HEALTH_CHECK_TAGS.owner]: config.ownerId,
    [HEALTH_CHECK_TAGS.cluster]: config.clusterName,
    [HEALTH_CHECK_TAGS.kind]: "cluster",
    [HEALTH_CHECK_TAGS.name]: `cluster ${config.clusterName}`,
  };
}

/**
 * Plan the cluster check of `config.clusterHealthCheck` (undefined without the flag): keep the owner's
 * existing one, update it in place, or create a new one when `Type` or `RequestInterval` changed
 * (a new URL scheme) — the old one is then collected once no CALCULATED check names it.
 */
export function planClusterHealth(config: PlannerConfig, checks: HealthCheck[]): ClusterHealth | undefined {
  const spec = config.clusterHealthCheck;
  if (!spec) return undefined;
  const existing = checks
    .filter((c) => c.tags[HEALTH_CHECK_TAGS.owner] === config.ownerId && healthCheckKindOf(c) === "cluster")
    .sort((a, b) => a.id.localeCompare(b.id));
  const reference = `r53gslb-${stableHash(["cluster", config.ownerId, config.clusterName, JSON.stringify(spec)].join("\n"))}`;
  const who = { ownerId: config.ownerId, clusterName: config.clusterName, hostname: "", setIdentifier: "" };
  const planned = planHealthCheck(who, spec, existing, clusterCheckFor(config.clusterName), {
    tags: clusterCheckTags(config),
    callerReference: reference,
  });
  const check: ClusterCheckPlan = planned.keep
    ? {
        id: planned.keep.id,
        reference: planned.keep.callerReference,
        changes: planned.changes,
        kept: planned.keep.id,
      }
    : { id: pendingHealthCheckId(reference), reference, changes: planned.changes };
  return { check, calculated: indexOwnedHealthChecks(checks, config.ownerId, "calculated") };
}

/** A member's check as the CALCULATED check names it: its id, and what identifies it across runs. */
export interface MemberCheckRef {
  id: string;
  /** Its CallerReference (ours), or its id (a `health-check: <id>` of someone else's). */
  reference: string;
}

/** The result of wrapping one member's check. */
export interface WrappedCheck {
  /** The CALCULATED check's id (existing, or a placeholder) for the member's records. */
  id: string;
  changes: HealthCheckChange[];
  kept?: string;
}

/**
 * The member's CALCULATED check over `member` and the cluster check: kept, updated in place (a child
 * replaced, so the records keep pointing at the same CALCULATED id) or created. Its CallerReference
 * hashes the children's references, not their ids, so it is the same before and after a child this
 * plan creates exists.
 */
export function wrapMemberCheck(
  who: HealthCheckOwner,
  member: MemberCheckRef,
  cluster: ClusterHealth,
): WrappedCheck {
  const spec: CalculatedCheckSpec = {
    type: "CALCULATED",
    children: [member.id, cluster.check.id],
    healthThreshold: 2,
  };
  const existing = cluster.calculated.get(healthCheckKey(who.ownerId, who.hostname, who.setIdentifier)) ?? [];
  const identity = [
    "calculated",
    who.ownerId,
    who.hostname,
    who.setIdentifier,
    who.sourceUid ?? "",
    member.reference,
    cluster.check.reference,
    String(spec.healthThreshold),
  ];
  const planned = planHealthCheck(who, spec, existing, who.hostname, {
    tags: calculatedCheckTags(who),
    callerReference: `r53gslb-${stableHash(identity.join("\n"))}`,
  });
  if (planned.keep) return { id: planned.keep.id, changes: planned.changes, kept: planned.keep.id };
  return { id: pendingHealthCheckId(planned.create ?? ""), changes: planned.changes };
}

export function calculatedCheckTags(who: HealthCheckOwner): Record<string, string> {
  return {
    ...healthCheckTags(who),
    [HEALTH_CHECK_TAGS.kind]: "calculated",
    [HEALTH_CHECK_TAGS.name]: healthCheckNameTag(
      displayName(who.hostname),
      `${who.setIdentifier}, member + cluster`,
    ),
  };
}

/** Whether the plan uses the cluster check: some member's CALCULATED check is planned or kept. */
export function clusterCheckUsed(
  changes: readonly HealthCheckChange[],
  kept: ReadonlySet<string>,
  cluster: ClusterHealth,
): boolean {
  if (changes.some((c) => c.action !== "DELETE" && healthCheckKindOf(c) === "calculated")) return true;
  for (const checks of cluster.calculated.values()) if (checks.some((c) => kept.has(c.id))) return true;
  return false;
}
