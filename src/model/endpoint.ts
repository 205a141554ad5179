import type { HealthCheckSpec } from "./health-check.js";
import type { FailoverRole, GeoLocation, WritablePolicyKind } from "./routing-policy.js";
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
}
