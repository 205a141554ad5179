import { applyChangesToZones } from "../apply/applied-state.js";
import type { PlannerConfig } from "../config/config.js";
import type { AwsState } from "../model/aws-state.js";
import type { HealthCheckChange, OwnershipConflict, Plan, RecordChange } from "../model/changes.js";
import { pendingHealthCheckId } from "../model/changes.js";
import type { EndpointIntent } from "../model/endpoint.js";
import { displayName } from "../model/hostname.js";
import { pushTo } from "../model/multimap.js";
import { keyOf, type RecordSet, recordKeyString } from "../model/record-set.js";
import { setIdentifierOf } from "../model/routing-policy.js";
import type { Skipped } from "../model/source-ref.js";
import { formatSourceRef } from "../model/source-ref.js";
import type { HostedZone } from "../model/zone.js";
import { ZoneMatcher } from "../zones/zone-matcher.js";
import { compareChanges } from "./change-order.js";
import { deletionBudget, policyAllows } from "./change-policy.js";
import { resolveClaims } from "./conflicts.js";
import { type DesiredMembers, desiredMembers, indexLoadBalancers } from "./desired-records.js";
import { drainedClaim, restoreWeightOf } from "./drain.js";
import { healthCheckKey, indexOwnedHealthChecks, planHealthCheck } from "./health-planner.js";
import { HeldRecords } from "./held-records.js";
import {
  type DrainMark,
  type FoundOwnership,
  ownershipName,
  ownershipRecord,
  type ResourceId,
  resourceOf,
  sourceOfResource,
} from "./ownership.js";
import { canUpsert, sameRecordContent } from "./record-compare.js";
import { memberConflict } from "./route53-rules.js";
import { zoneOwnership } from "./zone-ownership.js";

/** Everything the planner needs: plain data, no clients. */
export interface PlanInput {
  config: PlannerConfig;
  endpoints: EndpointIntent[];
  /** Objects the sources already skipped; carried into the plan so one report shows everything. */
  skipped: Skipped[];
  state: AwsState;
  /**
   * Record deletions this owner already made within the guard's window (the controller's resync
   * interval). They count against `--max-deletions` too, so records that vanish a few at a time —
   * a deleted CRD's objects go one by one — cannot slip through one small run after another.
   * @default 0
   */
  recentDeletions?: number;
}

/*
 * How one owned member (name, type, set identifier) is planned, per zone the filter allows:
 *
 *   current (ours)        desired                 result
 *   ───────────────────── ─────────────────────── ────────────────────────────────────────────
 *   –                     member                  CREATE member + CREATE ownership TXT
 *   member                same content            nothing
 *   member                same kind and alias-ness UPSERT member (+ UPSERT TXT if its value changed)
 *   member                other kind or alias-ness DELETE member, CREATE member (one request)
 *   member                –                       DELETE member + DELETE TXT (max-deletions, policy)
 *   member of its object  object skipped/conflict nothing: bad input never deletes
 *   not ours              anything                nothing; a clash skips our desired with a reason
 *
 * Every change of one host (all its types and their ownership TXTs) shares a `group`: apply/ sends a
 * group in one ChangeResourceRecordSets request, so Route 53 applies it atomically and in order
 * (deletes first, which lets an A become a CNAME in one step).
 */
