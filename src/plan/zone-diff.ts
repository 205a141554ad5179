import type { PlannerConfig } from "../config/config.js";
import type {
  HealthCheckChange,
  OwnershipConflict,
  Plan,
  PolicySwitch,
  RecordChange,
  Takeover,
} from "../model/changes.js";
import type { HealthCheck } from "../model/health-check.js";
import { displayName } from "../model/hostname.js";
import { type Problem, problemMessage } from "../model/problem.js";
import { keyOf, type RecordSet, recordKeyString } from "../model/record-set.js";
import { setIdentifierOf } from "../model/routing-policy.js";
import { formatSourceRef, type Skipped } from "../model/source-ref.js";
import type { HostedZone } from "../model/zone.js";
import type { ZoneMatcher } from "../zones/zone-matcher.js";
import type { ClusterHealth } from "./cluster-health.js";
import type { DesiredMembers } from "./desired-records.js";
import { drainedClaim, restoreWeightOf } from "./drain.js";
import { hostTakeovers } from "./external-dns/takeover-changes.js";
import { planTakeovers, type TakeoverPair, type ZoneTakeovers } from "./external-dns/takeovers.js";
import type { HeldRecords } from "./held-records.js";
import { type CurrentHost, type DesiredHost, diffHost } from "./host-diff.js";
import { memberHealth } from "./member-health.js";
import { ownershipName, ownershipRecord, type ResourceId } from "./ownership.js";
import { planHostSwitches } from "./policy-switch.js";
import { memberConflict } from "./route53-rules.js";
import {
  claimsByMember,
  type HostOwnership,
  holdsAnything,
  type OwnedZone,
  ownedZone,
  zoneOwnership,
} from "./zone-ownership.js";

/** What stage 3 needs besides the zone and the winning claims. */
export interface ZoneDiffContext {
  config: PlannerConfig;
  matcher: ZoneMatcher;
  held: HeldRecords;
  ownedChecks: ReadonlyMap<string, HealthCheck[]>;
  /** The cluster check and this owner's CALCULATED checks, with `--cluster-health-check`. */
  clusterHealth?: ClusterHealth;
  /** Plan only these hosts (see PlanInput.hosts); every host when absent. */
  hosts?: ReadonlySet<string> | undefined;
}

/** Everything one zone contributes to the plan; deletion groups still go through the deletion guard. */
export interface ZoneDiff {
  changes: RecordChange[];
  deletions: RecordChange[][];
  heldBack: Plan["heldBack"];
  skipped: Skipped[];
  conflicts: OwnershipConflict[];
  healthChecks: HealthCheckChange[];
  keptCheckIds: string[];
  ownedRecords: number;
  policySwitches: PolicySwitch[];
  /** Members taken over from external-dns (`--adopt-external-dns-owner`). */
  takeovers: Takeover[];
}

/**
 * Stage 3 of the planner, one zone: what this owner holds there (zone-ownership.ts), what it wants
 * there once Route 53's rules against records it does not own are applied, and the changes per host
 * (host-diff.ts). A host that is neither wanted nor owned is never looked at.
 */
