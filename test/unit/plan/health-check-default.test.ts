import { describe, expect, it } from "vitest";
import type { EndpointIntent, HealthCheckSettings } from "../../../src/model/endpoint.js";
import type { GatewayService } from "../../../src/model/gateway-service.js";
import { desiredMembers, indexLoadBalancers } from "../../../src/plan/desired-records.js";
import { config, endpoint, lbCluster1, lbInternal, zone } from "../../fixtures/planner.js";

const LB = lbCluster1.dnsName;
const lbs = indexLoadBalancers([lbCluster1, lbInternal]);
const ISTIO: GatewayService = { names: ["istio-system/istio-ingressgateway"], statusPort: true };
const PLAIN: GatewayService = { names: ["default/web"], statusPort: false };

/** A failover PRIMARY (health-check `auto` by default) with these targets, settings and gateway Service. */
function primary(
  targets: string[],
  settings: HealthCheckSettings = {},
  gatewayService?: GatewayService,
  extra: Partial<EndpointIntent["routing"]> = {},
): EndpointIntent {
  const e = endpoint("shop.example.com", {
    targets,
    routing: { policy: "failover", failover: "PRIMARY", healthCheckSettings: settings, ...extra },
  });
  return gatewayService ? { ...e, gatewayService } : e;
}

/** What a member's managed check calls, as `TYPE fqdn:port path sni`, and its basis; or the problem. */
function outcome(e: EndpointIntent): string | { check: string; basis: unknown } {
  const r = desiredMembers(e, zone(), config(), lbs);
  if (!r.ok) return r.error;
  const hc = r.value.healthCheck;
  if (hc.kind !== "managed") return hc.kind;
  const s = hc.spec;
  return {
    check: `${s.type} ${s.fqdn}:${s.port} ${s.resourcePath ?? "-"} sni=${s.enableSni}`,
    basis: hc.basis,
  };
}