export function planChanges(input: PlanInput): Plan {
  const { config, state } = input;
  const skipped: Skipped[] = [...input.skipped];
  const matcher = new ZoneMatcher(state.zones, config.zoneFilter);
  const loadBalancers = indexLoadBalancers(state.loadBalancers);

  const claims: DesiredMembers[] = [];
  for (const endpoint of input.endpoints) {
    const match = matcher.match(endpoint.hostname);
    if (!match.ok) {
      skipped.push({
        source: endpoint.source,
        hostname: displayName(endpoint.hostname),
        reason: match.reason,
      });
      continue;
    }
    for (const zone of match.zones) {
      const members = desiredMembers(endpoint, zone, config, loadBalancers);
      if (members.ok) claims.push(members.value);
      else
        skipped.push({
          source: endpoint.source,
          hostname: displayName(endpoint.hostname),
          reason: members.error,
        });
    }
  }
  const claimed = resolveClaims(claims);
  skipped.push(...claimed.skipped);

  // Bad input never deletes: the records of an object that cannot be read, or at a skipped hostname,
  // stay as they are (held-records.ts).
  const held = new HeldRecords(skipped);
  const conflicts: OwnershipConflict[] = [];

  const ownedChecks = indexOwnedHealthChecks(state.healthChecks, config.ownerId);
  const healthChecks: HealthCheckChange[] = [];
  const keptCheckIds = new Set<string>();
  const changes: RecordChange[] = [];
  const heldBack: Plan["heldBack"] = [];
  const deletions: RecordChange[][] = [];
  let ownedRecordCount = 0;

  for (const zone of sortZones(state.zones.filter((z) => matcher.manages(z)))) {
    const zoneChanges = planZone(zone, claimed.winners);
    changes.push(...zoneChanges.changes);
    deletions.push(...zoneChanges.deletions);
    ownedRecordCount += zoneChanges.ownedRecords;
  }

  const budget = deletionBudget(config.maxDeletions, ownedRecordCount);
  const deletedRecords = deletions.reduce((n, g) => n + g.filter((c) => c.purpose === "record").length, 0);
  const recent = input.recentDeletions ?? 0;
  for (const group of deletions) {
    const allowed = policyAllows(config.policy, "delete");
    if (!allowed.allowed) {
      for (const change of group) heldBack.push({ change, reason: allowed.reason });
    } else if (deletedRecords + recent > budget) {
      const made = recent > 0 ? ` (after ${recent} made moments ago)` : "";
      const reason = `${deletedRecords} record deletions${made} exceed --max-deletions (${budget} of ${ownedRecordCount} owned records); all deletions held back`;
      for (const change of group) heldBack.push({ change, reason });
    } else {
      changes.push(...group);
    }
  }

  // A health check is deleted only once no record left after this plan refers to it.
  const referenced = referencedCheckIds(state, changes);
  for (const checks of ownedChecks.values()) {
    for (const check of checks) {
      if (keptCheckIds.has(check.id) || referenced.has(check.id)) continue;
      if (!policyAllows(config.policy, "delete").allowed) continue;
      healthChecks.push({
        action: "DELETE",
        callerReference: check.callerReference,
        id: check.id,
        spec: check.spec,
        tags: check.tags,
        for: `${check.tags["route53-gslb/hostname"] ?? ""}.`,
      });
    }
  }

  changes.sort(compareChanges);
  healthChecks.sort(
    (a, b) =>
      a.for.localeCompare(b.for) ||
      a.action.localeCompare(b.action) ||
      a.callerReference.localeCompare(b.callerReference),
  );
  skipped.sort(
    (a, b) =>
      formatSourceRef(a.source).localeCompare(formatSourceRef(b.source)) ||
      (a.hostname ?? "").localeCompare(b.hostname ?? "") ||
      a.reason.localeCompare(b.reason),
  );
  const created = healthChecks.filter((h) => h.action === "CREATE").length;
  const deleted = healthChecks.filter((h) => h.action === "DELETE").length;
  const ownedNow = [...ownedChecks.values()].reduce((n, c) => n + c.length, 0);
  return {
    clusterName: config.clusterName,
    ownerId: config.ownerId,
    changes,
    healthChecks,
    skipped,
    heldBack,
    conflicts: conflicts.sort(compareConflicts),
    ownedRecords: ownedRecordCount,
    healthCheckUsage: { owned: ownedNow + created - deleted, quota: config.healthCheckQuota },
  };

  function planZone(
    zone: HostedZone,
    winners: DesiredMembers[],
  ): { changes: RecordChange[]; deletions: RecordChange[][]; ownedRecords: number } {
    const owned = zoneOwnership(zone, config.ownerId);
    conflicts.push(...owned.conflicts);
    const ownedMembers = owned.members;
    const ourTxt = owned.txtByHost;
    const ownedByHost = owned.membersByHost;
    const resourceOfHost = new Map<string, ResourceId | undefined>();
    // Hosts `route53-gslb drain` marked: they stay drained, whatever the manifests say, until undrain.
    const markedDrained = new Set<string>();
    for (const [host, byType] of ourTxt) {
      for (const found of byType.values()) {
        if (found.ownership.drained) markedDrained.add(host);
        resourceOfHost.set(host, found.ownership.resource);
      }
    }
    const ours = new Set([
      ...ownedMembers.values(),
      ...[...ourTxt.values()].flatMap((m) => [...m.values()].map((f) => f.record)),
    ]);
    const foreignAt = new Map<string, RecordSet[]>();
    for (const record of zone.records) {
      if (!ours.has(record)) pushTo(foreignAt, record.name, record);
    }

    // Desired records per host, after Route 53's rules against records we do not own.
    const desiredByHost = new Map<
      string,
      { claim: DesiredMembers; records: RecordSet[]; restoreWeights?: Map<string, number | undefined> }
    >();
    for (const wanted of winners.filter((w) => w.zone.id === zone.id)) {
      const host = wanted.endpoint.hostname;
      const contested = owned.frozenHosts.get(host);
      if (contested) {
        for (const c of contested)
          skipped.push({ source: wanted.endpoint.source, hostname: displayName(host), reason: c.reason });
        continue;
      }
      const marked = markedDrained.has(host);
      const claim = config.drain || marked ? drainedClaim(wanted) : wanted;
      const problem = hostConflict(claim, foreignAt, zone, config.ownerId);
      if (problem) {
        skipped.push({ source: claim.endpoint.source, hostname: displayName(host), reason: problem });
        held.holdHost(host, `${formatSourceRef(claim.endpoint.source)} cannot be used (${problem})`);
        continue;
      }
      const healthCheckId = planMemberHealthCheck(claim, ownedMembers);
      const records = claim.records.map((r) => (healthCheckId ? { ...r, healthCheckId } : r));
      // The mark keeps the weight the manifests want now, so undrain restores the latest intent.
      const restoreWeights = marked
        ? new Map(wanted.records.map((r) => [r.type, restoreWeightOf(r)] as const))
        : undefined;
      desiredByHost.set(host, { claim, records, ...(restoreWeights ? { restoreWeights } : {}) });
    }

    const hosts = new Set<string>([...desiredByHost.keys()]);
    // Owned records at names the filter no longer allows (an --exclude-domain inside a managed zone)
    // are out of bounds: never deleted, never updated.
    for (const host of [...ownedByHost.keys(), ...ourTxt.keys()])
      if (matcher.allowsName(host)) hosts.add(host);

    const out: RecordChange[] = [];
    const dels: RecordChange[][] = [];
    for (const host of [...hosts].sort()) {
      const group = `${zone.id}|${host}`;
      const desired = desiredByHost.get(host);
      const source = desired
        ? formatSourceRef(desired.claim.endpoint.source)
        : sourceOfResource(resourceOfHost.get(host));
      const change = (
        action: RecordChange["action"],
        purpose: RecordChange["purpose"],
        record: RecordSet,
      ): RecordChange => ({
        zoneId: zone.id,
        zoneName: zone.name,
        action,
        purpose,
        record,
        group,
        ...(source ? { source } : {}),
      });
      const currentMembers = ownedByHost.get(host) ?? [];
      const currentTxt = new Map(
        [...(ourTxt.get(host) ?? new Map<string, FoundOwnership>())].map(([t, f]) => [t, f.record]),
      );
      if (!desired) {
        const group = [
          ...currentMembers.map((m) => change("DELETE", "record", m)),
          ...[...currentTxt.values()].map((txt) => change("DELETE", "ownership", txt)),
        ];
        const holdReason = held.reasonFor(host, resourceOfHost.get(host));
        if (holdReason !== undefined) for (const c of group) heldBack.push({ change: c, reason: holdReason });
        else if (group.length > 0) dels.push(group);
        continue;
      }
      const wanted = new Map(desired.records.map((r) => [recordKeyString(keyOf(r)), r]));
      const ownership = {
        owner: config.ownerId,
        resource: resourceOf(desired.claim.endpoint.source),
      };
      for (const current of currentMembers) {
        const key = recordKeyString(keyOf(current));
        const next = wanted.get(key);
        wanted.delete(key);
        if (!next) {
          // The host stays but this member goes (its set identifier or type changed): a replacement.
          pushIfAllowed(out, "replace", [change("DELETE", "record", current)]);
        } else if (!sameRecordContent(current, next)) {
          if (canUpsert(current, next)) pushIfAllowed(out, "update", [change("UPSERT", "record", next)]);
          else
            pushIfAllowed(out, "replace", [
              change("DELETE", "record", current),
              change("CREATE", "record", next),
            ]);
        }
      }
      for (const next of wanted.values()) out.push(change("CREATE", "record", next));
      // One ownership TXT per guarded type; types no longer wanted lose theirs.
      const types = new Set(desired.records.map((r) => r.type));
      for (const [type, txt] of currentTxt) {
        if (!types.has(type)) pushIfAllowed(out, "replace", [change("DELETE", "ownership", txt)]);
      }
      for (const record of desired.records) {
        const mark = desired.restoreWeights ? drainMark(desired.restoreWeights.get(record.type)) : {};
        const txt = ownershipRecord(host, record.type, { ...ownership, ...setIdOf(record), ...mark });
        const current = currentTxt.get(record.type);
        if (!current) out.push(change("CREATE", "ownership", txt));
        else if (!sameRecordContent(current, txt))
          pushIfAllowed(out, "update", [change("UPSERT", "ownership", txt)]);
      }
    }
    return { changes: out, deletions: dels, ownedRecords: ownedMembers.size };
  }

  /** Changes that belong together (a replacement's DELETE and CREATE) pass or wait together. */
  function pushIfAllowed(out: RecordChange[], kind: "update" | "replace", together: RecordChange[]): void {
    const allowed = policyAllows(config.policy, kind);
    if (allowed.allowed) out.push(...together);
    else for (const change of together) heldBack.push({ change, reason: allowed.reason });
  }

  /** Plan the member's health check and return the id its records carry. */
  function planMemberHealthCheck(
    claim: DesiredMembers,
    ownedMembers: Map<string, RecordSet>,
  ): string | undefined {
    const hc = claim.healthCheck;
    if (hc.kind === "none") return undefined;
    if (hc.kind === "existing") return hc.id;
    const first = claim.records[0];
    const setIdentifier = first ? (setIdentifierOf(first.policy) ?? "") : "";
    const host = claim.endpoint.hostname;
    const existing = ownedChecks.get(healthCheckKey(config.ownerId, host, setIdentifier)) ?? [];
    // create-only never changes an existing member, so its health check stays as it is too.
    const currentMember = first ? ownedMembers.get(recordKeyString(keyOf(first))) : undefined;
    if (config.policy === "create-only" && currentMember?.healthCheckId) {
      keptCheckIds.add(currentMember.healthCheckId);
      return currentMember.healthCheckId;
    }
    const who = {
      ownerId: config.ownerId,
      clusterName: config.clusterName,
      hostname: host,
      setIdentifier,
      ...(claim.endpoint.source.uid ? { sourceUid: claim.endpoint.source.uid } : {}),
    };
    const planned = planHealthCheck(who, hc.spec, existing, host);
    healthChecks.push(...planned.changes);
    if (planned.keep) {
      keptCheckIds.add(planned.keep.id);
      return planned.keep.id;
    }
    return pendingHealthCheckId(planned.create ?? "");
  }
}

