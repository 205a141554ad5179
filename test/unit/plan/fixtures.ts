import { defaultPlannerConfig, type PlannerConfig } from "../../../src/config/config.js";
import type { AwsState } from "../../../src/model/aws-state.js";
import type { EndpointIntent, RoutingIntent } from "../../../src/model/endpoint.js";
import type { HealthCheck } from "../../../src/model/health-check.js";
import type { LoadBalancer } from "../../../src/model/load-balancer.js";
import type { RecordSet } from "../../../src/model/record-set.js";
import type { HostedZone } from "../../../src/model/zone.js";
import { ownershipRecord, parseResourceText, type ResourceId } from "../../../src/plan/ownership.js";

/** A ResourceId from its ownership-record spelling (`core/Service/ns/name`). */
export function resourceId(text: string): ResourceId {
  const r = parseResourceText(text);
  if (!r) throw new Error(`not a resource: ${text}`);
  return r;
}

/** Named fixtures for planner scenarios (external-dns style). */
export const ZONE_ID = "ZEXAMPLE";
export const ZONE = "example.com.";

export const lbCluster1: LoadBalancer = {
  dnsName: "gw-1-0123456789abcdef.elb.eu-west-2.amazonaws.com",
  canonicalHostedZoneId: "ZD4D7Y8KGAS4G",
  region: "eu-west-2",
  type: "network",
  scheme: "internet-facing",
  ipAddressType: "ipv4",
};
export const lbCluster1Dualstack: LoadBalancer = {
  ...lbCluster1,
  dnsName: "gw-ds-1122334455.eu-west-2.elb.amazonaws.com",
  canonicalHostedZoneId: "ZHURV8PSTC4K8",
  type: "application",
  ipAddressType: "dualstack",
};
export const lbInternal: LoadBalancer = {
  ...lbCluster1,
  dnsName: "internal-gw-99.elb.eu-west-2.amazonaws.com",
  scheme: "internal",
};
export const lbCluster2: LoadBalancer = {
  dnsName: "gw-2-fedcba9876543210.elb.eu-west-1.amazonaws.com",
  canonicalHostedZoneId: "Z2IFOLAFXWLO4F",
  region: "eu-west-1",
  type: "network",
  scheme: "internet-facing",
  ipAddressType: "ipv4",
};

export function config(overrides: Partial<PlannerConfig> = {}): PlannerConfig {
  return { ...defaultPlannerConfig("cluster-1"), ...overrides };
}

export function routing(r: Partial<RoutingIntent> = {}): RoutingIntent {
  return { healthCheckSettings: {}, ...r };
}

let counter = 0;
export function endpoint(
  hostname: string,
  opts: {
    targets?: string[];
    routing?: Partial<RoutingIntent>;
    name?: string;
    created?: string;
    uid?: string;
  } = {},
): EndpointIntent {
  counter += 1;
  return {
    source: {
      group: "gateway.networking.k8s.io",
      kind: "Gateway",
      namespace: "bookinfo",
      name: opts.name ?? `gw-${hostname.split(".")[0]}`,
      ...(opts.created ? { creationTimestamp: opts.created } : {}),
      uid: opts.uid ?? `uid-${opts.name ?? hostname}`,
    },
    hostname: hostname.endsWith(".") ? hostname : `${hostname}.`,
    targets: opts.targets ?? [lbCluster1.dnsName],
    routing: routing(opts.routing),
  };
}
void counter;

export function zone(records: RecordSet[] = [], id = ZONE_ID, name = ZONE, isPrivate = false): HostedZone {
  return { id, name, private: isPrivate, records };
}

export function state(zones: HostedZone[], healthChecks: HealthCheck[] = []): AwsState {
  return { zones, loadBalancers: [lbCluster1, lbCluster1Dualstack, lbCluster2, lbInternal], healthChecks };
}

export const soa: RecordSet = {
  name: ZONE,
  type: "SOA",
  policy: { kind: "simple" },
  target: {
    kind: "values",
    values: ["ns-1.awsdns-01.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"],
    ttl: 900,
  },
};

/** A weighted alias member and its ownership TXT, as `owner` would have written them. */
export function ownedWeighted(
  host: string,
  owner: string,
  weight: number,
  lb: LoadBalancer = owner === "cluster-2" ? lbCluster2 : lbCluster1,
  setIdentifier = owner,
): RecordSet[] {
  const name = host.endsWith(".") ? host : `${host}.`;
  return [
    {
      name,
      type: "A",
      policy: { kind: "weighted", setIdentifier, weight },
      target: {
        kind: "alias",
        dnsName: `${lb.dnsName}.`,
        hostedZoneId: lb.canonicalHostedZoneId,
        evaluateTargetHealth: true,
      },
    },
    ownershipRecord(name, "A", {
      owner,
      setIdentifier,
      resource: resourceId(`gateway.networking.k8s.io/Gateway/bookinfo/gw-${name.split(".")[0]}`),
    }),
  ];
}

/** A record nobody's controller wrote. */
export function handMade(host: string, type = "A", values = ["192.0.2.10"]): RecordSet {
  return {
    name: host.endsWith(".") ? host : `${host}.`,
    type,
    policy: { kind: "simple" },
    target: { kind: "values", values, ttl: 300 },
  };
}
