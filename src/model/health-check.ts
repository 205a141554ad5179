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

/**
 * A Route 53 `CALCULATED` check: healthy when at least `healthThreshold` of its children are. The
 * controller makes one per member when `--cluster-health-check` is set (docs/planning.md "Cluster
 * health check"): children [the member's own check, the cluster's check], threshold 2.
 */
export interface CalculatedCheckSpec {
  type: "CALCULATED";
  /**
   * Ids of the child checks, in the order sent. In a plan, a child the same plan creates is a
   * placeholder (model/changes.ts `pendingHealthCheckId`) that apply/ replaces before the create.
   */
  children: string[];
  /** How many children must be healthy; Route 53 requires it for CALCULATED checks. */
  healthThreshold: number;
  /** As for endpoint checks: Route 53 inverts the computed status. Not set by the controller today. */
  inverted?: true;
}

/** The settings of any check the controller manages or reads: an endpoint check or a CALCULATED one. */
export type AnyHealthCheckSpec = HealthCheckSpec | CalculatedCheckSpec;

export function isCalculated(spec: AnyHealthCheckSpec): spec is CalculatedCheckSpec {
  return spec.type === "CALCULATED";
}

/** A health check that exists in Route 53. */
export interface HealthCheck {
  id: string;
  callerReference: string;
  version: number;
  spec: AnyHealthCheckSpec;
  tags: Record<string, string>;
}

/** Tag keys the controller puts on its health checks (Route 53 allows at most 10 tags). */
export const HEALTH_CHECK_TAGS = {
  owner: "route53-gslb/owner",
  cluster: "route53-gslb/cluster",
  hostname: "route53-gslb/hostname",
  setIdentifier: "route53-gslb/set-identifier",
  /** Absent on a member's own check; see {@link HealthCheckKind}. */
  kind: "route53-gslb/kind",
  name: "Name",
} as const;

/**
 * What a check of ours is for, from its `route53-gslb/kind` tag: `member` (no tag: a member's own
 * check, as every check was before cluster checks), `cluster` (the `--cluster-health-check`, one per
 * owner) or `calculated` (a member's CALCULATED check over its own check and the cluster's).
 */
export type HealthCheckKind = "member" | "cluster" | "calculated";

export function healthCheckKindOf(check: Pick<HealthCheck, "tags">): HealthCheckKind {
  const kind = check.tags[HEALTH_CHECK_TAGS.kind];
  return kind === "cluster" || kind === "calculated" ? kind : "member";
}

/** Route 53's default quota of health checks per account. */
export const DEFAULT_HEALTH_CHECK_QUOTA = 200;

/**
 * What `GetHealthCheckStatus` said about one health check: the latest `StatusReport.Status` of each
 * Route 53 checker (`"Success: HTTP Status Code 200, OK"`, `"Failure: …"`), or why it could not be
 * read. Plain data, so the rule that turns it into healthy or unhealthy stays pure (report/).
 */
export type HealthCheckObservations = { ok: true; statuses: string[] } | { ok: false; error: string };
