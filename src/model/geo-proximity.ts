import { isLatencyRegion } from "./latency-regions.js";
import { err, ok, type Result } from "./result.js";
import type { GeoProximityPlace } from "./routing-policy.js";
import { quote } from "./shorten.js";

/*
 * What Route 53 accepts in a geoproximity member's `GeoProximityLocation` (Route 53 API Reference:
 * GeoProximityLocation, Coordinates; checked 2026-12-02):
 *
 *   field            accepted
 *   ──────────────── ──────────────────────────────────────────────────────────────────────────────
 *   AWSRegion        an AWS region, 1–64 characters (here: a region Route 53 knows, model/latency-regions.ts)
 *   LocalZoneGroup   a Local Zone group, 1–64 characters: the Local Zone's code without its last
 *                    letter (zone `us-east-1-bue-1a` → group `us-east-1-bue-1`)
 *   Coordinates      Latitude  `[-+]?[0-9]{1,2}(\.[0-9]{0,2})?`, -90 to 90, at most 6 characters
 *                    Longitude `[-+]?[0-9]{1,3}(\.[0-9]{0,2})?`, -180 to 180, at most 7 characters
 *   Bias             an integer from -99 to 99 (optional; 0 when absent)
 *
 * Only one of AWSRegion, LocalZoneGroup and Coordinates per member. A value outside these would be
 * rejected at apply time (`40.7128` has too many decimals), so it is reported on its object instead.
 */

/** Route 53's range of `GeoProximityLocation.Bias`. */
export const BIAS_MIN = -99;
export const BIAS_MAX = 99;

/** The range of each axis, in degrees. */
const LIMITS = { latitude: 90, longitude: 180 } as const;

export type CoordinateAxis = keyof typeof LIMITS;

/**
 * A latitude or longitude as Route 53 takes it, canonical — no `+`, no leading or trailing zeros,
 * `0` for `-0` (`+049.20` → `49.2`) — so that what is sent matches Route 53's pattern and reads back
 * the same; or why Route 53 would refuse it.
 */
export function readCoordinate(text: string, axis: CoordinateAxis): Result<string, string> {
  const limit = LIMITS[axis];
  const v = text.trim();
  const m = /^[-+]?[0-9]{1,9}(?:\.([0-9]*))?$/.exec(v);
  if (!m) {
    const example = axis === "latitude" ? "49.22" : "-74.01";
    return err(`${axis} ${quote(v)} is not a number of degrees such as \`${example}\``);
  }
  if ((m[1] ?? "").replace(/0+$/, "").length > 2) {
    return err(`${axis} ${quote(v)} has more than two decimals, which Route 53 does not accept`);
  }
  const n = Number(v);
  if (Math.abs(n) > limit) return err(`${axis} ${quote(v)} is outside -${limit} to ${limit}`);
  return ok(String(n === 0 ? 0 : n));
}

/** Two coordinates by value, so a member listed as `49.20` matches the `49.2` the planner writes. */
export function sameCoordinate(a: string, b: string): boolean {
  return a === b || (a.trim() !== "" && b.trim() !== "" && Number(a) === Number(b));
}

/** Two places, coordinates compared by value. */
export function samePlace(a: GeoProximityPlace, b: GeoProximityPlace): boolean {
  switch (a.kind) {
    case "region":
      return b.kind === "region" && a.region === b.region;
    case "local-zone-group":
      return b.kind === "local-zone-group" && a.group === b.group;
    case "coordinates":
      return (
        b.kind === "coordinates" &&
        sameCoordinate(a.latitude, b.latitude) &&
        sameCoordinate(a.longitude, b.longitude)
      );
  }
}

/** `<region>-<location>-<number>`: `us-east-1-bue-1`, `us-west-2-lax-1`. */
const LOCAL_ZONE_GROUP = /^([a-z]{2}(?:-[a-z]+)+-[0-9]+)-[a-z]+-[0-9]+$/;

/** Why Route 53 would not take `group` as a Local Zone group, or undefined when it is well formed. */
export function localZoneGroupProblem(group: string): string | undefined {
  // Route 53 takes at most 64 characters.
  const m = group.length <= 64 ? LOCAL_ZONE_GROUP.exec(group) : null;
  if (!m) {
    return group.length <= 64 && /^[a-z]{2}(-[a-z]+)+-[0-9]+-[a-z]+-[0-9]+[a-z]$/.test(group)
      ? `${quote(group)} is a Local Zone; its group is the zone's code without the last letter, ${quote(group.slice(0, -1))}`
      : `${quote(group)} is not a Local Zone group such as \`us-east-1-bue-1\``;
  }
  const region = m[1] ?? "";
  return isLatencyRegion(region)
    ? undefined
    : `${quote(group)} names the region ${quote(region)}, which is not an AWS region Route 53 knows (see docs/route53-locations.md)`;
}
