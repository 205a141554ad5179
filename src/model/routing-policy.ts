/** Route 53 geolocation of a member. `*` (the default location) is `{ countryCode: "*" }`, as Route 53 spells it. */
export interface GeoLocation {
  continentCode?: string;
  countryCode?: string;
  subdivisionCode?: string;
}

/**
 * Where a geoproximity member's resource is, as Route 53 takes it (`GeoProximityLocation`): exactly
 * one of an AWS region, a Local Zone group, or coordinates. Coordinates are decimal degrees as text,
 * the way Route 53 spells them (`"49.22"`, at most two decimals; see model/geo-proximity.ts).
 */
export type GeoProximityPlace =
  | { kind: "region"; region: string }
  | { kind: "local-zone-group"; group: string }
  | { kind: "coordinates"; latitude: string; longitude: string };

/** The routing policies the controller writes. Every kind but `simple` carries the member's `SetIdentifier`. */
export type RoutingPolicy =
  | { kind: "simple" }
  | { kind: "weighted"; setIdentifier: string; weight: number }
  | { kind: "latency"; setIdentifier: string; region: string }
  | { kind: "failover"; setIdentifier: string; role: FailoverRole }
  | { kind: "geolocation"; setIdentifier: string; location: GeoLocation }
  | { kind: "multivalue"; setIdentifier: string }
  /** `bias` (-99 to 99) grows (positive) or shrinks (negative) the area Route 53 routes to the place. */
  | { kind: "geoproximity"; setIdentifier: string; place: GeoProximityPlace; bias: number }
  /**
   * A policy found in Route 53 that the controller never writes (CIDR, or a geoproximity member
   * that does not name exactly one place).
   * It is read so the planner can see the member and leave it alone.
   */
  | { kind: "other"; setIdentifier: string; description: string };

export type FailoverRole = "PRIMARY" | "SECONDARY";

export type RoutingPolicyKind = RoutingPolicy["kind"];

/** Policy kinds a user may ask for in the `routing-policy` annotation or `--default-routing-policy`. */
export const WRITABLE_POLICY_KINDS = [
  "simple",
  "weighted",
  "latency",
  "failover",
  "geolocation",
  "multivalue",
  "geoproximity",
] as const;
export type WritablePolicyKind = (typeof WRITABLE_POLICY_KINDS)[number];

export function setIdentifierOf(policy: RoutingPolicy): string | undefined {
  return policy.kind === "simple" ? undefined : policy.setIdentifier;
}

/** Stable text form of a geolocation, used in keys and output (`continent=EU`, `country=US,subdivision=CA`, `*`). */
export function formatGeoLocation(location: GeoLocation): string {
  if (location.countryCode === "*") return "*";
  const parts: string[] = [];
  if (location.continentCode) parts.push(`continent=${location.continentCode}`);
  if (location.countryCode) parts.push(`country=${location.countryCode}`);
  if (location.subdivisionCode) parts.push(`subdivision=${location.subdivisionCode}`);
  return parts.join(",");
}

/** Stable text form of a geoproximity place, as the `geoproximity` annotation spells it (`region=us-east-1`). */
export function formatGeoProximityPlace(place: GeoProximityPlace): string {
  switch (place.kind) {
    case "region":
      return `region=${place.region}`;
    case "local-zone-group":
      return `local-zone-group=${place.group}`;
    case "coordinates":
      return `coordinates=${place.latitude},${place.longitude}`;
  }
}