/** Why a claim's records (or their ownership TXTs) may not join the records others own at their names. */
function hostConflict(
  claim: DesiredMembers,
  foreignAt: Map<string, RecordSet[]>,
  zone: HostedZone,
  ownerId: string,
): string | undefined {
  const host = claim.endpoint.hostname;
  for (const record of claim.records) {
    const siblings = claim.records.filter((r) => r.type !== record.type);
    const conflict =
      memberConflict(record, [...(foreignAt.get(host) ?? []), ...siblings], host === zone.name) ??
      memberConflict(
        ownershipRecord(host, record.type, { owner: ownerId }),
        foreignAt.get(ownershipName(host, record.type)) ?? [],
        false,
      );
    if (conflict) return `conflict: ${conflict}; records this cluster does not own are never changed`;
  }
  return undefined;
}

function drainMark(restoreWeight: number | undefined): { drained: DrainMark } {
  return { drained: restoreWeight === undefined ? {} : { restoreWeight } };
}

function setIdOf(record: RecordSet): { setIdentifier?: string } {
  const id = setIdentifierOf(record.policy);
  return id === undefined ? {} : { setIdentifier: id };
}

/** Health-check ids that records still refer to once the plan's changes (not the held-back ones) are applied. */
function referencedCheckIds(state: AwsState, applied: RecordChange[]): Set<string> {
  const ids = new Set<string>();
  for (const zone of applyChangesToZones(state.zones, applied)) {
    for (const record of zone.records) if (record.healthCheckId) ids.add(record.healthCheckId);
  }
  return ids;
}

function compareConflicts(a: OwnershipConflict, b: OwnershipConflict): number {
  return (
    a.zoneName.localeCompare(b.zoneName) ||
    a.name.localeCompare(b.name) ||
    a.type.localeCompare(b.type) ||
    a.reason.localeCompare(b.reason)
  );
}

function sortZones(zones: HostedZone[]): HostedZone[] {
  return [...zones].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}
