/** Readers of single annotation values, shared by annotations.ts; each reports a bad value through `bad`. */
import type { RoutingIntent } from "../model/endpoint.js";
import { CONTINENT_CODES, geoLocationProblem, isContinentCode } from "../model/geo-locations.js";
import { BIAS_MAX, BIAS_MIN, localZoneGroupProblem, readCoordinate } from "../model/geo-proximity.js";
import { isLatencyRegion, LATENCY_REGIONS_ACCEPTED } from "../model/latency-regions.js";
import type { GeoLocation, GeoProximityPlace } from "../model/routing-policy.js";
import { quote } from "../model/shorten.js";
import { bareZoneId } from "../model/zone.js";
import { normalizeTarget } from "./addresses.js";

/** A value and the annotation it came from, for messages. */
export interface Raw {
  key: string;
  value: string;
}

/** Records a problem with `raw` (``Expected `key` to be <accepted>, got `value` ``) and returns undefined. */
export type Bad = (raw: Raw, accepted: string, detail?: string) => undefined;

/** Route 53's largest TTL, in seconds. */
export const MAX_TTL = 2_147_483_647;
/** The accepted spellings of the `geolocation` annotation, for messages. */
export const GEO_FORMS =
  "`continent=<AF|AN|AS|EU|NA|OC|SA>`, `country=<2-letter code>`, `country=<code>,subdivision=<code>` or `*`";

// Every key and value in a message goes through the one helper that cuts long values.
export { quote };
/** "`a` or `b`" / "one of `a`, `b`, `c`", for messages. */
export const oneOf = (values: readonly string[]): string =>
  values.length === 2
    ? `${quote(values[0] ?? "")} or ${quote(values[1] ?? "")}`
    : `one of ${values.map(quote).join(", ")}`;

/** `true` or `false`, any case. */
export function readBool(raw: Raw, bad: Bad): boolean | undefined {
  const v = raw.value.trim().toLowerCase();
  if (v === "true") return true;
  if (v === "false") return false;
  return bad(raw, "`true` or `false`");
}

/** A non-negative decimal integer within [min, max]; no sign, no fraction. */
export function readInt(raw: Raw, min: number, max: number, bad: Bad): number | undefined {
  const v = raw.value.trim();
  const n = /^[0-9]+$/.test(v) ? Number(v) : Number.NaN;
  return n >= min && n <= max ? n : bad(raw, `an integer from ${min} to ${max}`);
}

