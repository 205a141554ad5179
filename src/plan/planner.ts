import type { PlannerConfig } from "../config/config.js";
import type { AwsState } from "../model/aws-state.js";
import type {
  HealthCheckChange,
  OwnershipConflict,
  Plan,
  PolicySwitch,
  RecordChange,
  Takeover,
} from "../model/changes.js";
import type { EndpointIntent } from "../model/endpoint.js";
import { HEALTH_CHECK_TAGS } from "../model/health-check.js";
import { problemMessage } from "../model/problem.js";
import { setIdentifierOf } from "../model/routing-policy.js";
import type { Skipped } from "../model/source-ref.js";
import { formatSourceRef } from "../model/source-ref.js";
import type { HostedZone } from "../model/zone.js";
import { ZoneMatcher } from "../zones/zone-matcher.js";
import { compareChanges } from "./change-order.js";
import { clusterCheckUsed, planClusterHealth } from "./cluster-health.js";
import { resolveClaims } from "./conflicts.js";
import { guardDeletions } from "./deletion-guard.js";
import { indexLoadBalancers } from "./desired-records.js";
import { indexOwnedHealthChecks } from "./health-planner.js";
import { HeldRecords } from "./held-records.js";
import { unusedHealthChecks } from "./unused-health-checks.js";
import { claimsByZone } from "./zone-claims.js";
import { diffZone } from "./zone-diff.js";

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
  /**
   * Plan only these hosts (model spelling, with the trailing dot): the plan is then the full plan's
   * part at these hosts, and the caller vouches that the full plan has nothing at any other host
   * (plan/plan-scope.ts says when it may). What the hosts' plans read besides their own endpoints —
   * what every skipped object holds, who owns what in each zone, the deletion budget over every
   * owned record — is still worked out in full; the claims, the per-host diffs and the health checks
   * nothing uses any more are limited to them. Every host when absent.
   */
  hosts?: ReadonlySet<string>;
}

/*
 * The planner is a pipeline of pure stages, each in its own file with its own table tests:
 *
 *   1. zone-claims.ts          endpoints → the records each wants in each zone the filter gives it
 *   2. conflicts.ts            two objects of this cluster claiming one host: the oldest wins
 *   3. zone-diff.ts            per zone: what this owner holds (zone-ownership.ts), what it may write
 *      host-diff.ts            beside records of others, and the changes per host; objects that
 *      held-records.ts         cannot be read hold their records; names whose policy this owner
 *      policy-switch.ts        wants changed wait for, or make, the switch of every member
 *   4. deletion-guard.ts       --policy and --max-deletions over all deletions of the run
 *   5. unused-health-checks.ts checks no record refers to after the plan
 *
 * `plan`, `apply` and the controller all reach it through plan-objects.ts, so what `plan` prints is
 * what the controller would apply.
 */
