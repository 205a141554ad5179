import type { GatewayService } from "./gateway-service.js";
import type { HealthCheckSpec } from "./health-check.js";
import type { FailoverRole, GeoLocation, GeoProximityPlace, WritablePolicyKind } from "./routing-policy.js";
import type { SourceRef } from "./source-ref.js";

/** How a member gets its health check (`health-check` annotation). */
export type HealthCheckMode = { kind: "auto" } | { kind: "none" } | { kind: "existing"; id: string };

/** Health-check settings a user may set by annotation; the planner fills the rest with defaults. */
export type HealthCheckSettings = Partial<{
  protocol: "HTTP" | "HTTPS" | "TCP";
  port: number;
  path: string;
  host: string;
  searchString: string;
  interval: HealthCheckSpec["requestInterval"];
  failureThreshold: number;
  regions: string[];
}>;

/**
 * The routing settings of one object, parsed from its annotations (ours and external-dns's).
 * Every field is optional: the planner resolves defaults (`--default-routing-policy`,
 * `--default-weight`, set identifier = cluster name, region = the load balancer's region).
 */
export interface RoutingIntent {
  policy?: WritablePolicyKind;
  setIdentifier?: string;
  weight?: number;
  region?: string;
  failover?: FailoverRole;
  geolocation?: GeoLocation;
  /** `geoproximity`: where the resource is. Without it a geoproximity member takes `region`'s place. */
  geoproximity?: GeoProximityPlace;
  /** `geoproximity-bias`, -99 to 99; 0 when absent. */
  bias?: number;
  /**
   * `hosted-zone-id` (external-dns `aws-hosted-zone-id`): of the zones the hostname would go to, only
   * this one gets the records. `key` is the annotation it came from, for messages.
   */
  hostedZoneId?: { id: string; key: string };
  /**
   * external-dns `aws-target-hosted-zone`: the hosted zone of the alias target. route53-gslb takes a
   * load balancer's zone from ELBv2, so this is checked against it rather than used.
   */
  aliasTargetZone?: { id: string; key: string };
  /** external-dns `alias: "true"`: the target must be written as an alias, so it must be a load balancer. */
  alias?: { key: string };
  ttl?: number;
  /** `target` annotation: replaces the discovered addresses. */
  targets?: string[];
  evaluateTargetHealth?: boolean;
  healthCheck?: HealthCheckMode;
  healthCheckSettings: HealthCheckSettings;
}

/**
 * One hostname a source object wants published, with the addresses it should point at.
 * Produced by sources/ from plain Kubernetes objects; consumed by plan/.
 */
export interface EndpointIntent {
  source: SourceRef;
  /** Normalised hostname (see model/hostname.ts). */
  hostname: string;
  /** Discovered addresses: IPs or hostnames (a load balancer's DNS name), before any `target` override. */
  targets: string[];
  routing: RoutingIntent;
  /**
   * The gateway's LoadBalancer Service(s) the targets came from, when the source knows them (Istio,
   * Tetrate and Gateway API gateways, and a LoadBalancer Service publishing for itself): whether it
   * exposes the status port decides the health-check default.
   */
  gatewayService?: GatewayService;
}
