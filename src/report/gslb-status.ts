import type { ZoneFilter } from "../config/config.js";
import type { CalculatedCheckSpec, HealthCheckObservations } from "../model/health-check.js";
import { displayName } from "../model/hostname.js";
import { pushTo } from "../model/multimap.js";
import type { PolicyWish } from "../model/policy-wish.js";
import { describeMember, problemMessage } from "../model/problem.js";
import { compareRecordKeys, type RecordSet } from "../model/record-set.js";
import { setIdentifierOf } from "../model/routing-policy.js";
import { compareText } from "../model/text-order.js";
import type { HostedZone } from "../model/zone.js";
import { guardedMemberKey, type ResourceId, readOwnerships } from "../plan/ownership.js";
import { allOwnershipConflicts, claimsByMember } from "../plan/zone-ownership.js";
import { ZoneMatcher } from "../zones/zone-matcher.js";

/*
 * The GSLB view of `route53-gslb status`, built from plain data (the zones as listed, the zone filter,
 * what GetHealthCheckStatus said): no SDK, no clock, no logger.
 *
 *   record in a managed zone                           shown
 *   ────────────────────────────────────────────────── ────────────────────────────────────────────
 *   _gslb-<type>.<host> TXT of any owner               makes <host> a managed name (not itself shown)
 *   <host> member guarded by an ownership record       member, owner = the record's owner and resource
 *   <host> member no ownership record guards           member, owner `-` (hand-made, another tool's)
 *   any record at a host without an ownership record   nothing: not a managed name
 *   a name outside --domain-filter / --exclude-domain  nothing, even with an ownership record
 *
 * A member is one Route 53 record set (name, type, set identifier), as in the planner: a dualstack
 * cluster has an A and an AAAA member, which usually share one health check.
 */

/** Route 53 calls an endpoint healthy when more than 18% of its checkers report it healthy. */
export const HEALTHY_CHECKER_PERCENT = 18;

/** The health of one member. `none`: the member has no health check (shown as `-`). */
export type MemberHealth =
  | {
      status: "healthy" | "unhealthy";
      checkers: number;
      reportingSuccess: number;
      /**
       * The check is `Inverted` (how `route53-gslb drain` takes a member out): the checkers report the
       * endpoint itself, and Route 53 reads their verdict the other way round.
       */
      inverted?: true;
      /**
       * The member's check is CALCULATED (a cluster health check's, docs/planning.md "Cluster health
       * check"): how many of its children are healthy, of how many, and how many it needs. `checkers`
       * and `reportingSuccess` then add up its endpoint children's checkers.
       */
      calculated?: { healthyChildren: number; children: number; threshold: number };
    }
  | { status: "unknown"; reason: string }
  | { status: "none" };

/** Who wrote a member, from the ownership record that guards it. */
export interface MemberOwner {
  /** The owner id (a cluster's `--owner-id`, by default its cluster name). */
  id: string;
  /** The object that wanted the member, when recorded. */
  resource?: ResourceId;
  /**
   * The ownership record carries `route53-gslb drain`'s mark: the owner keeps the member out of
   * rotation (weight 0, its own health check inverted) until `undrain`.
   */
  drained: boolean;
  /**
   * The policy the owner's ownership record says it wants while the name still has another: a policy
   * switch waits for every owner to want it (docs/planning.md "Policy switches").
   */
  wants?: PolicyWish;
}

/** One member of a managed name. */
export interface MemberStatus {
  /** The record set as read: type, routing policy, target and health check id. */
  record: RecordSet;
  /** Undefined when no ownership record guards the member (hand-made, or another tool's). */
  owner: MemberOwner | undefined;
  health: MemberHealth;
}

/** One managed name in one hosted zone (a split-horizon name appears once per zone). */
export interface NameStatus {
  zoneId: string;
  /** Absolute zone name, e.g. `tse.tetratelabs.io.`. */
  zoneName: string;
  /** Absolute host name, e.g. `bookinfo.tse.tetratelabs.io.`. */
  name: string;
  /** By type, then set identifier (a simple record first). */
  members: MemberStatus[];
  /** `healthy` counts members whose health check reports healthy; members without one are not counted. */
  summary: { members: number; healthy: number };
}

/** The whole view. */
export interface GslbStatus {
  /** By zone name, zone id, then name. */
  names: NameStatus[];
  /** Totals over `names` (a split-horizon name counts once per zone). */
  summary: { names: number; members: number; healthy: number };
  /** `--hostname` values (display spelling) that are not a managed name in any zone the filter allows. */
  unmatchedHostnames: string[];
  /**
   * What a reader should know but is not a member: an ownership record whose member is gone, a member
   * two ownership records claim.
   */
  warnings: string[];
}

