import type { PlannerConfig } from "../config/config.js";
import type { AwsState } from "../model/aws-state.js";
import type { HealthCheckChange, OwnershipConflict, Plan, RecordChange } from "../model/changes.js";
import { type HealthCheck, healthCheckKindOf, isCalculated } from "../model/health-check.js";
import { displayName } from "../model/hostname.js";
import type { RecordSet } from "../model/record-set.js";
import type { Skipped, SourceRef } from "../model/source-ref.js";
import { ZoneMatcher } from "../zones/zone-matcher.js";
import { compareChanges } from "./change-order.js";
import type { DesiredMembers } from "./desired-records.js";
import { healthCheckTags } from "./health-planner.js";
import { type DrainMark, type FoundOwnership, ownershipValue } from "./ownership.js";
import { type ZoneOwnership, zoneOwnership } from "./zone-ownership.js";

/*
 * Draining takes a cluster's members out of rotation without deleting anything (DESIGN.md "Draining
 * and status"):
 *
 *   member                                  drained                       undrained
 *   ─────────────────────────────────────── ───────────────────────────── ──────────────────────────
 *   weighted                                weight 0                      the weight it had
 *   any policy, with a health check of ours health check `Inverted`       not inverted
 *   other policy, no health check of ours   cannot be drained: reported   –
 *
 * Route 53 stops answering with a member whose health check is unhealthy, and an inverted check of a
 * healthy endpoint is unhealthy. Both mechanisms fail open the way Route 53 always does: when every
 * member of a name is weight 0, or every member is unhealthy, Route 53 answers with all of them, so
 * draining every cluster at once cannot take a name off the internet.
 *
 * Two ways in: the planner's `drain` setting (the controller's `--drain`, in force while the flag is
 * set) and the drain mark that `route53-gslb drain` writes into the member's ownership TXT, which
 * every later plan honours until `route53-gslb undrain` removes it. The mark lives in Route 53 so that
 * a cluster can be drained when it is down, and the drain survives restarts and redeploys.
 */

/** The members of a claim as they are while drained. */
export function drainedClaim(claim: DesiredMembers): DesiredMembers {
  const records = claim.records.map((r) =>
    r.policy.kind === "weighted" ? { ...r, policy: { ...r.policy, weight: 0 } } : r,
  );
  const hc = claim.healthCheck;
  const healthCheck = hc.kind === "managed" ? { ...hc, spec: { ...hc.spec, inverted: true as const } } : hc;
  return { ...claim, records, healthCheck };
}

/** The weight a member returns to on undrain; undefined for a member without one. */
export function restoreWeightOf(record: RecordSet): number | undefined {
  return record.policy.kind === "weighted" ? record.policy.weight : undefined;
}

export type DrainMode = "drain" | "undrain";

/**
 * The plan of `route53-gslb drain` / `undrain` for one owner, from Route 53 alone (no manifests, so
 * it works while the cluster is down): every member this owner guards in the zones the filter
 * allows is taken out of rotation (or put back), and its ownership TXT gains (or loses) the drain
 * mark. A member and its TXT change in one atomic group; nothing is created or deleted.
 */
export function planDrain(state: AwsState, config: PlannerConfig, mode: DrainMode): Plan {
  const matcher = new ZoneMatcher(state.zones, config.zoneFilter);
  const ownedChecks = new Map(
    state.healthChecks
      .filter((c) => c.tags["route53-gslb/owner"] === config.ownerId)
      .map((c) => [c.id, c] as const),
  );
  const changes: RecordChange[] = [];
  const healthChecks = new Map<string, HealthCheckChange>();
  const skipped: Skipped[] = [];
  const conflicts: OwnershipConflict[] = [];
  let ownedRecords = 0;

  for (const zone of state.zones.filter((z) => matcher.manages(z))) {
    const owned = zoneOwnership(zone, config.ownerId);
    conflicts.push(...owned.conflicts);
    const members = ownedMembersByOwnership(owned);
    for (const [found, guarded] of members) {
      if (!matcher.allowsName(found.host)) continue;
      ownedRecords += guarded.length;
      const group = `${zone.id}|${found.host}`;
      const source = found.ownership.resource;
      const change = (purpose: RecordChange["purpose"], record: RecordSet): RecordChange => ({
        zoneId: zone.id,
        zoneName: zone.name,
        action: "UPSERT",
        purpose,
        record,
        group,
        ...(source ? { source } : {}),
      });
      const checks = [...new Set(guarded.map((r) => r.healthCheckId))].flatMap((id) =>
        drainableChecks(id === undefined ? undefined : ownedChecks.get(id), ownedChecks),
      );
      const step =
        mode === "drain" ? drainMember(found, guarded, checks) : undrainMember(found, guarded, checks);
      if (typeof step === "string") {
        skipped.push({
          source: sourceRefOf(found),
          hostname: displayName(found.host),
          problem: { kind: "not-drainable", mode, detail: step },
        });
        continue;
      }
      if (!step) continue;
      for (const record of step.records) changes.push(change("record", record));
      changes.push(change("ownership", withMark(found, step.mark)));
      for (const check of step.checks) {
        healthChecks.set(check.id, {
          action: "UPDATE",
          callerReference: check.callerReference,
          id: check.id,
          spec: check.spec,
          tags: healthCheckTags({
            ownerId: config.ownerId,
            clusterName: config.clusterName,
            hostname: found.host,
            setIdentifier: found.ownership.setIdentifier ?? "",
          }),
          for: found.host,
          version: check.version,
        });
      }
    }
  }
  changes.sort(compareChanges);
  return {
    clusterName: config.clusterName,
    ownerId: config.ownerId,
    changes,
    healthChecks: [...healthChecks.values()].sort((a, b) => a.for.localeCompare(b.for)),
    skipped,
    heldBack: [],
    conflicts,
    policySwitches: [],
    ownedRecords,
    healthCheckUsage: { owned: ownedChecks.size, quota: config.healthCheckQuota },
  };
}