export function diffZone(
  zone: HostedZone,
  winners: readonly DesiredMembers[],
  ctx: ZoneDiffContext,
): ZoneDiff {
  const owned = ownedZone(zone, ctx.config.ownerId);
  const out: ZoneDiff = {
    changes: [],
    deletions: [],
    heldBack: [],
    skipped: [],
    conflicts: [...owned.conflicts],
    healthChecks: [],
    keptCheckIds: [],
    ownedRecords: owned.memberCount,
    policySwitches: [],
    takeovers: [],
  };
  const adoption = ctx.config.adoptExternalDns;
  const takeovers = adoption
    ? planTakeovers(zone, wantedRecords(zone, winners), zoneOwnership(zone, ctx.config.ownerId), adoption)
    : NO_TAKEOVERS;
  const desired = desiredHosts(zone, winners, owned, takeovers, ctx, out);

  // Owned records at names the filter no longer allows (an --exclude-domain inside a managed zone)
  // are out of bounds: never deleted, never updated.
  const planned = (host: string) =>
    desired.has(host) || (holdsAnything(owned.at(host)) && ctx.matcher.allowsName(host));
  // A limited plan looks only at its hosts: the rest of the zone is read for nothing but the totals.
  const hosts = ctx.hosts
    ? [...ctx.hosts].filter(planned)
    : [...new Set([...desired.keys(), ...owned.hosts()])].filter(planned);
  for (const host of hosts.sort()) {
    const wanted = desired.get(host);
    const here = owned.at(host);
    const resource = resourceAt(here);
    // external-dns's members being taken over are planned as if they were already ours.
    const pairs = wanted ? (takeovers.byHost.get(host) ?? []) : [];
    const current: CurrentHost = {
      members: [...here.members, ...pairs.filter((p) => !p.cleanup).map((p) => p.current)],
      txt: new Map([...here.txt].map(([t, f]) => [t, f.record])),
      resource,
    };
    const holdReason = wanted ? undefined : ctx.held.reasonFor(host, resource);
    const source = wanted ? wanted.claim.endpoint.source : resource;
    const diff = diffHost(host, wanted, current, {
      zone,
      ownerId: ctx.config.ownerId,
      policy: ctx.config.policy,
      source,
      ...(holdReason === undefined ? {} : { holdReason }),
    });
    out.heldBack.push(...diff.heldBack);
    if (diff.deletion) out.deletions.push(diff.deletion);
    if (!wanted || pairs.length === 0) {
      out.changes.push(...diff.changes);
      continue;
    }
    const taken = hostTakeovers(
      host,
      pairs,
      { changes: diff.changes, desired: wanted.records },
      { zone, policy: ctx.config.policy, source },
    );
    out.changes.push(...taken.changes);
    out.heldBack.push(...taken.heldBack);
    out.takeovers.push(...taken.takeovers);
  }
  return out;
}

/** A takeover at a host where this owner's own member waits for, or makes, a policy switch. */
function takeoverWaitsForSwitch(host: string, pair: TakeoverPair, owner: string): Problem {
  const setIdentifier = setIdentifierOf(pair.current.policy);
  return {
    kind: "takeover-blocked",
    host,
    type: pair.current.type,
    ...(setIdentifier === undefined ? {} : { setIdentifier }),
    owner,
    why: "a routing-policy switch of this name is under way; it is taken over once the switch is done",
  };
}

const NO_TAKEOVERS: ZoneTakeovers = { byHost: new Map(), blocked: new Map() };

/** The records each winning claim of the zone wants, by host: what takeovers are paired with. */
function wantedRecords(zone: HostedZone, winners: readonly DesiredMembers[]): Map<string, RecordSet[]> {
  const out = new Map<string, RecordSet[]>();
  for (const w of winners) if (w.zone.id === zone.id) out.set(w.endpoint.hostname, w.records);
  return out;
}

/** The object a host's ownership records name (the last type's, as they are read). */
function resourceAt(here: HostOwnership): ResourceId | undefined {
  let resource: ResourceId | undefined;
  for (const found of here.txt.values()) resource = found.ownership.resource;
  return resource;
}

/** Hosts `route53-gslb drain` marked: they stay drained, whatever the manifests say, until undrain. */
function markedDrained(here: HostOwnership): boolean {
  for (const found of here.txt.values()) if (found.ownership.drained) return true;
  return false;
}

/**
 * The records this owner wants per host of the zone, with their health checks planned. A claim on a
 * contested host, or one that Route 53's rules forbid beside records others own, is skipped with the
 * reason, and the records at its host are held.
 */