/** What the view is built from. */
export interface GslbStatusInput {
  /** Every hosted zone listed, with the records of the managed ones (the matcher needs them all). */
  zones: readonly HostedZone[];
  filter: ZoneFilter;
  /** Names to show, normalised (model/hostname.ts); empty shows every managed name. */
  hostnames: readonly string[];
  /** GetHealthCheckStatus per health check id. */
  health: ReadonlyMap<string, HealthCheckObservations>;
  /** Ids of health checks whose config says `Inverted` (from ListHealthChecks). */
  inverted?: ReadonlySet<string>;
  /**
   * CALCULATED checks by id (from ListHealthChecks). `GetHealthCheckStatus` does not answer for them
   * (AWS: "You can't use GetHealthCheckStatus to get the status of a calculated health check"), so
   * their health is computed from their children's, as Route 53 does.
   */
  calculated?: ReadonlyMap<string, CalculatedCheckSpec>;
}

/** The health check ids of the members the view will show, each once, sorted: what to ask Route 53 about. */
export function healthCheckIdsToRead(input: Omit<GslbStatusInput, "health">): string[] {
  const ids = new Set<string>();
  for (const name of managedNames(input).names) {
    for (const m of name.members) if (m.record.healthCheckId !== undefined) ids.add(m.record.healthCheckId);
  }
  return [...ids].sort(compareText);
}

/**
 * The checks to ask `GetHealthCheckStatus` about for `ids`: each endpoint check itself, and for a
 * CALCULATED one its children instead (to any depth; Route 53 allows a CALCULATED child).
 */
export function statusIdsToRead(
  ids: readonly string[],
  calculated: ReadonlyMap<string, CalculatedCheckSpec>,
): string[] {
  const out = new Set<string>();
  const seen = new Set<string>();
  const visit = (id: string): void => {
    if (seen.has(id)) return;
    seen.add(id);
    const spec = calculated.get(id);
    if (spec) for (const child of spec.children) visit(child);
    else out.add(id);
  };
  for (const id of ids) visit(id);
  return [...out].sort(compareText);
}

/** Build the view: every member of every managed name, with owner and health. */
export function buildGslbStatus(input: GslbStatusInput): GslbStatus {
  const managed = managedNames(input);
  const names = managed.names.map((n): NameStatus => {
    const members = n.members.map((m) => ({
      ...m,
      health: healthOfMember(m.record, input),
    }));
    const healthy = members.filter((m) => m.health.status === "healthy").length;
    return { ...n, members, summary: { members: members.length, healthy } };
  });
  const shown = new Set(names.map((n) => n.name));
  const unmatchedHostnames = [...new Set(input.hostnames)].filter((h) => !shown.has(h)).map(displayName);
  const summary = {
    names: names.length,
    members: names.reduce((n, s) => n + s.summary.members, 0),
    healthy: names.reduce((n, s) => n + s.summary.healthy, 0),
  };
  return { names, summary, unmatchedHostnames, warnings: managed.warnings };
}

/**
 * Route 53's own rule: healthy when more than 18% of the checkers' latest reports are successes.
 * No observations yet (a check created moments ago) gives `unknown`: too early to say either way.
 */
export function healthFromObservations(
  observations: HealthCheckObservations | undefined,
  inverted = false,
): MemberHealth {
  if (!observations) return { status: "unknown", reason: "its status was not read" };
  if (!observations.ok) return { status: "unknown", reason: observations.error };
  const checkers = observations.statuses.length;
  if (checkers === 0) return { status: "unknown", reason: "no checker has reported yet" };
  const reportingSuccess = observations.statuses.filter((s) => s.startsWith("Success")).length;
  // Integer arithmetic: 3 of 16 (18.75%) is healthy, and no rounding may say otherwise.
  const endpointHealthy = reportingSuccess * 100 > HEALTHY_CHECKER_PERCENT * checkers;
  // Route 53 applies Inverted to the checkers' verdict, not to their individual reports.
  const healthy = inverted ? !endpointHealthy : endpointHealthy;
  return {
    status: healthy ? "healthy" : "unhealthy",
    checkers,
    reportingSuccess,
    ...(inverted ? { inverted: true as const } : {}),
  };
}

function healthOfMember(record: RecordSet, input: GslbStatusInput): MemberHealth {
  if (record.healthCheckId === undefined) return { status: "none" };
  return healthOfCheck(record.healthCheckId, input, new Set());
}

function healthOfCheck(id: string, input: GslbStatusInput, visiting: Set<string>): MemberHealth {
  const inverted = input.inverted?.has(id) ?? false;
  const spec = input.calculated?.get(id);
  if (!spec) return healthFromObservations(input.health.get(id), inverted);
  if (visiting.has(id)) return { status: "unknown", reason: `CALCULATED check ${id} names itself` };
  const children = spec.children.map((c) => healthOfCheck(c, input, new Set([...visiting, id])));
  return healthOfCalculated(spec, children);
}