/** external-dns reads its `ttl` as seconds or as a Go duration such as `1m30s`. */
export function readExternalDnsTtl(raw: Raw, bad: Bad): number | undefined {
  const v = raw.value.trim();
  const d = /^(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?$/.exec(v);
  const n = /^[0-9]+$/.test(v)
    ? Number(v)
    : d && v !== ""
      ? Number(d[1] ?? 0) * 3600 + Number(d[2] ?? 0) * 60 + Number(d[3] ?? 0)
      : Number.NaN;
  return n >= 0 && n <= MAX_TTL
    ? n
    : bad(raw, `seconds from 0 to ${MAX_TTL} or a duration such as \`1m30s\``);
}

/** Comma-separated items, trimmed, empty items dropped; at least one. */
export function readList(raw: Raw, accepted: string, bad: Bad): string[] | undefined {
  const items = raw.value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  return items.length > 0 ? items : bad(raw, accepted);
}

/** The `target` annotation: hostnames or IPs, normalised, sorted and unique. */
export function readTargets(raw: Raw, bad: Bad): string[] | undefined {
  const accepted = "a comma-separated list of hostnames or IP addresses";
  const items = readList(raw, accepted, bad);
  if (!items) return undefined;
  const out: string[] = [];
  for (const item of items) {
    const t = normalizeTarget(item);
    if (!t.ok) return bad(raw, accepted, t.error);
    out.push(t.value);
  }
  return [...new Set(out)].sort();
}

/**
 * `continent=EU`, `country=DE`, `country=US,subdivision=CA` or `*`; undefined when it is none of those
 * forms. Whether Route 53 knows each code is checked apart ({@link geoLocationProblem}), so the message
 * can say which code is wrong.
 */
export function parseGeoLocation(value: string): GeoLocation | undefined {
  const v = value.trim();
  if (v === "*") return { countryCode: "*" };
  const parts = new Map<string, string>();
  for (const part of v.split(",")) {
    const m = /^\s*([a-z]+)\s*=\s*([A-Za-z0-9]+)\s*$/i.exec(part);
    const name = m?.[1]?.toLowerCase();
    if (!m || name === undefined || parts.has(name)) return undefined;
    parts.set(name, (m[2] ?? "").toUpperCase());
  }
  return geoLocationOf(parts.get("continent"), parts.get("country"), parts.get("subdivision"), parts.size);
}

function geoLocationOf(
  continent: string | undefined,
  country: string | undefined,
  subdivision: string | undefined,
  size: number,
): GeoLocation | undefined {
  if (continent !== undefined) {
    return size === 1 && isContinentCode(continent) ? { continentCode: continent } : undefined;
  }
  if (country === undefined || !(/^[A-Z]{2}$/.test(country) || country === "*")) return undefined;
  if (subdivision === undefined) return size === 1 ? { countryCode: country } : undefined;
  return size === 2 && /^[A-Z0-9]{1,3}$/.test(subdivision) && country !== "*"
    ? { countryCode: country, subdivisionCode: subdivision }
    : undefined;
}

const ACCEPTED_PART = {
  continent: `a continent code, ${oneOf(CONTINENT_CODES)}`,
  country: "a 2-letter country code or `*`",
  subdivision: "a subdivision code of 1 to 3 letters or digits",
} as const;

/**
 * external-dns's three `aws-geolocation-*-code` keys (continent, country, subdivision, any of them
 * undefined) as one location; Route 53 takes a continent or a country, a subdivision only with a country.
 */
export function externalDnsGeoLocation(raws: (Raw | undefined)[], bad: Bad): GeoLocation | undefined {
  const [continent, country, subdivision] = raws;
  const code = (r: Raw | undefined) => r?.value.trim().toUpperCase();
  if (continent && country) {
    return bad(country, "unset when a continent code is set", `Route 53 takes a continent or a country`);
  }
  if (subdivision && !country) return bad(subdivision, "set only with a country code");
  const size = raws.filter((r) => r !== undefined).length;
  const location = geoLocationOf(code(continent), code(country), code(subdivision), size);
  const problem = location && geoLocationProblem(location);
  if (location && !problem) return location;
  if (problem) {
    const raw = { continent, country, subdivision }[problem.part];
    if (raw) return bad(raw, ACCEPTED_PART[problem.part], problem.reason);
  }
  if (continent) return bad(continent, `a continent code, ${oneOf(CONTINENT_CODES)}`);
  if (subdivision && country && /^([A-Z]{2})$/.test(code(country) ?? "")) {
    return bad(subdivision, "a subdivision code of 1 to 3 letters or digits");
  }
  return country ? bad(country, "a 2-letter country code or `*`") : undefined;
}

/** The accepted spellings of the `geoproximity` annotation, for messages. */
export const GEOPROXIMITY_FORMS =
  "`region=<AWS region>`, `local-zone-group=<Local Zone group>` or `coordinates=<latitude>,<longitude>`";

/**
 * The `geoproximity` annotation: `region=us-east-1`, `local-zone-group=us-east-1-bue-1` or
 * `coordinates=49.22,-74.01` — one place, as Route 53 takes one.
 */
export function readGeoProximity(raw: Raw, bad: Bad): GeoProximityPlace | undefined {
  const m = /^\s*([a-z-]+)\s*=(.*)$/is.exec(raw.value);
  const form = m?.[1]?.toLowerCase();
  const value = (m?.[2] ?? "").trim();
  if (form === "region") return geoProximityRegion(raw, value, GEOPROXIMITY_FORMS, bad);
  if (form === "local-zone-group") return geoProximityGroup(raw, value, GEOPROXIMITY_FORMS, bad);
  if (form === "coordinates") return geoProximityCoordinates(raw, value, GEOPROXIMITY_FORMS, bad);
  return bad(raw, GEOPROXIMITY_FORMS);
}

/** A place as the `geoproximity` annotation spells it, canonical and checked; undefined when it is not one. */
export function parseGeoProximityPlace(text: string): GeoProximityPlace | undefined {
  return readGeoProximity({ key: "", value: text }, () => undefined);
}

/**
 * The place of a geoproximity member and the annotation that gave it: our `geoproximity`, else
 * external-dns's `aws-geoproximity-*` place keys; undefined when none is set or the value is bad.
 */
export function readGeoProximityKeys(
  own: Raw | undefined,
  ext: { region?: Raw; group?: Raw; coordinates?: Raw },
  bad: Bad,
): { place: GeoProximityPlace; raw: Raw } | undefined {
  const raw = own ?? ext.region ?? ext.group ?? ext.coordinates;
  const place = own ? readGeoProximity(own, bad) : externalDnsGeoProximity(ext, bad);
  return place && raw ? { place, raw } : undefined;
}

/**
 * external-dns's three `aws-geoproximity-*` place keys (region, local zone group, coordinates, any of
 * them undefined) as one place. external-dns would send every one that is set, and Route 53 takes one.
 */
function externalDnsGeoProximity(
  raws: { region?: Raw; group?: Raw; coordinates?: Raw },
  bad: Bad,
): GeoProximityPlace | undefined {
  const set = [raws.region, raws.group, raws.coordinates].filter((r) => r !== undefined);
  if (set.length > 1) {
    const [first, ...rest] = set;
    for (const r of rest) {
      bad(r, `unset when ${quote(first?.key ?? "")} is set`, "Route 53 takes one place per member");
    }
    return undefined;
  }
  if (raws.region)
    return geoProximityRegion(raws.region, raws.region.value.trim(), LATENCY_REGIONS_ACCEPTED, bad);
  if (raws.group)
    return geoProximityGroup(
      raws.group,
      raws.group.value.trim(),
      "a Local Zone group such as `us-east-1-bue-1`",
      bad,
    );
  if (raws.coordinates) {
    return geoProximityCoordinates(
      raws.coordinates,
      raws.coordinates.value,
      "`<latitude>,<longitude>` such as `49.22,-74.01`",
      bad,
    );
  }
  return undefined;
}

function geoProximityRegion(
  raw: Raw,
  region: string,
  accepted: string,
  bad: Bad,
): GeoProximityPlace | undefined {
  return isLatencyRegion(region)
    ? { kind: "region", region }
    : bad(raw, accepted, `${quote(region)} is not ${LATENCY_REGIONS_ACCEPTED}`);
}

function geoProximityGroup(
  raw: Raw,
  group: string,
  accepted: string,
  bad: Bad,
): GeoProximityPlace | undefined {
  const problem = localZoneGroupProblem(group);
  return problem === undefined ? { kind: "local-zone-group", group } : bad(raw, accepted, problem);
}

/** `<latitude>,<longitude>`, each as Route 53 takes it (model/geo-proximity.ts), canonical. */
function geoProximityCoordinates(
  raw: Raw,
  text: string,
  accepted: string,
  bad: Bad,
): GeoProximityPlace | undefined {
  const parts = text.split(",");
  if (parts.length !== 2)
    return bad(raw, accepted, "expected a latitude and a longitude, separated by a comma");
  const latitude = readCoordinate(parts[0] ?? "", "latitude");
  const longitude = readCoordinate(parts[1] ?? "", "longitude");
  if (!latitude.ok) return bad(raw, accepted, latitude.error);
  if (!longitude.ok) return bad(raw, accepted, longitude.error);
  return { kind: "coordinates", latitude: latitude.value, longitude: longitude.value };
}

/** A geoproximity bias: an integer from -99 to 99, with or without a sign. */
export function readBias(raw: Raw, bad: Bad): number | undefined {
  const v = raw.value.trim();
  const n = /^[-+]?[0-9]{1,2}$/.test(v) ? Number(v) : Number.NaN;
  if (!(n >= BIAS_MIN && n <= BIAS_MAX)) return bad(raw, `an integer from ${BIAS_MIN} to ${BIAS_MAX}`);
  return n === 0 ? 0 : n; // `-0` is 0
}

/** A hosted zone id, `Z0123456789ABC` or `/hostedzone/Z0123456789ABC`, without the prefix. */
export function readZoneId(raw: Raw, bad: Bad): string | undefined {
  const id = bareZoneId(raw.value.trim());
  return /^[A-Z0-9]{1,32}$/.test(id)
    ? id
    : bad(raw, "a hosted zone id such as `Z0123456789ABC` or `/hostedzone/Z0123456789ABC`");
}

/** Why external-dns's `aws-multi-value-answer: "false"` is refused rather than read as "not multivalue". */
export const MULTIVALUE_FALSE =
  "external-dns makes a multivalue answer record whenever this key is set, even to `false`; remove it to choose another policy";

/**
 * external-dns's `aws-target-hosted-zone` and `alias` (only `true` means anything to external-dns),
 * read to be checked against the alias records route53-gslb writes by itself (plan/desired-records.ts).
 */
export function readAliasKeys(
  targetZone: Raw | undefined,
  alias: Raw | undefined,
  bad: Bad,
): Pick<RoutingIntent, "aliasTargetZone" | "alias"> {
  const out: Pick<RoutingIntent, "aliasTargetZone" | "alias"> = {};
  const id = targetZone && readZoneId(targetZone, bad);
  if (targetZone && id) out.aliasTargetZone = { id, key: targetZone.key };
  if (alias && readBool(alias, bad)) out.alias = { key: alias.key };
  return out;
}