function desiredHosts(
  zone: HostedZone,
  winners: readonly DesiredMembers[],
  owned: OwnedZone,
  takeovers: ZoneTakeovers,
  ctx: ZoneDiffContext,
  out: ZoneDiff,
): Map<string, DesiredHost> {
  const desired = new Map<string, DesiredHost>();
  for (const wanted of winners) {
    if (wanted.zone.id !== zone.id) continue;
    const host = wanted.endpoint.hostname;
    if (ctx.hosts && !ctx.hosts.has(host)) continue;
    const skip = (problem: Problem) =>
      out.skipped.push({ source: wanted.endpoint.source, hostname: displayName(host), problem });
    const here = owned.at(host);
    if (here.frozen.length > 0) {
      for (const c of here.frozen) skip(c.problem);
      continue;
    }
    const blocked = takeovers.blocked.get(host);
    if (blocked) {
      for (const problem of blocked) skip(problem);
      ctx.held.holdHost(
        host,
        `${formatSourceRef(wanted.endpoint.source)} cannot be used (${blocked.map(problemMessage).join("; ")})`,
      );
      continue;
    }
    const marked = markedDrained(here);
    const claim = ctx.config.drain || marked ? drainedClaim(wanted) : wanted;
    // Members being taken over from external-dns are no longer someone else's records at the host.
    const pairs = (takeovers.byHost.get(host) ?? []).filter((p) => !p.cleanup);
    const released = new Set(pairs.map((p) => p.current));
    const foreignHere = here.foreign.filter((r) => !released.has(r));
    const foreign = foreignHere.filter((r) => r.name === host);
    const switches = planHostSwitches({
      zone,
      host,
      records: claim.records,
      ours: here.members,
      foreign,
      claims: claimsByMember(here.found),
      ownerId: ctx.config.ownerId,
      source: claim.endpoint.source,
    });
    const pair = pairs[0];
    if (switches && pair) {
      // Both would rewrite this host's members in one request on different grounds; one at a time.
      skip(takeoverWaitsForSwitch(host, pair, ctx.config.adoptExternalDns?.owner ?? ""));
      ctx.held.holdHost(
        host,
        `${formatSourceRef(claim.endpoint.source)} cannot be used (a policy switch is pending)`,
      );
      continue;
    }
    // Route 53's rules apply to the host as it will be: our members that wait for a switch as they
    // are, other owners' members as a conversion leaves them.
    const after = switches ? switches.foreignAfter : foreign;
    const foreignAt = (name: string) => (name === host ? after : foreignHere.filter((r) => r.name === name));
    const planned = switches ? { ...claim, records: switches.records } : claim;
    const rule = hostConflict(planned, foreignAt, zone, ctx.config.ownerId);
    if (rule) {
      const problem: Problem = { kind: "route53-rule", rule };
      skip(problem);
      ctx.held.holdHost(
        host,
        `${formatSourceRef(claim.endpoint.source)} cannot be used (${problemMessage(problem)})`,
      );
      continue;
    }
    const kept = new Set(switches?.kept);
    for (const member of kept) if (member.healthCheckId) out.keptCheckIds.push(member.healthCheckId);
    out.policySwitches.push(...(switches?.switches ?? []));
    // A member kept for a switch keeps its health check too; none is planned while all of them wait.
    const waitingOnly = planned.records.every((r) => kept.has(r));
    const health = waitingOnly
      ? { changes: [], kept: [] }
      : memberHealth(
          claim,
          ctx.config,
          new Map(here.members.map((m) => [recordKeyString(keyOf(m)), m])),
          ctx.ownedChecks,
          ctx.clusterHealth,
        );
    out.healthChecks.push(...health.changes);
    out.keptCheckIds.push(...health.kept);
    const records = planned.records.map((r) =>
      health.id && !kept.has(r) ? { ...r, healthCheckId: health.id } : r,
    );
    // The mark keeps the weight the manifests want now, so undrain restores the latest intent.
    const restoreWeights = marked
      ? new Map(wanted.records.map((r) => [r.type, restoreWeightOf(r)] as const))
      : undefined;
    desired.set(host, {
      claim,
      records,
      ...(restoreWeights ? { restoreWeights } : {}),
      ...(switches?.wishes.size ? { wishes: switches.wishes } : {}),
      ...(switches?.conversions.length ? { conversions: switches.conversions } : {}),
    });
  }
  return desired;
}

/** Which Route 53 rule forbids a claim's records (or their ownership TXTs) beside the records others own. */
function hostConflict(
  claim: DesiredMembers,
  foreignAt: (name: string) => readonly RecordSet[],
  zone: HostedZone,
  ownerId: string,
): string | undefined {
  const host = claim.endpoint.hostname;
  for (const record of claim.records) {
    const siblings = claim.records.filter((r) => r.type !== record.type);
    const conflict =
      memberConflict(record, [...foreignAt(host), ...siblings], host === zone.name) ??
      memberConflict(
        ownershipRecord(host, record.type, { owner: ownerId }),
        foreignAt(ownershipName(host, record.type)),
        false,
      );
    if (conflict) return conflict;
  }
  return undefined;
}
