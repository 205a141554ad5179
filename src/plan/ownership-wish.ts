import { geoLocationProblem } from "../model/geo-locations.js";
import { isLatencyRegion } from "../model/latency-regions.js";
import { type PolicyWish, WISH_KINDS, type WishKind, wishSettings } from "../model/policy-wish.js";
import { formatGeoLocation, formatGeoProximityPlace } from "../model/routing-policy.js";
import { parseGeoLocation, parseGeoProximityPlace } from "../sources/annotation-values.js";

/*
 * How a policy wish (model/policy-wish.ts) is spelled in an ownership value: `policy=<kind>` and the
 * settings that kind needs (`weight=`, `region=`, `failover=` PRIMARY/SECONDARY, `location=` as the
 * `geolocation` annotation spells it; for geoproximity `proximity=` as the `geoproximity` annotation
 * spells the place, canonical, and `bias=`), after every older field. The wish is consent to have another
 * cluster rewrite the member, so it is read as strictly as the rest of the value: anything
 * route53-gslb would not write makes the whole record untrusted.
 */

/** The ownership-value keys of a wish, in canonical order (after every older key). */
export const WISH_KEYS: readonly string[] = [
  "policy",
  "weight",
  "region",
  "failover",
  "location",
  "proximity",
  "bias",
];

/** The fields of a wish, in canonical order, values not yet percent-encoded. */
export function wishFields(wish: PolicyWish): [string, string][] {
  return [["policy", wish.kind], ...wishSettings(wish)];
}

/**
 * Read a wish from the decoded fields of an ownership value: undefined when it records none, a
 * string saying why when the fields are not exactly what {@link wishFields} writes.
 */
export function readWish(get: (key: string) => string | undefined): PolicyWish | undefined | string {
  const kind = get("policy");
  const settings = WISH_KEYS.slice(1).filter((k) => get(k) !== undefined);
  if (kind === undefined) return settings.length === 0 ? undefined : `${settings[0]} without policy`;
  if (!(WISH_KINDS as readonly string[]).includes(kind)) return "policy is not a policy route53-gslb writes";
  const wish = wishOfFields(kind as WishKind, get);
  if (wish === undefined) return `policy ${kind} without the setting it needs, or with a bad one`;
  const expected = wishFields(wish).map(([k]) => k);
  if (settings.some((k) => !expected.includes(k))) return `policy ${kind} with a setting of another policy`;
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
    case "geoproximity": {
      const text = get("proximity");
      const bias = get("bias");
      const place = text === undefined ? undefined : parseGeoProximityPlace(text);
      // Only the canonical spelling the planner writes, a place Route 53 accepts, a bias in its range.
      if (!place || formatGeoProximityPlace(place) !== text) return undefined;
      if (bias === undefined || !/^(?:0|-?[1-9][0-9]?)$/.test(bias)) return undefined;
      return { kind, place, bias: Number(bias) };
    }
  }
}
