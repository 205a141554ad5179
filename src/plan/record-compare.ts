import { samePlace } from "../model/geo-proximity.js";
import type { RecordSet } from "../model/record-set.js";
import type { RoutingPolicy } from "../model/routing-policy.js";
import { formatGeoLocation } from "../model/routing-policy.js";
import type { Target } from "../model/target.js";

/**
 * Whether two record sets with the same key hold the same content, as Route 53 would answer:
 * value order does not matter, alias names compare without case, trailing dot or the
 * `dualstack.` prefix Route 53 may add for load balancers.
 */
export function sameRecordContent(a: RecordSet, b: RecordSet): boolean {
  return (
    samePolicy(a.policy, b.policy) &&
    sameTarget(a.target, b.target) &&
    (a.healthCheckId ?? "") === (b.healthCheckId ?? "")
  );
}

function samePolicy(a: RoutingPolicy, b: RoutingPolicy): boolean {
  switch (a.kind) {
    case "simple":
      return b.kind === "simple";
    case "weighted":
      return b.kind === "weighted" && a.setIdentifier === b.setIdentifier && a.weight === b.weight;
    case "latency":
      return b.kind === "latency" && a.setIdentifier === b.setIdentifier && a.region === b.region;
    case "failover":
      return b.kind === "failover" && a.setIdentifier === b.setIdentifier && a.role === b.role;
    case "geolocation":
      return (
        b.kind === "geolocation" &&
        a.setIdentifier === b.setIdentifier &&
        formatGeoLocation(a.location) === formatGeoLocation(b.location)
      );
    case "multivalue":
      return b.kind === "multivalue" && a.setIdentifier === b.setIdentifier;
    case "geoproximity":
      return (
        b.kind === "geoproximity" &&
        a.setIdentifier === b.setIdentifier &&
        a.bias === b.bias &&
        samePlace(a.place, b.place)
      );
    case "other":
      return b.kind === "other" && a.setIdentifier === b.setIdentifier && a.description === b.description;
  }
}

function sameTarget(a: Target, b: Target): boolean {
  if (a.kind === "alias" && b.kind === "alias") {
    return (
      aliasName(a.dnsName) === aliasName(b.dnsName) &&
      a.hostedZoneId === b.hostedZoneId &&
      a.evaluateTargetHealth === b.evaluateTargetHealth
    );
  }
  if (a.kind === "values" && b.kind === "values") {
    return a.ttl === b.ttl && [...a.values].sort().join("\n") === [...b.values].sort().join("\n");
  }
  return false;
}

function aliasName(name: string): string {
  return name
    .toLowerCase()
    .replace(/\.$/, "")
    .replace(/^dualstack\./, "");
}

/**
 * Route 53 updates a member in place (UPSERT) only when its routing policy kind and alias-ness stay
 * the same; otherwise the old member must be deleted and the new one created in the same request.
 */
export function canUpsert(current: RecordSet, desired: RecordSet): boolean {
  return current.policy.kind === desired.policy.kind && current.target.kind === desired.target.kind;
}
