/** The settings of a Route 53 health check that the controller manages, in the model's spelling. */
export interface HealthCheckSpec {
  type: "HTTP" | "HTTPS" | "HTTP_STR_MATCH" | "HTTPS_STR_MATCH" | "TCP";
  /**
   * The endpoint Route 53 checkers call: the load balancer's DNS name, the `health-check-host`, or
   * an IP literal (a member's one IP target), which to-route53 sends as `IPAddress`.
   */
  fqdn: string;
  port: number;
  /** Path for HTTP(S) checks, starting with `/`. */
  resourcePath?: string;
  searchString?: string;
  /** Seconds between checks; 10 or 30, and fixed once the check exists (Route 53). */
  requestInterval: 10 | 30;
  /** 1–10 consecutive results to change state. */
  failureThreshold: number;
  /** Checker regions; Route 53 requires at least 3 when set. Empty means Route 53's default set. */
  regions: string[];
  /** SNI for HTTPS checks, so the gateway presents the right certificate. */
  enableSni: boolean;
  /**
   * Set while the member is drained: Route 53 then reads the healthy endpoint as unhealthy and stops
   * serving the member (see docs/planning.md "Draining"). Absent otherwise, so specs of checks that
   * were never drained (and the CallerReferences hashed from them) stay as they were.
   */
  inverted?: true;
}

/** A health check that exists in Route 53. */
export interface HealthCheck {
  id: string;
  callerReference: string;
  version: number;
  spec: HealthCheckSpec;
  tags: Record<string, string>;
}

/** Tag keys the controller puts on its health checks (Route 53 allows at most 10 tags). */
export const HEALTH_CHECK_TAGS = {
  owner: "route53-gslb/owner",
  cluster: "route53-gslb/cluster",
  hostname: "route53-gslb/hostname",
  setIdentifier: "route53-gslb/set-identifier",
  name: "Name",
} as const;

/** Route 53's default quota of health checks per account. */
export const DEFAULT_HEALTH_CHECK_QUOTA = 200;

/**
 * What `GetHealthCheckStatus` said about one health check: the latest `StatusReport.Status` of each
 * Route 53 checker (`"Success: HTTP Status Code 200, OK"`, `"Failure: …"`), or why it could not be
 * read. Plain data, so the rule that turns it into healthy or unhealthy stays pure (report/).
 */
export type HealthCheckObservations = { ok: true; statuses: string[] } | { ok: false; error: string };
