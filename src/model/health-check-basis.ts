import type { HealthCheckSettings } from "./endpoint.js";

/**
 * Why a managed health check calls what it calls, so that `plan` can say which default was chosen
 * (plan/health-check-default.ts):
 * - `annotations`: the `health-check-*` annotations that choose the protocol, port, path, host or
 *   search string; any one of them turns the gateway readiness default off;
 * - `gateway-readiness`: the gateway's LoadBalancer Service exposes the status port 15021, so the
 *   check calls the gateway's readiness endpoint (HTTP, 15021, `/healthz/ready`);
 * - `traffic-port`: the default of DESIGN.md (HTTPS, 443, `/healthz`), with why readiness was not
 *   chosen: the gateway Service exposes no status port, no gateway Service is known for the object,
 *   or the `target` annotation replaced the addresses the Service gave.
 * `ipAddress` is set when the check calls the member's own IP target (an `IPAddress` check).
 */
export type HealthCheckBasis = (
  | { kind: "annotations"; keys: (keyof HealthCheckSettings)[] }
  | { kind: "gateway-readiness"; services: string[]; port: number }
  | { kind: "traffic-port"; why: "no-status-port"; services: string[] }
  | { kind: "traffic-port"; why: "no-gateway-service" | "target-annotation" }
) & { ipAddress?: true };