/**
 * Route 53's rule for a CALCULATED check: healthy when at least `healthThreshold` children are, then
 * `Inverted` applied. A child of unknown health leaves the verdict unknown only when it could tip it.
 */
export function healthOfCalculated(
  spec: CalculatedCheckSpec,
  children: readonly MemberHealth[],
): MemberHealth {
  const healthyChildren = children.filter((c) => c.status === "healthy").length;
  const unknown = children.filter((c) => c.status !== "healthy" && c.status !== "unhealthy");
  let healthy: boolean;
  if (healthyChildren >= spec.healthThreshold) healthy = true;
  else if (healthyChildren + unknown.length < spec.healthThreshold) healthy = false;
  else {
    const why = unknown.map((c) => (c.status === "unknown" ? c.reason : "a child has no health check"));
    return { status: "unknown", reason: `CALCULATED check: ${why.join("; ")}` };
  }
  if (spec.inverted) healthy = !healthy;
  let checkers = 0;
  let reportingSuccess = 0;
  for (const c of children) {
    if (c.status !== "healthy" && c.status !== "unhealthy") continue;
    checkers += c.checkers;
    reportingSuccess += c.reportingSuccess;
  }
  return {
    status: healthy ? "healthy" : "unhealthy",
    checkers,
    reportingSuccess,
    ...(spec.inverted ? { inverted: true as const } : {}),
    calculated: { healthyChildren, children: children.length, threshold: spec.healthThreshold },
  };
}

interface ManagedName {
  zoneId: string;
  zoneName: string;
  name: string;
  members: { record: RecordSet; owner: MemberOwner | undefined }[];
}

/**
 * The managed names of the zones the filter allows, with their members and owners. The same
 * ZoneMatcher and ownership parsing as the planner, so `status` shows what `plan` would manage.
 */
function managedNames(input: Omit<GslbStatusInput, "health">): { names: ManagedName[]; warnings: string[] } {
  const matcher = new ZoneMatcher(input.zones, input.filter);
  const wanted = new Set(input.hostnames);
  const names: ManagedName[] = [];
  const warnings: string[] = [];
  const zones = [...input.zones].sort((a, b) => compareText(a.name, b.name) || compareText(a.id, b.id));
  for (const zone of zones.filter((z) => matcher.manages(z))) {
    const read = readOwnerships(zone.records);
    const ownerships = [...read.found.values()].filter(
      (f) => matcher.allowsName(f.host) && (wanted.size === 0 || wanted.has(f.host)),
    );
    if (ownerships.length === 0) continue;
    const guards = claimsByMember(ownerships);
    const recordsAt = new Map<string, RecordSet[]>();
    for (const record of zone.records) pushTo(recordsAt, record.name, record);

    const guarding = new Set<string>();
    for (const host of [...new Set(ownerships.map((f) => f.host))].sort(compareText)) {
      const records = [...(recordsAt.get(host) ?? [])].sort(compareRecordKeys);
      const members = records.map((record) => {
        const key = guardedMemberKey(record.name, record.type, setIdentifierOf(record.policy));
        const claims = [...(guards.get(key) ?? [])].sort((a, b) =>
          compareText(a.ownership.owner, b.ownership.owner),
        );
        if (claims.length > 0) guarding.add(key);
        const first = claims[0];
        const owner: MemberOwner | undefined = first
          ? {
              id: first.ownership.owner,
              ...(first.ownership.resource ? { resource: first.ownership.resource } : {}),
              drained: first.ownership.drained !== undefined,
              ...(first.ownership.wants ? { wants: first.ownership.wants } : {}),
            }
          : undefined;
        return { record, owner };
      });
      names.push({ zoneId: zone.id, zoneName: zone.name, name: host, members });
    }
    // Contested members and untrusted ownership records, naming every claim (the planner leaves them alone).
    for (const conflict of allOwnershipConflicts(zone, read)) {
      if (!matcher.allowsName(conflict.name) || (wanted.size > 0 && !wanted.has(conflict.name))) continue;
      const shown = conflict.claims.length > 1 ? `; shown as ${conflict.claims[0]?.owner}'s` : "";
      warnings.push(`${problemMessage(conflict.problem)}${shown}`);
    }
    for (const [key, claims] of [...guards].sort(([a], [b]) => compareText(a, b))) {
      if (guarding.has(key)) continue;
      for (const c of claims) {
        warnings.push(
          `the ownership record ${displayName(c.record.name)} of ${c.ownership.owner} guards ${describeMember(c.host, c.type, c.ownership.setIdentifier)}, which does not exist in zone ${displayName(zone.name)} (${zone.id})`,
        );
      }
    }
  }
  return { names, warnings };
}
