import {
  type FailoverRole,
  formatGeoLocation,
  formatGeoProximityPlace,
  type GeoLocation,
  type GeoProximityPlace,
  type RoutingPolicy,
} from "./routing-policy.js";

/**
 * The routing policy an owner wants its member of a shared name to have, recorded in its ownership
 * record while the name still has another policy (docs/planning.md "Policy switches").
 *
 * Route 53 cannot mix policies on one name and type, so a name moves from one policy to another only
 * when every member moves in the same atomic request; the owner that makes that request converts the
 * other owners' members too, and needs, for each, the settings its owner wants under the new policy
 * (a latency region, a weight…): the wish carries them. The set identifier is not part of it: a
 * conversion keeps every member's set identifier, its target and its health check.
 *
 * `simple` is never a wish (a simple record cannot share its name), nor are the policies route53-gslb
 * does not write.
 */
export type PolicyWish =
  | { kind: "weighted"; weight: number }
  | { kind: "latency"; region: string }
  | { kind: "failover"; role: FailoverRole }
  | { kind: "geolocation"; location: GeoLocation }
  | { kind: "multivalue" }
  | { kind: "geoproximity"; place: GeoProximityPlace; bias: number };

export type WishKind = PolicyWish["kind"];

export const WISH_KINDS: readonly WishKind[] = [
  "weighted",
  "latency",
  "failover",
  "geolocation",
  "multivalue",
  "geoproximity",
];

/** The wish a desired member's policy expresses; undefined for `simple` and policies we never write. */
export function wishOf(policy: RoutingPolicy): PolicyWish | undefined {
  switch (policy.kind) {
    case "weighted":
      return { kind: "weighted", weight: policy.weight };
    case "latency":
      return { kind: "latency", region: policy.region };
    case "failover":
      return { kind: "failover", role: policy.role };
    case "geolocation":
      return { kind: "geolocation", location: policy.location };
    case "multivalue":
      return { kind: "multivalue" };
    case "geoproximity":
      return { kind: "geoproximity", place: policy.place, bias: policy.bias };
    default:
      return undefined;
  }
}

/** The routing policy a wish gives a member that keeps `setIdentifier`. */
export function wishedPolicy(wish: PolicyWish, setIdentifier: string): RoutingPolicy {
  // Fields in the order the planner builds policies (desired-records.ts), so equal policies print alike.
  switch (wish.kind) {
    case "weighted":
      return { kind: wish.kind, setIdentifier, weight: wish.weight };
    case "latency":
      return { kind: wish.kind, setIdentifier, region: wish.region };
    case "failover":
      return { kind: wish.kind, setIdentifier, role: wish.role };
    case "geolocation":
      return { kind: wish.kind, setIdentifier, location: wish.location };
    case "multivalue":
      return { kind: wish.kind, setIdentifier };
    case "geoproximity":
      return { kind: wish.kind, setIdentifier, place: wish.place, bias: wish.bias };
  }
}

/**
 * The settings a wish's policy needs, as ownership records and plan output spell them: one for most
 * policies, none for multivalue, and a place and a bias for geoproximity.
 */
export function wishSettings(wish: PolicyWish): [key: string, value: string][] {
  switch (wish.kind) {
    case "weighted":
      return [["weight", String(wish.weight)]];
    case "latency":
      return [["region", wish.region]];
    case "failover":
      return [["failover", wish.role]];
    case "geolocation":
      return [["location", formatGeoLocation(wish.location)]];
    case "multivalue":
      return [];
    case "geoproximity":
      return [
        ["proximity", formatGeoProximityPlace(wish.place)],
        ["bias", String(wish.bias)],
      ];
  }
}

/** Whether two wishes ask for the same policy with the same settings. */
export function sameWish(a: PolicyWish, b: PolicyWish): boolean {
  const settings = (w: PolicyWish) => wishSettings(w).flat().join("\n");
  return a.kind === b.kind && settings(a) === settings(b);
}

/**
 * `latency region=eu-west-2`, `failover PRIMARY`, `multivalue`, `geoproximity region=eu-west-1 bias=0`:
 * a wish as plan output words it.
 */
export function describeWish(wish: PolicyWish): string {
  if (wish.kind === "failover") return `failover ${wish.role}`;
  if (wish.kind === "geoproximity")
    return `geoproximity ${formatGeoProximityPlace(wish.place)} bias=${wish.bias}`;
  return [wish.kind, ...wishSettings(wish).map(([k, v]) => `${k}=${v}`)].join(" ");
}
