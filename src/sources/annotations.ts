import type { HealthCheckMode, HealthCheckSettings, RoutingIntent } from "../model/endpoint.js";
import { geoLocationProblem } from "../model/geo-locations.js";
import { isWildcard, normalizeHostname } from "../model/hostname.js";
import { isLatencyRegion, LATENCY_REGIONS_ACCEPTED } from "../model/latency-regions.js";
import { err, ok, type Result } from "../model/result.js";
import { WRITABLE_POLICY_KINDS, type WritablePolicyKind } from "../model/routing-policy.js";
import {
  ANNOTATION_KEYS,
  ANNOTATION_PREFIX,
  type AnnotationKey,
  classifyKey,
  EXTERNAL_DNS_PREFIXES,
} from "./annotation-keys.js";
import {
  type Bad,
  externalDnsGeoLocation,
  GEO_FORMS,
  MAX_TTL,
  MULTIVALUE_FALSE,
  oneOf,
  parseGeoLocation,
  quote,
  type Raw,
  readAliasKeys,
  readBias,
  readBool,
  readExternalDnsTtl,
  readGeoProximityKeys,
  readInt,
  readList,
  readTargets,
  readZoneId,
} from "./annotation-values.js";

/** One thing wrong with one annotation; `message` names the key, the value and what is accepted. */
export interface AnnotationProblem {
  /** The full annotation key, prefix included. */
  key: string;
  /** The value as written; empty when the problem is a missing annotation. */
  value: string;
  /** What the key accepts (for an unknown key: the keys there are). */
  accepted: string;
  /** Why the value is refused, when `accepted` alone does not say (the other key it clashes with). */
  detail?: string;
  message: string;
}

/** What the annotations of one object ask for. */
export interface ParsedAnnotations {
  /** False when `route53-gslb.io/enabled` is `false`: the object opts out. */
  enabled: boolean;
  /** Hostnames from `hostnames` (or external-dns `hostname`), as written; sources normalise them. */
  extraHostnames: string[];
  /** The annotation `extraHostnames` came from, for messages about one of them. */
  hostnamesKey?: string;
  routing: RoutingIntent;
}

/** Route 53 health checkers run only in these regions (`HealthCheckRegion`). */
const HEALTH_CHECK_REGIONS = [
  "ap-northeast-1",
  "ap-southeast-1",
  "ap-southeast-2",
  "eu-west-1",
  "sa-east-1",
  "us-east-1",
  "us-west-1",
  "us-west-2",
];
const HEALTH_CHECK_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const POLICY_OF: Partial<Record<AnnotationKey, WritablePolicyKind>> = {
  weight: "weighted",
  failover: "failover",
  geolocation: "geolocation",
};

/**
 * Parse the route53-gslb annotations of one object (and the external-dns keys it reads for
 * compatibility) into the typed routing intent. Every problem is reported at once; the object is
 * then skipped as a whole. Defaults are left to the planner (an absent field means "default").
 * An object with `enabled: false` is returned as disabled without looking at its other keys.
 */