describe("managed health check defaults (desiredMembers)", () => {
  const cases: [string, EndpointIntent, ReturnType<typeof outcome>][] = [
    [
      "a gateway whose LoadBalancer Service exposes 15021: HTTP readiness on the load balancer",
      primary([LB], {}, ISTIO),
      {
        check: `HTTP ${LB}:15021 /healthz/ready sni=false`,
        basis: { kind: "gateway-readiness", services: ISTIO.names, port: 15021 },
      },
    ],
    [
      "a gateway whose Service does not expose 15021: the traffic-port default, naming the Service",
      primary([LB], {}, PLAIN),
      {
        check: `HTTPS ${LB}:443 /healthz sni=true`,
        basis: { kind: "traffic-port", why: "no-status-port", services: PLAIN.names },
      },
    ],
    [
      "no gateway Service known (an Ingress, a DNSEndpoint): the traffic-port default",
      primary([LB]),
      {
        check: `HTTPS ${LB}:443 /healthz sni=true`,
        basis: { kind: "traffic-port", why: "no-gateway-service" },
      },
    ],
    [
      "the target annotation replaces the Service's addresses: the traffic-port default",
      primary([LB], {}, ISTIO, { targets: [LB] }),
      {
        check: `HTTPS ${LB}:443 /healthz sni=true`,
        basis: { kind: "traffic-port", why: "target-annotation" },
      },
    ],
    [
      "one annotation of what to call (the path) turns readiness off as a whole",
      primary([LB], { path: "/ready" }, ISTIO),
      {
        check: `HTTPS ${LB}:443 /ready sni=true`,
        basis: { kind: "annotations", keys: ["path"] },
      },
    ],
    [
      "protocol and port annotations: exactly the annotated check, as before readiness existed",
      primary([LB], { protocol: "HTTP", port: 8080 }, ISTIO),
      {
        check: `HTTP ${LB}:8080 /healthz sni=false`,
        basis: { kind: "annotations", keys: ["protocol", "port"] },
      },
    ],
    [
      "health-check-host: that host, traffic-port defaults",
      primary([LB], { host: "canary.example.net" }, ISTIO),
      {
        check: "HTTPS canary.example.net:443 /healthz sni=true",
        basis: { kind: "annotations", keys: ["host"] },
      },
    ],
    [
      "interval and threshold say how often, not what: readiness stays",
      primary([LB], { interval: 10, failureThreshold: 2 }, ISTIO),
      {
        check: `HTTP ${LB}:15021 /healthz/ready sni=false`,
        basis: { kind: "gateway-readiness", services: ISTIO.names, port: 15021 },
      },
    ],
    [
      "one IPv4 target: an IPAddress check on it, no SNI",
      primary(["203.0.113.7"]),
      {
        check: "HTTPS 203.0.113.7:443 /healthz sni=false",
        basis: { kind: "traffic-port", why: "no-gateway-service", ipAddress: true },
      },
    ],
    [
      "one IP target of a gateway exposing 15021: readiness on the IP",
      primary(["203.0.113.7"], {}, ISTIO),
      {
        check: "HTTP 203.0.113.7:15021 /healthz/ready sni=false",
        basis: { kind: "gateway-readiness", services: ISTIO.names, port: 15021, ipAddress: true },
      },
    ],
    [
      "one IPv6 target: Route 53 IPAddress accepts IPv6",
      primary(["2001:db8:85a3::abcd:1:2345"]),
      {
        check: "HTTPS 2001:db8:85a3::abcd:1:2345:443 /healthz sni=false",
        basis: { kind: "traffic-port", why: "no-gateway-service", ipAddress: true },
      },
    ],
    [
      "an IP target with health-check-host: the host, as before",
      primary(["203.0.113.7"], { host: "canary.example.net" }),
      {
        check: "HTTPS canary.example.net:443 /healthz sni=true",
        basis: { kind: "annotations", keys: ["host"] },
      },
    ],
    [
      "several IP targets: a problem naming them and the annotation, never a silent pick",
      primary(["203.0.113.7", "203.0.113.8"]),
      "health-check `auto` calls one endpoint, but the targets are 2 IP addresses (203.0.113.7, 203.0.113.8); " +
        "set route53-gslb.io/health-check-host to the one to check, or route53-gslb.io/health-check to `none` or an existing health check id",
    ],
    [
      "an IPv4 and an IPv6 target are two endpoints too",
      primary(["203.0.113.7", "2001:db8::7"]),
      "health-check `auto` calls one endpoint, but the targets are 2 IP addresses (2001:db8::7, 203.0.113.7); " +
        "set route53-gslb.io/health-check-host to the one to check, or route53-gslb.io/health-check to `none` or an existing health check id",
    ],
    [
      "a private IP target: Route 53 checkers cannot reach it",
      primary(["10.1.2.3"]),
      "the target `10.1.2.3` is a private address and Route 53 health checkers, on the internet, cannot reach it; " +
        "set route53-gslb.io/health-check-host to a public endpoint or route53-gslb.io/health-check=none",
    ],
    [
      "an internal load balancer stays refused, readiness or not",
      primary([lbInternal.dnsName], {}, ISTIO),
      `load balancer \`${lbInternal.dnsName}\` is internal and Route 53 health checkers cannot reach it; ` +
        "set route53-gslb.io/health-check-host to a public endpoint or route53-gslb.io/health-check=none",
    ],
    [
      "several IP targets with an existing health check id: no problem",
      primary(["203.0.113.7", "203.0.113.8"], {}, undefined, {
        healthCheck: { kind: "existing", id: "hc-1" },
      }),
      "existing",
    ],
  ];
  it.each(cases)("%s", (_name, e, expected) => expect(outcome(e)).toEqual(expected));

  it("keeps the spec of a member with explicit annotations unchanged (its CallerReference stays)", () => {
    // The spec such a member had before the readiness default existed: the annotations on the
    // traffic-port defaults, SNI on for HTTPS.
    const r = desiredMembers(primary([LB], { port: 8443 }, ISTIO), zone(), config(), lbs);
    expect(r.ok && r.value.healthCheck).toEqual({
      kind: "managed",
      spec: {
        type: "HTTPS",
        fqdn: LB,
        port: 8443,
        resourcePath: "/healthz",
        requestInterval: 30,
        failureThreshold: 3,
        regions: [],
        enableSni: true,
      },
      basis: { kind: "annotations", keys: ["port"] },
    });
  });
});
