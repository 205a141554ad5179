import type { ZoneFilter } from "../../../src/config/config.js";
import type { RecordSet, RecordType } from "../../../src/model/record-set.js";
import type { HostedZone } from "../../../src/model/zone.js";
import { ownershipRecord, type ResourceId } from "../../../src/plan/ownership.js";
import { resourceId } from "../plan/fixtures.js";

/**
 * Zones as Route 53 would hold them after two clusters applied bookinfo, plus a hand-made member, a
 * hand-made name, and managed names the usual filter leaves out. Ownership TXTs are made by the
 * planner's own `ownershipRecord`, so the status reads exactly what the planner writes.
 */

export const ZONE_ID = "Z0EXAMPLEBOOKINFO";
export const DOMAIN = "tse.tetratelabs.io.";
const ALB1 = "k8s-bookinfo-1.eu-west-2.elb.amazonaws.com.";
const ALB2 = "k8s-bookinfo-2.eu-west-1.elb.amazonaws.com.";
const NLB1 = "k8s-ratings-1.elb.eu-west-2.amazonaws.com.";
const NLB2 = "k8s-ratings-2.elb.eu-west-1.amazonaws.com.";
export const HTTPROUTE = resourceId("gateway.networking.k8s.io/HTTPRoute/bookinfo/bookinfo");
export const TETRATE = "gateway.tsb.tetrate.io/Gateway/bookinfo/ratings-gateway";

export const FILTER: ZoneFilter = {
  domainFilter: [DOMAIN],
  excludeDomains: [`internal.${DOMAIN}`],
  zoneType: "any",
  zoneIds: [],
};

const alias = (dnsName: string) => ({
  kind: "alias" as const,
  dnsName,
  hostedZoneId: "ZHURV8PSTC4K8",
  evaluateTargetHealth: true,
});

/** The member and the ownership record guarding it, as `apply` writes them. */
function owned(member: RecordSet, owner: string, resourceText: string | ResourceId): RecordSet[] {
  const resource = typeof resourceText === "string" ? resourceId(resourceText) : resourceText;
  const setIdentifier = member.policy.kind === "simple" ? undefined : member.policy.setIdentifier;
  return [
    member,
    ownershipRecord(member.name, member.type as RecordType, {
      owner,
      ...(setIdentifier === undefined ? {} : { setIdentifier }),
      resource,
    }),
  ];
}

export const bookinfoWeighted50Cluster1: RecordSet = {
  name: `bookinfo.${DOMAIN}`,
  type: "A",
  policy: { kind: "weighted", setIdentifier: "cluster-1", weight: 50 },
  target: alias(ALB1),
};
export const bookinfoWeighted50Cluster2: RecordSet = {
  ...bookinfoWeighted50Cluster1,
  policy: { kind: "weighted", setIdentifier: "cluster-2", weight: 50 },
  target: alias(ALB2),
};
/** Someone added a member by hand to a managed set: shown, with owner `-`. */
export const bookinfoHandMade: RecordSet = {
  name: `bookinfo.${DOMAIN}`,
  type: "A",
  policy: { kind: "weighted", setIdentifier: "maintenance", weight: 0 },
  target: { kind: "values", values: ["203.0.113.10"], ttl: 60 },
};
export const ratingsFailoverPrimaryA: RecordSet = {
  name: `ratings.${DOMAIN}`,
  type: "A",
  policy: { kind: "failover", setIdentifier: "cluster-1", role: "PRIMARY" },
  target: alias(NLB1),
  healthCheckId: "hc-primary",
};
/** The dualstack half of the primary: its own member, the same health check. */
export const ratingsFailoverPrimaryAAAA: RecordSet = { ...ratingsFailoverPrimaryA, type: "AAAA" };
export const ratingsFailoverSecondary: RecordSet = {
  name: `ratings.${DOMAIN}`,
  type: "A",
  policy: { kind: "failover", setIdentifier: "cluster-2", role: "SECONDARY" },
  target: alias(NLB2),
  healthCheckId: "hc-secondary",
};
export const reviewsLatencyCluster1: RecordSet = {
  name: `reviews.${DOMAIN}`,
  type: "A",
  policy: { kind: "latency", setIdentifier: "cluster-1", region: "eu-west-2" },
  target: alias(NLB1),
};
/** A hand-made name nobody's controller owns: not a managed name. */
export const docsHandMade: RecordSet = {
  name: `docs.${DOMAIN}`,
  type: "CNAME",
  policy: { kind: "simple" },
  target: { kind: "values", values: ["docs.example.org."], ttl: 300 },
};
/** Managed by route53-gslb, but under `--exclude-domain internal.…`. */
export const internalSimple: RecordSet = {
  name: `api.internal.${DOMAIN}`,
  type: "A",
  policy: { kind: "simple" },
  target: { kind: "values", values: ["10.0.0.1"], ttl: 60 },
};
/** Managed by route53-gslb in a zone outside `--domain-filter`. */
export const otherZoneSimple: RecordSet = {
  name: "www.example.org.",
  type: "A",
  policy: { kind: "simple" },
  target: { kind: "values", values: ["192.0.2.1"], ttl: 60 },
};

export function bookinfoZone(): HostedZone {
  return {
    id: ZONE_ID,
    name: DOMAIN,
    private: false,
    records: [
      {
        name: DOMAIN,
        type: "NS",
        policy: { kind: "simple" },
        target: { kind: "values", values: ["ns-1."], ttl: 172800 },
      },
      ...owned(bookinfoWeighted50Cluster1, "cluster-1", HTTPROUTE),
      ...owned(bookinfoWeighted50Cluster2, "cluster-2", HTTPROUTE),
      bookinfoHandMade,
      ...owned(ratingsFailoverPrimaryA, "cluster-1", TETRATE),
      ...owned(ratingsFailoverPrimaryAAAA, "cluster-1", TETRATE),
      ...owned(ratingsFailoverSecondary, "cluster-2", TETRATE),
      ...owned(reviewsLatencyCluster1, "cluster-1", "networking.istio.io/Gateway/bookinfo/reviews-gateway"),
      docsHandMade,
      ...owned(internalSimple, "cluster-1", "core/Service/default/api"),
    ],
  };
}

export function otherZone(): HostedZone {
  return {
    id: "Z0EXAMPLEOTHER",
    name: "example.org.",
    private: false,
    records: owned(otherZoneSimple, "cluster-1", "core/Service/default/www"),
  };
}
