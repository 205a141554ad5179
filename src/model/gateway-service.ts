/**
 * What a source knows of the LoadBalancer Service in front of a gateway, for the health-check
 * default (plan/health-check-default.ts): a GSLB health check should test the entry point's own
 * local path, and Istio's gateways (and the Envoy-based gateways of Tetrate and of Istio's Gateway
 * API implementation) answer for that on their status port whatever hostnames they serve.
 */

/** Istio's gateway status port (`status-port` in its gateway Service). */
export const GATEWAY_STATUS_PORT = 15021;

/** The readiness path Istio's status port serves over plain HTTP. */
export const GATEWAY_READINESS_PATH = "/healthz/ready";

/** The gateway's LoadBalancer Service(s) that gave an endpoint its targets. */
export interface GatewayService {
  /** `namespace/name` of each, sorted. */
  names: string[];
  /**
   * True when every one of them exposes {@link GATEWAY_STATUS_PORT} as a Service port, so its load
   * balancer listens on it (a Service of type LoadBalancer exposes each of its ports).
   */
  statusPort: boolean;
}