/**
 * The checks of ours that draining a member inverts, from the check its records carry: that check,
 * or — for the CALCULATED check of a cluster health check — the member's own check among its
 * children. Inverting the child makes the CALCULATED check (every child must be healthy) unhealthy,
 * and leaves the cluster check, which every other member depends on, alone; it is also what the
 * planner does for `--drain` and drain marks (drainedClaim), so the two never undo each other. A
 * CALCULATED check over someone else's `health-check: <id>` has no child of ours to invert.
 */
function drainableChecks(
  check: HealthCheck | undefined,
  owned: ReadonlyMap<string, HealthCheck>,
): HealthCheck[] {
  if (!check) return [];
  if (!isCalculated(check.spec)) return [check];
  return check.spec.children.flatMap((id) => {
    const child = owned.get(id);
    return child && healthCheckKindOf(child) === "member" ? [child] : [];
  });
}

/** What draining or undraining one guarded member changes; a string says why it cannot. */
type MemberStep = { records: RecordSet[]; checks: HealthCheck[]; mark: DrainMark | undefined };

function drainMember(
  found: FoundOwnership,
  members: RecordSet[],
  checks: HealthCheck[],
): MemberStep | string | undefined {
  if (found.ownership.drained) return undefined;
  const member = members[0];
  if (!member) return undefined;
  const weight = restoreWeightOf(member);
  if (weight === undefined && checks.length === 0) {
    return `cannot be drained: a ${member.policy.kind} member leaves rotation only through a health check, and it has none of this owner's; set route53-gslb.io/health-check: auto`;
  }
  return {
    records: weight === undefined || weight === 0 ? [] : [withWeight(member, 0)],
    checks: checks
      .filter((c) => !c.spec.inverted)
      .map((c) => ({ ...c, spec: { ...c.spec, inverted: true } })),
    mark: weight === undefined ? {} : { restoreWeight: weight },
  };
}

function undrainMember(
  found: FoundOwnership,
  members: RecordSet[],
  checks: HealthCheck[],
): MemberStep | string | undefined {
  const mark = found.ownership.drained;
  if (!mark) return undefined;
  const member = members[0];
  const weighted = member?.policy.kind === "weighted";
  if (weighted && mark.restoreWeight === undefined) {
    return "cannot be undrained: its drain mark records no weight to restore; apply its manifests (or let its controller reconcile) instead";
  }
  return {
    records:
      member && weighted && mark.restoreWeight !== undefined ? [withWeight(member, mark.restoreWeight)] : [],
    checks: checks
      .filter((c) => c.spec.inverted)
      .map((c) => {
        const { inverted: _drained, ...spec } = c.spec;
        return { ...c, spec };
      }),
    mark: undefined,
  };
}

function withWeight(record: RecordSet, weight: number): RecordSet {
  return record.policy.kind === "weighted" ? { ...record, policy: { ...record.policy, weight } } : record;
}

/** The ownership TXT as it was, with the drain mark set or removed. */
function withMark(found: FoundOwnership, mark: DrainMark | undefined): RecordSet {
  const { drained: _old, ...ownership } = found.ownership;
  const value = ownershipValue(mark ? { ...ownership, drained: mark } : ownership);
  const target = found.record.target;
  return {
    ...found.record,
    target: target.kind === "values" ? { ...target, values: [value] } : target,
  };
}

/**
 * Each ownership TXT of `ownerId` in the zone with the members it guards: same name, the guarded
 * type and the set identifier the TXT names (the planner's test of ownership). Contested members are
 * left out, as the planner leaves them: nobody drains what two owners claim.
 */
function ownedMembersByOwnership(owned: ZoneOwnership): Map<FoundOwnership, RecordSet[]> {
  const out = new Map<FoundOwnership, RecordSet[]>();
  const sorted = [...owned.txtByHost.values()]
    .flatMap((byType) => [...byType.values()])
    .sort((a, b) => a.host.localeCompare(b.host) || a.type.localeCompare(b.type));
  for (const found of sorted) {
    const members = (owned.membersByHost.get(found.host) ?? []).filter((r) => r.type === found.type);
    out.set(found, members);
  }
  return out;
}

/** The object an ownership TXT names, for the report; the guarded name when it names none. */
function sourceRefOf(found: FoundOwnership): SourceRef {
  return (
    found.ownership.resource ?? {
      group: "",
      kind: "RecordSet",
      namespace: "-",
      name: displayName(found.host),
    }
  );
}
