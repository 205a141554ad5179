/** Readers of single annotation values, shared by annotations.ts; each reports a bad value through `bad`. */
import { CONTINENT_CODES, geoLocationProblem, isContinentCode } from "../model/geo-locations.js";
import type { GeoLocation } from "../model/routing-policy.js";
import { quote } from "../model/shorten.js";
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
