import type { AwsState } from "../model/aws-state.js";
import type { EndpointIntent } from "../model/endpoint.js";
import type { LoadBalancer } from "../model/load-balancer.js";
import { isLoadBalancerHostname } from "../model/load-balancer.js";
import type { LoadBalancerDirectory } from "../targets/load-balancers.js";
import { listHealthChecks } from "./health-check-list.js";
import type { ZoneCache } from "./hosted-zones.js";
import type { Route53Api } from "./route53-api.js";

/** How much of the zone cache a read renews (see `ReadAwsStateOptions.zoneRefresh`). */
export type ZoneRefresh = "always" | "resync" | "if-due";

/** What `readAwsState` reads with. */
export interface ReadAwsStateOptions {
  /** Zones and the managed zones' records (only zones the filter allows have their records read). */
  zones: ZoneCache;
  /** For `ListHealthChecks` and `ListTagsForResources`. */
  api: Pick<Route53Api, "listHealthChecks" | "listTagsForResources">;
  loadBalancers: LoadBalancerDirectory;
  /** The endpoints being planned: the load balancers their targets name are looked up. */
  endpoints: readonly EndpointIntent[];
  /**
   * `always` lists the zones and their records again (the `plan` and `apply` commands, the
   * controller's start and retries); `resync` re-lists only zones whose record-set count changed or
   * whose listing is older than the zone-resync interval (the controller's periodic resync); `if-due`
   * reuses the cache until the resync interval (event-triggered runs; `applied` keeps it current).
   * See `ZoneCache`.
   * @default "always"
   */
  zoneRefresh?: ZoneRefresh;
}

/** The state, with what the reader wants a human to see. */
export interface AwsStateRead {
  state: AwsState;
  /**
   * Things read with less certainty than usual: a load balancer answered from the built-in zone-id
   * table because ELBv2 failed, record sets that could not be mapped.
   */
  warnings: string[];
  /** Load-balancer names that could not be resolved, with why (the planner skips their endpoints). */
  unresolved: { dnsName: string; reason: string }[];
}

/** Every target of an endpoint that is an ELB DNS name: discovered ones and the `target` annotation's. */
export function loadBalancerNamesOf(endpoints: readonly EndpointIntent[]): string[] {
  const names = new Set<string>();
  for (const e of endpoints) {
    for (const t of [...e.targets, ...(e.routing.targets ?? [])]) {
      if (isLoadBalancerHostname(t)) names.add(t.toLowerCase().replace(/\.$/, ""));
    }
  }
  return [...names].sort();
}

/**
 * Reads what the planner needs from AWS — zones with records, health checks with tags, and the load
 * balancers the endpoints point at — without changing anything (`plan --zones aws`, `apply`).
 * Zones, health checks and load balancers are read concurrently; the shared limiter paces them.
 */
export async function readAwsState(options: ReadAwsStateOptions): Promise<AwsStateRead> {
  const mode = options.zoneRefresh ?? "always";
  const refresh =
    mode === "always"
      ? options.zones.refresh()
      : mode === "resync"
        ? options.zones.resync()
        : options.zones.refreshIfDue();
  const [zones, checks, lookups] = await Promise.all([
    refresh,
    listHealthChecks(options.api),
    options.loadBalancers.lookupAll(loadBalancerNamesOf(options.endpoints)),
  ]);
  // checks.skipped is not a warning: CALCULATED or CLOUDWATCH_METRIC checks are simply not ours.
  const warnings = [...options.zones.problems()];
  const loadBalancers: LoadBalancer[] = [];
  const unresolved: AwsStateRead["unresolved"] = [];
  for (const [dnsName, lookup] of lookups) {
    if (lookup.found) {
      loadBalancers.push(lookup.loadBalancer);
      if (lookup.warning) warnings.push(lookup.warning);
    } else {
      unresolved.push({ dnsName, reason: lookup.reason });
    }
  }
  return { state: { zones, loadBalancers, healthChecks: checks.healthChecks }, warnings, unresolved };
}