export function planChanges(input: PlanInput): Plan {
  const { config, state } = input;
  const matcher = new ZoneMatcher(state.zones, config.zoneFilter);
  // Limited to some hosts, only their endpoints are claimed: what the claims of other hosts would add
  // (skips, conflicts between objects) is at those hosts, where the caller vouches nothing changed.
  const scope = input.hosts;
  const endpoints = scope ? input.endpoints.filter((e) => scope.has(e.hostname)) : input.endpoints;
  const claimed = claimsByZone(endpoints, matcher, config, indexLoadBalancers(state.loadBalancers));
  const resolved = resolveClaims(claimed.claims);
  const skipped: Skipped[] = [...input.skipped, ...claimed.skipped, ...resolved.skipped];

  // Bad input never deletes: the records of an object that cannot be read, or at a skipped hostname,
  // stay as they are.
  const held = new HeldRecords(skipped);
  const ownedChecks = indexOwnedHealthChecks(state.healthChecks, config.ownerId);
  const clusterHealth = planClusterHealth(config, state.healthChecks);
  const changes: RecordChange[] = [];
  const deletions: RecordChange[][] = [];
  const heldBack: Plan["heldBack"] = [];
  const conflicts: OwnershipConflict[] = [];
  const healthChecks: HealthCheckChange[] = [];
  const keptCheckIds = new Set<string>();
  const policySwitches: PolicySwitch[] = [];
  const takeovers: Takeover[] = [];
  // A name in several zones (a public+private pair, --split-horizon) has one health check per member,
  // which each zone's diff plans alike: it is created or updated once.
  const plannedChecks = new Set<string>();
  let ownedRecords = 0;
  for (const zone of sortZones(state.zones.filter((z) => matcher.manages(z)))) {
    const diff = diffZone(zone, resolved.winners, {
      config,
      matcher,
      held,
      ownedChecks,
      hosts: input.hosts,
      ...(clusterHealth ? { clusterHealth } : {}),
    });
    changes.push(...diff.changes);
    deletions.push(...diff.deletions);
    heldBack.push(...diff.heldBack);
    skipped.push(...diff.skipped);
    conflicts.push(...diff.conflicts);
    healthChecks.push(...diff.healthChecks.filter((h) => !plannedChecks.has(healthCheckChangeKey(h))));
    for (const h of diff.healthChecks) plannedChecks.add(healthCheckChangeKey(h));
    for (const id of diff.keptCheckIds) keptCheckIds.add(id);
    takeovers.push(...diff.takeovers);
    ownedRecords += diff.ownedRecords;
    policySwitches.push(...diff.policySwitches);
  }

  const guarded = guardDeletions(deletions, {
    policy: config.policy,
    maxDeletions: config.maxDeletions,
    ownedRecords,
    recentDeletions: input.recentDeletions ?? 0,
  });
  changes.push(...guarded.changes);
  heldBack.push(...guarded.heldBack);
  // The cluster check is made and kept only while some member's CALCULATED check uses it.
  if (clusterHealth && clusterCheckUsed(healthChecks, keptCheckIds, clusterHealth)) {
    healthChecks.push(...clusterHealth.check.changes);
    if (clusterHealth.check.kept) keptCheckIds.add(clusterHealth.check.kept);
  }
  const owned = state.healthChecks.filter((c) => c.tags[HEALTH_CHECK_TAGS.owner] === config.ownerId);
  const unused = unusedHealthChecks(
    state,
    owned,
    keptCheckIds,
    { records: changes, checks: healthChecks },
    config.policy,
  );
  // A limited plan deletes only checks at its hosts. The cluster check's `for` is no host, so a cluster
  // check whose last member left in an event run goes at the next full plan (a resync at the latest):
  // whether any member outside the scope still needs it is not worked out in a limited plan.
  healthChecks.push(...(scope ? unused.filter((h) => scope.has(h.for)) : unused));

  const created = healthChecks.filter((h) => h.action === "CREATE").length;
  const deleted = healthChecks.filter((h) => h.action === "DELETE").length;
  const ownedNow = owned.length;
  return {
    clusterName: config.clusterName,
    ownerId: config.ownerId,
    changes: changes.sort(compareChanges),
    healthChecks: healthChecks.sort(compareHealthChecks),
    skipped: skipped.sort(compareSkipped),
    heldBack,
    conflicts: conflicts.sort(compareConflicts),
    policySwitches: policySwitches.sort(compareSwitches),
    takeovers: takeovers.sort(compareTakeovers),
    ownedRecords,
    healthCheckUsage: { owned: ownedNow + created - deleted, quota: config.healthCheckQuota },
  };
}

/** As changes are ordered: zone, group (host), then the member's type and set identifier. */
function compareTakeovers(a: Takeover, b: Takeover): number {
  return (
    a.zoneName.localeCompare(b.zoneName) ||
    a.zoneId.localeCompare(b.zoneId) ||
    a.group.localeCompare(b.group) ||
    a.desired.type.localeCompare(b.desired.type) ||
    (setIdentifierOf(a.desired.policy) ?? "").localeCompare(setIdentifierOf(b.desired.policy) ?? "")
  );
}

function healthCheckChangeKey(h: HealthCheckChange): string {
  return `${h.action}|${h.id ?? ""}|${h.callerReference}`;
}

function compareHealthChecks(a: HealthCheckChange, b: HealthCheckChange): number {
  return (
    a.for.localeCompare(b.for) ||
    a.action.localeCompare(b.action) ||
    a.callerReference.localeCompare(b.callerReference)
  );
}

function compareSkipped(a: Skipped, b: Skipped): number {
  return (
    formatSourceRef(a.source).localeCompare(formatSourceRef(b.source)) ||
    (a.hostname ?? "").localeCompare(b.hostname ?? "") ||
    problemMessage(a.problem).localeCompare(problemMessage(b.problem))
  );
}

function compareConflicts(a: OwnershipConflict, b: OwnershipConflict): number {
  return (
    a.zoneName.localeCompare(b.zoneName) ||
    a.name.localeCompare(b.name) ||
    a.type.localeCompare(b.type) ||
    problemMessage(a.problem).localeCompare(problemMessage(b.problem))
  );
}

function compareSwitches(a: PolicySwitch, b: PolicySwitch): number {
  return (
    a.zoneName.localeCompare(b.zoneName) ||
    a.zoneId.localeCompare(b.zoneId) ||
    a.name.localeCompare(b.name) ||
    a.type.localeCompare(b.type)
  );
}

function sortZones(zones: HostedZone[]): HostedZone[] {
  return [...zones].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}