export function parseAnnotations(
  annotations: Record<string, string> | undefined,
): Result<ParsedAnnotations, AnnotationProblem[]> {
  const problems: AnnotationProblem[] = [];
  const bad = (raw: Raw, accepted: string, detail?: string): undefined => {
    const tail = detail === undefined ? "" : `: ${detail}`;
    problems.push({
      ...raw,
      accepted,
      ...(detail === undefined ? {} : { detail }),
      message: `Expected ${quote(raw.key)} to be ${accepted}, got ${quote(raw.value)}${tail}`,
    });
    return undefined;
  };

  const ours = new Map<AnnotationKey, Raw>();
  const ext = new Map<string, Raw & { rank: number }>();
  for (const key of Object.keys(annotations ?? {}).sort()) {
    const value = String(annotations?.[key]);
    const k = classifyKey(key);
    if (k.kind === "ours") ours.set(k.key, { key, value });
    else if (k.kind === "unknown-ours") problems.push(unknownKey(key, value));
    else if (k.kind === "external-dns") {
      const rank = EXTERNAL_DNS_PREFIXES.indexOf(k.prefix);
      const seen = ext.get(k.name);
      if (seen === undefined || rank < seen.rank) ext.set(k.name, { key, value, rank });
    }
  }

  const enabledRaw = ours.get("enabled");
  const enabled = enabledRaw && readBool(enabledRaw, bad);
  if (enabled === false)
    return ok({ enabled: false, extraHostnames: [], routing: { healthCheckSettings: {} } });

  const routing: RoutingIntent = { healthCheckSettings: {} };
  const implied: { raw: Raw; policy: WritablePolicyKind }[] = [];
  const ourOr = (key: AnnotationKey, edName: string): { raw: Raw; ours: boolean } | undefined => {
    const own = ours.get(key);
    if (own) return { raw: own, ours: true };
    const e = ext.get(edName);
    return e ? { raw: { key: e.key, value: e.value }, ours: false } : undefined;
  };

  const hostnames = ourOr("hostnames", "hostname");
  const extraHostnames = hostnames
    ? (readList(hostnames.raw, "a comma-separated list of hostnames", bad) ?? [])
    : [];

  let explicit: { raw: Raw; policy: WritablePolicyKind } | undefined;
  const rp = ours.get("routing-policy");
  if (rp) {
    const v = rp.value.trim().toLowerCase();
    const kind = WRITABLE_POLICY_KINDS.find((k) => k === v);
    if (kind) explicit = { raw: rp, policy: kind };
    else bad(rp, oneOf(WRITABLE_POLICY_KINDS));
  }

  const setId = ourOr("set-identifier", "set-identifier");
  if (setId) {
    const v = setId.raw.value.trim();
    if (v.length >= 1 && v.length <= 128) routing.setIdentifier = v;
    else bad(setId.raw, "a set identifier of 1 to 128 characters");
  }

  const weight = ourOr("weight", "aws-weight");
  if (weight) {
    const n = readInt(weight.raw, 0, 255, bad);
    if (n !== undefined) {
      routing.weight = n;
      implied.push({ raw: weight.raw, policy: "weighted" });
    }
  }

  const region = ourOr("region", "aws-region");
  if (region) {
    const v = region.raw.value.trim();
    // Route 53's own list: a well-formed but unknown region (`xx-west-9`) would be rejected at apply time.
    if (isLatencyRegion(v)) {
      routing.region = v;
      // Our `region` also overrides the load balancer's region, so only external-dns's implies latency.
      if (!region.ours) implied.push({ raw: region.raw, policy: "latency" });
    } else bad(region.raw, LATENCY_REGIONS_ACCEPTED);
  }

  const failover = ourOr("failover", "aws-failover");
  if (failover) {
    const v = failover.raw.value.trim().toUpperCase();
    if (v === "PRIMARY" || v === "SECONDARY") {
      routing.failover = v;
      implied.push({ raw: failover.raw, policy: "failover" });
    } else bad(failover.raw, oneOf(["primary", "secondary"]));
  }

  const geoRaw = ours.get("geolocation");
  const geoExt = ["continent", "country", "subdivision"].map((part) =>
    ext.get(`aws-geolocation-${part}-code`),
  );
  if (geoRaw) {
    const location = parseGeoLocation(geoRaw.value);
    // Well-formed codes Route 53 does not know (`country=XX`) would be rejected at apply time.
    const problem = location && geoLocationProblem(location);
    if (location && !problem) {
      routing.geolocation = location;
      implied.push({ raw: geoRaw, policy: "geolocation" });
    } else bad(geoRaw, GEO_FORMS, problem?.reason);
  } else if (geoExt.some((r) => r !== undefined)) {
    const location = externalDnsGeoLocation(geoExt, bad);
    const first = geoExt.find((r) => r !== undefined);
    if (location && first) {
      routing.geolocation = location;
      implied.push({ raw: first, policy: "geolocation" });
    }
  }

  const place = readGeoProximityKeys(
    ours.get("geoproximity"),
    {
      region: ext.get("aws-geoproximity-region"),
      group: ext.get("aws-geoproximity-local-zone-group"),
      coordinates: ext.get("aws-geoproximity-coordinates"),
    },
    bad,
  );
  if (place) {
    routing.geoproximity = place.place;
    implied.push({ raw: place.raw, policy: "geoproximity" });
  }
  const bias = ourOr("geoproximity-bias", "aws-geoproximity-bias");
  const biasValue = bias && readBias(bias.raw, bad);
  if (biasValue !== undefined) routing.bias = biasValue;

  const mv = rp ? undefined : ext.get("aws-multi-value-answer");
  const multivalue = mv && readBool(mv, bad);
  if (mv && multivalue) implied.push({ raw: mv, policy: "multivalue" });
  else if (mv && multivalue === false) bad(mv, "`true`", MULTIVALUE_FALSE);

  const zoneId = ourOr("hosted-zone-id", "aws-hosted-zone-id");
  const pinned = zoneId && readZoneId(zoneId.raw, bad);
  if (zoneId && pinned) routing.hostedZoneId = { id: pinned, key: zoneId.raw.key };
  Object.assign(routing, readAliasKeys(ext.get("aws-target-hosted-zone"), ext.get("alias"), bad));

  const ttl = ourOr("ttl", "ttl");
  if (ttl) {
    const seconds = ttl.ours ? readInt(ttl.raw, 0, MAX_TTL, bad) : readExternalDnsTtl(ttl.raw, bad);
    if (seconds !== undefined) routing.ttl = seconds;
  }

  const target = ourOr("target", "target");
  if (target) {
    const targets = readTargets(target.raw, bad);
    if (targets) routing.targets = targets;
  }

  const eth = ourOr("evaluate-target-health", "aws-evaluate-target-health");
  if (eth) {
    const v = readBool(eth.raw, bad);
    if (v !== undefined) routing.evaluateTargetHealth = v;
  }

  const hc = ourOr("health-check", "aws-health-check-id");
  if (hc) {
    const mode = readHealthCheckMode(hc.raw, hc.ours, bad);
    if (mode) routing.healthCheck = mode;
  }
  routing.healthCheckSettings = readHealthCheckSettings(ours, routing.healthCheck, hc?.raw, bad);

  // The policy: the explicit annotation, else what the settings imply; they must agree.
  const chosen = explicit ?? implied[0];
  if (chosen) routing.policy = chosen.policy;
  for (const i of implied) {
    if (!chosen || i.policy === chosen.policy) continue;
    // external-dns's aws-region implies latency, but a region is meaningful under any explicit policy.
    if (explicit && i.policy === "latency") continue;
    const why = explicit
      ? `${quote(explicit.raw.key)} is ${quote(explicit.policy)}`
      : `${quote(chosen.raw.key)} implies ${quote(chosen.policy)}; set ${quote(`${ANNOTATION_PREFIX}routing-policy`)} to choose one`;
    bad(i.raw, `set only with routing policy ${quote(i.policy)}`, why);
  }
  // Without a policy here, the planner checks the bias against --default-routing-policy.
  if (bias && routing.policy !== undefined && routing.policy !== "geoproximity") {
    bad(
      bias.raw,
      "set only with routing policy `geoproximity`",
      `the routing policy is ${quote(routing.policy)}`,
    );
  }
  if (setId && routing.policy === "simple") {
    bad(
      setId.raw,
      "set only with a routing policy other than `simple`",
      "a simple record has no set identifier",
    );
  }
  const present = {
    failover: failover !== undefined,
    geolocation: geoRaw !== undefined || geoExt.some((r) => r !== undefined),
  };
  for (const [key, accepted] of [
    ["failover", oneOf(["primary", "secondary"])],
    ["geolocation", GEO_FORMS],
  ] as const) {
    if (routing.policy !== POLICY_OF[key] || present[key]) continue;
    bad({ key: `${ANNOTATION_PREFIX}${key}`, value: "" }, accepted, `routing policy ${quote(key)} needs it`);
  }

  return problems.length > 0
    ? err(problems)
    : ok({
        enabled: true,
        extraHostnames,
        ...(hostnames ? { hostnamesKey: hostnames.raw.key } : {}),
        routing,
      });
}

