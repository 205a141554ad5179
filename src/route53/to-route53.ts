import type {
  Change,
  GeoProximityLocation,
  HealthCheckConfig,
  HealthCheckRegion,
  ResourceRecordSet,
  GeoLocation as SdkGeoLocation,
  Tag,
} from "@aws-sdk/client-route-53";
import { isIPv4, isIPv6 } from "../model/address.js";
import type { RecordChange } from "../model/changes.js";
import type { AnyHealthCheckSpec } from "../model/health-check.js";
import type { RecordSet } from "../model/record-set.js";
import type { GeoLocation, GeoProximityPlace, RoutingPolicy } from "../model/routing-policy.js";
import { toRoute53Name } from "./names.js";

/*
 * Model → Route 53 (SDK types). Pure: no SDK runtime, no I/O (STYLE.md). The exact inverse of
 * from-route53.ts for every record the model can hold: from(to(r)) equals r.
 *
 *   model policy   Route 53 fields                    model target  Route 53 fields
 *   ────────────── ────────────────────────────────── ──────────── ─────────────────────────────────
 *   simple         –                                  alias        AliasTarget, no TTL (Route 53
 *   weighted       SetIdentifier + Weight                          rejects a TTL on an alias)
 *   latency        SetIdentifier + Region             values       TTL + ResourceRecords, verbatim
 *   failover       SetIdentifier + Failover
 *   geolocation    SetIdentifier + GeoLocation
 *   multivalue     SetIdentifier + MultiValueAnswer: true
 *   geoproximity   SetIdentifier + GeoProximityLocation
 *                  (one of AWSRegion, LocalZoneGroup,
 *                  Coordinates; Bias always, 0 too)
 *   other          SetIdentifier only (read-only; the planner never writes these)
 */

/** The record set as the SDK types it, for `ChangeResourceRecordSets` and the plan's JSON output. */
export function toResourceRecordSet(record: RecordSet): ResourceRecordSet {
  const rrs: ResourceRecordSet = {
    Name: toRoute53Name(record.name),
    Type: record.type as ResourceRecordSet["Type"],
    ...policyFields(record.policy),
  };
  const target = record.target;
  if (target.kind === "alias") {
    rrs.AliasTarget = {
      HostedZoneId: target.hostedZoneId,
      DNSName: toRoute53Name(target.dnsName),
      EvaluateTargetHealth: target.evaluateTargetHealth,
    };
  } else {
    rrs.TTL = target.ttl;
    rrs.ResourceRecords = target.values.map((Value) => ({ Value }));
  }
  if (record.healthCheckId !== undefined) rrs.HealthCheckId = record.healthCheckId;
  return rrs;
}

/** The routing fields of a policy; `simple` has none. */
export function policyFields(policy: RoutingPolicy): Partial<ResourceRecordSet> {
  switch (policy.kind) {
    case "simple":
      return {};
    case "weighted":
      return { SetIdentifier: policy.setIdentifier, Weight: policy.weight };
    case "latency":
      return { SetIdentifier: policy.setIdentifier, Region: policy.region as ResourceRecordSet["Region"] };
    case "failover":
      return { SetIdentifier: policy.setIdentifier, Failover: policy.role };
    case "geolocation":
      return { SetIdentifier: policy.setIdentifier, GeoLocation: toGeoLocation(policy.location) };
    case "multivalue":
      return { SetIdentifier: policy.setIdentifier, MultiValueAnswer: true };
    case "geoproximity":
      return {
        SetIdentifier: policy.setIdentifier,
        GeoProximityLocation: toGeoProximityLocation(policy.place, policy.bias),
      };
    case "other":
      // What made it `other` (CIDR, a malformed geoproximity) is not in the model; it is never sent back.
      return { SetIdentifier: policy.setIdentifier };
  }
}

/** Only the fields that are set; `{ countryCode: "*" }` is Route 53's default location. */
export function toGeoLocation(location: GeoLocation): SdkGeoLocation {
  const out: SdkGeoLocation = {};
  if (location.continentCode !== undefined) out.ContinentCode = location.continentCode;
  if (location.countryCode !== undefined) out.CountryCode = location.countryCode;
  if (location.subdivisionCode !== undefined) out.SubdivisionCode = location.subdivisionCode;
  return out;
}

/**
 * The place and the bias. The bias is sent even when 0, so the member reads back with the same
 * fields whether or not Route 53 lists an absent bias as 0.
 */
export function toGeoProximityLocation(place: GeoProximityPlace, bias: number): GeoProximityLocation {
  switch (place.kind) {
    case "region":
      return { AWSRegion: place.region, Bias: bias };
    case "local-zone-group":
      return { LocalZoneGroup: place.group, Bias: bias };
    case "coordinates":
      return { Coordinates: { Latitude: place.latitude, Longitude: place.longitude }, Bias: bias };
  }
}

/** One planned change as a `Change` of a `ChangeBatch`. */
export function toChange(change: RecordChange): Change {
  return { Action: change.action, ResourceRecordSet: toResourceRecordSet(change.record) };
}

/**
 * Health-check settings as `CreateHealthCheck` takes them. An `fqdn` that is an IP address literal is
 * sent as `IPAddress` (Route 53 would try to resolve it as a name). `Regions` is omitted when empty,
 * which gives Route 53's default set of checker regions. `EnableSNI` is always explicit, so a check
 * created and a check read back compare equal. A CALCULATED check has only its children and threshold
 * (Route 53 rejects the endpoint fields on it).
 */
export function toHealthCheckConfig(spec: AnyHealthCheckSpec): HealthCheckConfig {
  if (spec.type === "CALCULATED") {
    return {
      Type: "CALCULATED",
      ChildHealthChecks: [...spec.children],
      HealthThreshold: spec.healthThreshold,
      ...(spec.inverted ? { Inverted: true } : {}),
    };
  }
  const address = isIPv4(spec.fqdn) || isIPv6(spec.fqdn);
  const config: HealthCheckConfig = {
    Type: spec.type,
    ...(address ? { IPAddress: spec.fqdn } : { FullyQualifiedDomainName: spec.fqdn }),
    Port: spec.port,
    RequestInterval: spec.requestInterval,
    FailureThreshold: spec.failureThreshold,
    EnableSNI: spec.enableSni,
  };
  if (spec.resourcePath !== undefined) config.ResourcePath = spec.resourcePath;
  if (spec.searchString !== undefined) config.SearchString = spec.searchString;
  if (spec.regions.length > 0) config.Regions = spec.regions as HealthCheckRegion[];
  if (spec.inverted) config.Inverted = true;
  return config;
}

/** Tags in a stable (key-sorted) order, for `ChangeTagsForResource`. */
export function toTags(tags: Record<string, string>): Tag[] {
  return Object.keys(tags)
    .sort()
    .map((Key) => ({ Key, Value: tags[Key] }));
}
