import { isPrivateAddress } from "../model/address.js";
import type { EndpointIntent, HealthCheckSettings } from "../model/endpoint.js";
import { GATEWAY_READINESS_PATH, GATEWAY_STATUS_PORT } from "../model/gateway-service.js";
import type { HealthCheckSpec } from "../model/health-check.js";
import type { HealthCheckBasis } from "../model/health-check-basis.js";
import type { LoadBalancer } from "../model/load-balancer.js";
import { err, ok, type Result } from "../model/result.js";
import { healthCheckSpec } from "./health-planner.js";

/**
 * The settings that say what a check calls. Any one of them set by annotation means the user chose
 * the endpoint, so the gateway readiness default is off as a whole and the annotations, filled with
 * the traffic-port defaults, decide — exactly as before the readiness default existed, so an object
 * with such annotations keeps its check. Interval, failure threshold and regions say how often and
 * from where, not what, and combine with either default.
 */
const WHAT_TO_CALL = [
  "protocol",
  "port",
  "path",
  "host",
  "searchString",
] as const satisfies readonly (keyof HealthCheckSettings)[];

/** A managed health check and why it calls what it calls. */
export interface ManagedCheck {
  spec: HealthCheckSpec;
  basis: HealthCheckBasis;
}

/** What a member's records point at, as desired-records.ts resolved it. */
export interface MemberTarget {
  /** The AWS load balancer of an alias member. */
  lb?: LoadBalancer;
  /** The other hostname of a CNAME member. */
  host?: string;
  /** The IP addresses of an A/AAAA member. */
  ips: string[];
}

/**
 * The health check `health-check: auto` creates for a member. A GSLB check must test the entry
 * point's local path only: a gateway that answers only for `shop.example.com` fails a check that
 * calls its load balancer's name on the traffic port. So, unless annotations choose the endpoint:
 * - the gateway's LoadBalancer Service exposes Istio's status port 15021: HTTP (the status port
 *   serves plain HTTP), port 15021, `/healthz/ready`, the gateway's own readiness;
 * - otherwise the traffic-port default: HTTPS, 443, `/healthz`.
 * It calls the load balancer's DNS name, the CNAME target, or — for one IP target — that IP
 * (an `IPAddress` check); `health-check-host` replaces any of them.
 */
export function managedHealthCheck(
  endpoint: EndpointIntent,
  target: MemberTarget,
): Result<ManagedCheck, string> {
  const settings = endpoint.routing.healthCheckSettings;
  const { lb, ips } = target;
  let fqdn = settings.host ?? lb?.dnsName ?? target.host;
  const ipAddress = fqdn === undefined;
  if (fqdn === undefined) {
    // Several addresses are several endpoints; checking one of them would let the others fail
    // unseen, and which one is an arbitrary pick, so the user picks.
    if (ips.length !== 1) {
      return err(
        `health-check \`auto\` calls one endpoint, but the targets are ${ips.length} IP addresses (${ips.join(", ")}); ` +
          "set route53-gslb.io/health-check-host to the one to check, or route53-gslb.io/health-check to `none` or an existing health check id",
      );
    }
    fqdn = ips[0] ?? "";
    if (isPrivateAddress(fqdn)) {
      return err(
        `the target \`${fqdn}\` is a private address and Route 53 health checkers, on the internet, cannot reach it; ` +
          "set route53-gslb.io/health-check-host to a public endpoint or route53-gslb.io/health-check=none",
      );
    }
  }
  // Route 53 checkers run on the internet, outside every VPC: an internal load balancer is unreachable.
  if (lb?.scheme === "internal" && !settings.host) {
    return err(
      `load balancer \`${lb.dnsName}\` is internal and Route 53 health checkers cannot reach it; set route53-gslb.io/health-check-host to a public endpoint or route53-gslb.io/health-check=none`,
    );
  }
  const { basis, effective } = chooseDefault(endpoint, settings);
  const spec = healthCheckSpec(effective, fqdn);
  if (!ipAddress) return ok({ spec, basis });
  // An IP target has no name to send as TLS SNI (Route 53 sends `FullyQualifiedDomainName`).
  return ok({ spec: { ...spec, enableSni: false }, basis: { ...basis, ipAddress: true } });
}

function chooseDefault(
  endpoint: EndpointIntent,
  settings: HealthCheckSettings,
): { basis: HealthCheckBasis; effective: HealthCheckSettings } {
  const keys = WHAT_TO_CALL.filter((k) => settings[k] !== undefined);
  if (keys.length > 0) return { basis: { kind: "annotations", keys }, effective: settings };
  // The `target` annotation replaces the addresses the gateway Service gave: its ports say nothing
  // about what the member now points at.
  if (endpoint.routing.targets !== undefined) {
    return { basis: { kind: "traffic-port", why: "target-annotation" }, effective: settings };
  }
  const service = endpoint.gatewayService;
  if (!service) return { basis: { kind: "traffic-port", why: "no-gateway-service" }, effective: settings };
  if (!service.statusPort) {
    return {
      basis: { kind: "traffic-port", why: "no-status-port", services: service.names },
      effective: settings,
    };
  }
  return {
    basis: { kind: "gateway-readiness", services: service.names, port: GATEWAY_STATUS_PORT },
    effective: { ...settings, protocol: "HTTP", port: GATEWAY_STATUS_PORT, path: GATEWAY_READINESS_PATH },
  };
}
