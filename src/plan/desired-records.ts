import type { PlannerConfig } from "../config/config.js";
import { isIPv4, isIPv6 } from "../model/address.js";
import type { EndpointIntent } from "../model/endpoint.js";
import type { HealthCheckSpec } from "../model/health-check.js";
import type { HealthCheckBasis } from "../model/health-check-basis.js";
import { displayName, normalizeHostname } from "../model/hostname.js";
import { isLatencyRegion, LATENCY_REGIONS_ACCEPTED } from "../model/latency-regions.js";
import {
  isLoadBalancerHostname,
  type LoadBalancer,
  regionOfLoadBalancerHostname,
} from "../model/load-balancer.js";
import type { RecordSet } from "../model/record-set.js";
import { err, ok, type Result } from "../model/result.js";
import type { RoutingPolicy } from "../model/routing-policy.js";
import { quote } from "../model/shorten.js";
import type { Target } from "../model/target.js";
import type { HostedZone } from "../model/zone.js";
import { managedHealthCheck } from "./health-check-default.js";
import { memberRuleViolation } from "./route53-rules.js";

/** How a desired member gets its health check. */
export type DesiredHealthCheck =
  | { kind: "none" }
  | { kind: "existing"; id: string }
  /** `basis`: why the check calls what it calls, for the plan (absent for checks made otherwise). */
  | { kind: "managed"; spec: HealthCheckSpec; basis?: HealthCheckBasis };

/** The records one endpoint wants in one zone (one per type: A, AAAA for dualstack, or CNAME). */
export interface DesiredMembers {
  endpoint: EndpointIntent;
  zone: HostedZone;
  /** Records without their `healthCheckId`; the planner fills it once health checks are planned. */
  records: RecordSet[];
  healthCheck: DesiredHealthCheck;
}

/** Load balancers by DNS name (lowercase, no trailing dot, no `dualstack.` prefix). */
export function indexLoadBalancers(lbs: LoadBalancer[]): Map<string, LoadBalancer> {
  return new Map(lbs.map((lb) => [lbKey(lb.dnsName), lb]));
}

export function lbKey(dnsName: string): string {
  return displayName(dnsName.toLowerCase()).replace(/^dualstack\./, "");
}

type Resolved = { type: "A" | "AAAA" | "CNAME"; target: Target }[];

/**
 * Build the records an endpoint wants in `zone`: alias A (+AAAA when dualstack) to a load balancer
 * with the balancer's own CanonicalHostedZoneId, A/AAAA for IPs, CNAME for another hostname.
 * Returns why not, naming the annotation to change, when the endpoint cannot be published.
 */
export function desiredMembers(
  endpoint: EndpointIntent,
  zone: HostedZone,
  config: PlannerConfig,
  loadBalancers: Map<string, LoadBalancer>,
): Result<DesiredMembers, string> {
  const r = endpoint.routing;
  const addresses = [...new Set(r.targets ?? endpoint.targets)].sort();
  if (addresses.length === 0) {
    return err(
      "no target address: the object has no load balancer address yet and no route53-gslb.io/target",
    );
  }
  const ips = addresses.filter((a) => isIPv4(a) || isIPv6(a));
  const hosts = addresses.filter((a) => !ips.includes(a));
  if (ips.length > 0 && hosts.length > 0) {
    return err(`targets mix IP addresses and hostnames (${addresses.join(", ")}); a record holds one kind`);
  }
  let resolved: Resolved;
  let lb: LoadBalancer | undefined;
  const evaluateTargetHealth = r.evaluateTargetHealth ?? true;
  if (hosts.length > 1) {
    return err(
      `targets name ${hosts.length} hostnames (${hosts.join(", ")}); an alias or CNAME points at exactly one`,
    );
  } else if (hosts.length === 1) {
    const host = hosts[0] ?? "";
    if (isLoadBalancerHostname(host)) {
      lb = loadBalancers.get(lbKey(host));
      if (!lb) {
        return err(
          `load balancer \`${lbKey(host)}\` is not known to ELBv2 DescribeLoadBalancers, so its canonical hosted zone id is unknown; not publishing a CNAME in its place`,
        );
      }
      const alias: Target = {
        kind: "alias",
        dnsName: `${lbKey(lb.dnsName)}.`,
        hostedZoneId: lb.canonicalHostedZoneId,
        evaluateTargetHealth,
      };
      resolved = [{ type: "A", target: alias }];
      if (lb.ipAddressType !== "ipv4") resolved.push({ type: "AAAA", target: alias });
    } else {
      const normalised = normalizeHostname(host);
      if (!normalised.ok) return err(`target ${normalised.error}`);
      if (endpoint.hostname === zone.name) {
        return err(
          `\`${displayName(zone.name)}\` is the zone apex, where a CNAME is not allowed; target an IP or a load balancer`,
        );
      }
      resolved = [
        {
          type: "CNAME",
          target: { kind: "values", values: [normalised.value], ttl: r.ttl ?? config.defaultTtl },
        },
      ];
    }
  } else {
    const ttl = r.ttl ?? config.defaultTtl;
    const v4 = ips.filter(isIPv4);
    const v6 = ips.filter(isIPv6);
    resolved = [];
    if (v4.length > 0) resolved.push({ type: "A", target: { kind: "values", values: v4, ttl } });
    if (v6.length > 0) resolved.push({ type: "AAAA", target: { kind: "values", values: v6, ttl } });
  }

  const aliasProblem = externalDnsAliasProblem(r, lb, addresses);
  if (aliasProblem) return err(aliasProblem);

  const policy = routingPolicy(endpoint, config, lb, hosts[0]);
  if (!policy.ok) return policy;

  const mode =
    r.healthCheck ??
    (policy.value.kind === "failover" && policy.value.role === "PRIMARY"
      ? { kind: "auto" }
      : { kind: "none" });
  let healthCheck: DesiredHealthCheck = { kind: "none" };
  if (mode.kind === "existing") healthCheck = { kind: "existing", id: mode.id };
  if (mode.kind === "auto") {
    const managed = managedHealthCheck(endpoint, {
      ...(lb ? { lb } : {}),
      ...(hosts[0] ? { host: hosts[0] } : {}),
      ips,
    });
    if (!managed.ok) return managed;
    healthCheck = { kind: "managed", ...managed.value };
  }

  const records: RecordSet[] = resolved.map(({ type, target }) => ({
    name: endpoint.hostname,
    type,
    policy: policy.value,
    target,
    // A placeholder so per-member rules (failover PRIMARY needs a check) see that one is coming.
    ...(healthCheck.kind === "none" ? {} : { healthCheckId: "pending" }),
  }));
  for (const record of records) {
    const violation = memberRuleViolation(record);
    if (violation) return err(violation);
  }
  return ok({
    endpoint,
    zone,
    records: records.map(({ healthCheckId: _pending, ...rest }) => rest),
    healthCheck,
  });
}

