import { type BatcherEvent, ChangeBatcher } from "../apply/change-batcher.js";
import { createReadBackResolver } from "../apply/read-back.js";
import { type AwsSettings, createAwsClients } from "../aws/clients.js";
import { abortableSleep, realSleep, type Sleep } from "../aws/clock.js";
import { Route53RateLimiter } from "../aws/rate-limiter.js";
import type { ZoneFilter } from "../config/config.js";
import { HealthCheckApplier } from "../health/health-checks.js";
import type { EndpointIntent } from "../model/endpoint.js";
import { type AwsStateRead, readAwsState, type ZoneRefresh } from "../route53/aws-state-reader.js";
import { withHealthCheckTagCache } from "../route53/health-check-tag-cache.js";
import { DEFAULT_ZONE_RESYNC_INTERVAL_MS, ZoneCache } from "../route53/hosted-zones.js";
import { listRecordSetsAt } from "../route53/record-sets.js";
import { createRecordChangeSender, createRoute53Api, type Route53Api } from "../route53/route53-api.js";
import { LoadBalancerDirectory } from "../targets/load-balancers.js";

/*
 * Wiring: the one place that composes the AWS layer (aws/: clients, limiter, retries, clock) with the
 * code that calls through it (route53/, targets/, apply/, health/). It sits in its own top-level
 * folder, above those and below controller/ and cli/, so both of them can use it while folders still
 * import downward only: cli/ builds the context, controller/ only takes it, and nothing imports cli/.
 */

/** Every AWS collaborator of one CLI run, built once, sharing one rate limiter. */
export interface AwsContext {
  /** The current state; `zoneRefresh` says how much of the zone cache to renew (aws-state-reader.ts). */
  readState(endpoints: EndpointIntent[], zoneRefresh?: ZoneRefresh): Promise<AwsStateRead>;
  batcher: ChangeBatcher;
  healthChecks: HealthCheckApplier;
  zones: ZoneCache;
  /** The Route 53 commands, paced by the shared limiter and retried (`status` reads health with it). */
  api: Route53Api;
}

/**
 * Build the real collaborators over the real clients (aws/clients.ts: the standard credential chain,
 * no SDK retries, the deadlines of `settings.timeouts`).
 *
 * `hooks.signal` ends a CLI run at its `--timeout`: requests in flight are aborted, later ones fail at
 * once, and backoff waits end early, so the abandoned run unwinds instead of holding the process.
 */
export function createAwsContext(
  settings: AwsSettings,
  filter: ZoneFilter,
  hooks: {
    resyncIntervalMs?: number;
    /** `--zone-resync-interval` (see `ZoneCache`). */
    zoneResyncIntervalMs?: number;
    onBatcherEvent?: (e: BatcherEvent) => void;
    signal?: AbortSignal;
    /** Every answer from AWS, whatever its status (the controller's liveness). Must not throw. */
    onAwsAnswer?: () => void;
  } = {},
): AwsContext {
  const { signal } = hooks;
  const clients = createAwsClients(settings, {
    ...(signal ? { signal } : {}),
    ...(hooks.onAwsAnswer ? { onAnswer: hooks.onAwsAnswer } : {}),
  });
  const sleep: Sleep = signal ? (ms) => abortableSleep(ms, signal) : realSleep;
  const limiter = new Route53RateLimiter(settings.rateLimits);
  const client = clients.route53;
  // Health-check tags are read once and reused (route53/health-check-tag-cache.ts), as long as a
  // zone's records are (`--zone-resync-interval`).
  const api = withHealthCheckTagCache(createRoute53Api(client, { scheduler: limiter, sleep }), {
    maxAgeMs: hooks.zoneResyncIntervalMs ?? DEFAULT_ZONE_RESYNC_INTERVAL_MS,
  });
  const zones = new ZoneCache({
    api,
    filter,
    ...(hooks.resyncIntervalMs === undefined ? {} : { resyncIntervalMs: hooks.resyncIntervalMs }),
    ...(hooks.zoneResyncIntervalMs === undefined ? {} : { zoneResyncIntervalMs: hooks.zoneResyncIntervalMs }),
  });
  const loadBalancers = new LoadBalancerDirectory({
    clientFor: clients.elbV2For,
    retry: { sleep },
  });
  // The batcher schedules each request on its zone's queue itself; its sender must not schedule again.
  const batcher = new ChangeBatcher({
    sender: createRecordChangeSender(client),
    limiter,
    // A lost answer is resolved by reading the names back (through the paced, retried api).
    resolver: createReadBackResolver((zoneId, names) => listRecordSetsAt(api, zoneId, names)),
    sleep,
    ...(hooks.onBatcherEvent ? { onEvent: hooks.onBatcherEvent } : {}),
  });
  return {
    readState: (endpoints, zoneRefresh = "always") =>
      readAwsState({ zones, api, loadBalancers, endpoints, zoneRefresh }),
    batcher,
    healthChecks: new HealthCheckApplier(api),
    zones,
    api,
  };
}
