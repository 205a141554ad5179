import type { HealthCheck } from "./health-check.js";
import type { LoadBalancer } from "./load-balancer.js";
import type { HostedZone } from "./zone.js";

/**
 * Everything the planner reads from AWS: hosted zones with their records, load balancers and
 * health checks. Read from AWS (read-only) or from a snapshot file (`plan --zones snapshot.json`).
 */
export interface AwsState {
  zones: HostedZone[];
  loadBalancers: LoadBalancer[];
  healthChecks: HealthCheck[];
}