function readHealthCheckMode(raw: Raw, ours: boolean, bad: Bad): HealthCheckMode | undefined {
  const v = raw.value.trim();
  if (ours && v.toLowerCase() === "auto") return { kind: "auto" };
  if (ours && v.toLowerCase() === "none") return { kind: "none" };
  if (HEALTH_CHECK_ID.test(v)) return { kind: "existing", id: v.toLowerCase() };
  const id = "the id of an existing Route 53 health check (a UUID)";
  return bad(raw, ours ? `\`auto\`, \`none\` or ${id}` : id);
}

function readHealthCheckSettings(
  ours: Map<AnnotationKey, Raw>,
  mode: HealthCheckMode | undefined,
  modeRaw: Raw | undefined,
  bad: Bad,
): HealthCheckSettings {
  const s: HealthCheckSettings = {};
  const get = (k: AnnotationKey): Raw | undefined => ours.get(k);
  const protocol = get("health-check-protocol");
  if (protocol) {
    const v = protocol.value.trim().toUpperCase();
    if (v === "HTTP" || v === "HTTPS" || v === "TCP") s.protocol = v;
    else bad(protocol, oneOf(["HTTP", "HTTPS", "TCP"]));
  }
  const port = get("health-check-port");
  const portNumber = port && readInt(port, 1, 65535, bad);
  if (portNumber !== undefined) s.port = portNumber;
  const path = get("health-check-path");
  if (path) {
    const v = path.value.trim();
    if (v.startsWith("/") && v.length <= 255) s.path = v;
    else bad(path, "a path starting with `/`, at most 255 characters");
  }
  const host = get("health-check-host");
  if (host) {
    const h = normalizeHostname(host.value);
    if (h.ok && !isWildcard(h.value)) s.host = h.value.slice(0, -1);
    else bad(host, "a hostname such as `app.example.com`", h.ok ? "a wildcard cannot be checked" : h.error);
  }
  const search = get("health-check-search-string");
  if (search) {
    if (search.value.length >= 1 && search.value.length <= 255) s.searchString = search.value;
    else bad(search, "a string of 1 to 255 characters");
  }
  const interval = get("health-check-interval");
  if (interval) {
    const v = interval.value.trim();
    if (v === "10" || v === "30") s.interval = Number(v) as 10 | 30;
    else bad(interval, "`10` or `30` (seconds)");
  }
  const threshold = get("health-check-failure-threshold");
  const thresholdNumber = threshold && readInt(threshold, 1, 10, bad);
  if (thresholdNumber !== undefined) s.failureThreshold = thresholdNumber;
  const regions = get("health-check-regions");
  if (regions) {
    const accepted = `at least 3 comma-separated regions from ${HEALTH_CHECK_REGIONS.map(quote).join(", ")}`;
    const list = [...new Set(readList(regions, accepted, bad) ?? [])].sort();
    const unknown = list.find((r) => !HEALTH_CHECK_REGIONS.includes(r));
    if (unknown !== undefined) bad(regions, accepted, `${quote(unknown)} has no Route 53 health checkers`);
    else if (list.length > 0 && list.length < 3) bad(regions, accepted);
    else if (list.length >= 3) s.regions = list;
  }

  // Settings for a check we do not create would be silently ignored; say so instead.
  const settingKeys = ANNOTATION_KEYS.filter((k) => k.startsWith("health-check-"));
  for (const k of settingKeys) {
    const raw = get(k);
    if (!raw) continue;
    if (mode && mode.kind !== "auto" && modeRaw) {
      bad(
        raw,
        `set only when ${quote(modeRaw.key)} is \`auto\``,
        `${quote(modeRaw.key)} is ${quote(modeRaw.value)}`,
      );
    } else if (s.protocol === "TCP" && (k === "health-check-path" || k === "health-check-search-string")) {
      bad(raw, "set only for HTTP or HTTPS health checks", "`health-check-protocol` is `TCP`");
    }
  }
  return s;
}

function unknownKey(key: string, value: string): AnnotationProblem {
  const name = key.slice(ANNOTATION_PREFIX.length);
  const near = ANNOTATION_KEYS.find((k) => editDistance(k, name) <= 2);
  const hint = near === undefined ? "" : `; did you mean ${quote(ANNOTATION_PREFIX + near)}?`;
  return {
    key,
    value,
    accepted: `one of ${ANNOTATION_KEYS.map(quote).join(", ")} under ${quote(ANNOTATION_PREFIX)}`,
    message: `Unknown annotation ${quote(key)} (value ${quote(value)}); expected one of ${ANNOTATION_KEYS.map(quote).join(", ")} under ${quote(ANNOTATION_PREFIX)}${hint}`,
  };
}

/** Levenshtein distance, for "did you mean" on misspelt keys. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}