/**
 * external-dns's alias keys, honoured or refused — never silently written another way: `alias: "true"`
 * and `aws-target-hosted-zone` ask for an alias record, which route53-gslb writes for load balancers
 * only (with the zone ELBv2 gives), so any other target, or another zone, is a problem of the object.
 */
function externalDnsAliasProblem(
  r: EndpointIntent["routing"],
  lb: LoadBalancer | undefined,
  addresses: string[],
): string | undefined {
  const target = quote(addresses.join(", "));
  if (r.alias && !lb) {
    return `${r.alias.key} is \`true\`, but the target ${target} is not a load balancer; route53-gslb writes alias records only to AWS load balancers, and will not write a CNAME or A record instead`;
  }
  const zone = r.aliasTargetZone;
  if (zone && !lb) {
    return `${zone.key} names the alias target's hosted zone \`${zone.id}\`, but the target ${target} is not a load balancer; route53-gslb writes alias records only to AWS load balancers`;
  }
  if (zone && lb && lb.canonicalHostedZoneId !== zone.id) {
    return `${zone.key} is \`${zone.id}\`, but ELBv2 gives \`${lb.canonicalHostedZoneId}\` as the canonical hosted zone of load balancer \`${lbKey(lb.dnsName)}\`; remove the annotation`;
  }
  return undefined;
}

/** A latency or geoproximity member's region: the `region` annotation, else the load balancer's. */
function memberRegion(
  kind: "latency" | "geoproximity",
  annotated: string | undefined,
  lb: LoadBalancer | undefined,
  host: string | undefined,
): Result<string, string> {
  const region = annotated ?? lb?.region ?? (host ? regionOfLoadBalancerHostname(host) : undefined);
  if (!region) {
    const or = kind === "geoproximity" ? " or route53-gslb.io/geoproximity" : "";
    return err(
      `${kind} routing needs a region: set route53-gslb.io/region${or} (the target is not an AWS load balancer)`,
    );
  }
  // The annotation is checked when parsed; a region taken from the load balancer is checked here, so
  // that one Route 53 does not accept skips this object instead of failing a batch.
  if (!isLatencyRegion(region)) {
    return err(
      `${kind} routing needs ${LATENCY_REGIONS_ACCEPTED}; the load balancer's region \`${region}\` is not one: set route53-gslb.io/region`,
    );
  }
  return ok(region);
}

function routingPolicy(
  endpoint: EndpointIntent,
  config: PlannerConfig,
  lb: LoadBalancer | undefined,
  host: string | undefined,
): Result<RoutingPolicy, string> {
  const r = endpoint.routing;
  const kind = r.policy ?? config.defaultRoutingPolicy;
  const setIdentifier = r.setIdentifier ?? config.clusterName;
  // The annotations checked the bias against an explicit policy; this is the default policy's turn.
  if (r.bias !== undefined && kind !== "geoproximity") {
    return err(
      `a geoproximity bias is set (route53-gslb.io/geoproximity-bias or aws-geoproximity-bias), but the routing policy is \`${kind}\` (--default-routing-policy)`,
    );
  }
  switch (kind) {
    case "simple":
      return ok({ kind });
    case "weighted":
      return ok({ kind, setIdentifier, weight: r.weight ?? config.defaultWeight });
    case "multivalue":
      return ok({ kind, setIdentifier });
    case "latency": {
      const region = memberRegion(kind, r.region, lb, host);
      return region.ok ? ok({ kind, setIdentifier, region: region.value }) : region;
    }
    case "geoproximity": {
      const bias = r.bias ?? 0;
      if (r.geoproximity) return ok({ kind, setIdentifier, place: r.geoproximity, bias });
      // Without a place, the resource is where the load balancer is, as for latency.
      const region = memberRegion(kind, r.region, lb, host);
      return region.ok
        ? ok({ kind, setIdentifier, place: { kind: "region", region: region.value }, bias })
        : region;
    }
    case "failover":
      if (!r.failover)
        return err("failover routing needs route53-gslb.io/failover set to `primary` or `secondary`");
      return ok({ kind, setIdentifier, role: r.failover });
    case "geolocation":
      if (!r.geolocation) {
        return err(
          "geolocation routing needs route53-gslb.io/geolocation (`continent=EU`, `country=DE`, `country=US,subdivision=CA` or `*`)",
        );
      }
      return ok({ kind, setIdentifier, location: r.geolocation });
  }
}
