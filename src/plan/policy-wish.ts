import { geoLocationProblem } from "../model/geo-locations.js";
import { isLatencyRegion } from "../model/latency-regions.js";
import {
  type FailoverRole,
  formatGeoLocation,
  type GeoLocation,
  type RoutingPolicy,
} from "../model/routing-policy.js";
import { parseGeoLocation } from "../sources/annotation-values.js";

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
  | { kind: "multivalue" };

export type WishKind = PolicyWish["kind"];

const WISH_KINDS: readonly WishKind[] = ["weighted", "latency", "failover", "geolocation", "multivalue"];

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
    default:
      return undefined;
  }
}

/** The routing policy a wish gives a member that keeps `setIdentifier`. */
export function wishedPolicy(wish: PolicyWish, setIdentifier: string): RoutingPolicy {
  return { ...wish, setIdentifier };
}

/**
 * The ownership-value fields of a wish, in their canonical order: `policy=<kind>` and the one setting
 * that kind needs (`weight=`, `region=`, `failover=` PRIMARY/SECONDARY, `location=` as the
 * `geolocation` annotation spells it), values not yet percent-encoded.
 */
export function wishFields(wish: PolicyWish): [string, string][] {
  const fields: [string, string][] = [["policy", wish.kind]];
  if (wish.kind === "weighted") fields.push(["weight", String(wish.weight)]);
  if (wish.kind === "latency") fields.push(["region", wish.region]);
  if (wish.kind === "failover") fields.push(["failover", wish.role]);
  if (wish.kind === "geolocation") fields.push(["location", formatGeoLocation(wish.location)]);
  return fields;
}

/** The ownership-value keys of a wish, in canonical order (after every older key). */
export const WISH_KEYS: readonly string[] = ["policy", "weight", "region", "failover", "location"];

/**
 * Read a wish from the decoded fields of an ownership value: undefined when it records none, a
 * string saying why when the fields are not exactly what {@link wishFields} writes (the caller makes
 * the whole record untrusted: a wish route53-gslb would not write is nobody's consent).
 */
export function readWish(get: (key: string) => string | undefined): PolicyWish | undefined | string {
  const kind = get("policy");
  const setting = WISH_KEYS.slice(1).filter((k) => get(k) !== undefined);
  if (kind === undefined) return setting.length === 0 ? undefined : `${setting[0]} without policy`;
  if (!(WISH_KINDS as readonly string[]).includes(kind)) return "policy is not a policy route53-gslb writes";
  const wish = wishOfFields(kind as WishKind, get);
  if (wish === undefined) return `policy ${kind} without the setting it needs, or with a bad one`;
  const expected = wishFields(wish).map(([k]) => k);
  if (setting.some((k) => !expected.includes(k))) return `policy ${kind} with a setting of another policy`;
  return wish;
}

function wishOfFields(kind: WishKind, get: (key: string) => string | undefined): PolicyWish | undefined {
  switch (kind) {
    case "weighted": {
      const weight = get("weight");
      return weight !== undefined && /^(?:0|[1-9]\d{0,2})$/.test(weight) && Number(weight) <= 255
        ? { kind, weight: Number(weight) }
        : undefined;
    }
    case "latency": {
      const region = get("region");
      return region !== undefined && isLatencyRegion(region) ? { kind, region } : undefined;
    }
    case "failover": {
      const role = get("failover");
      return role === "PRIMARY" || role === "SECONDARY" ? { kind, role } : undefined;
    }
    case "geolocation": {
      const text = get("location");
      const location = text === undefined ? undefined : parseGeoLocation(text);
      // Only the spelling formatGeoLocation writes, and only codes Route 53 accepts.
      if (!location || formatGeoLocation(location) !== text || geoLocationProblem(location)) return undefined;
      return { kind, location };
    }
    case "multivalue":
      return { kind };
  }
}

/** Whether two wishes ask for the same policy with the same settings. */
export function sameWish(a: PolicyWish, b: PolicyWish): boolean {
  return JSON.stringify(wishFields(a)) === JSON.stringify(wishFields(b));
}

/** `latency region=eu-west-2`, `failover PRIMARY`, `multivalue`: a wish as plan output words it. */
export function describeWish(wish: PolicyWish): string {
  const [, setting] = wishFields(wish);
  if (!setting) return wish.kind;
  return wish.kind === "failover" ? `failover ${setting[1]}` : `${wish.kind} ${setting[0]}=${setting[1]}`;
}
