import type { HealthCheckSettings } from "../model/endpoint.js";
/** The prefix of route53-gslb's own annotations. */
export const ANNOTATION_PREFIX = "route53-gslb.io/";

/**
 * external-dns's annotation prefixes, current first: when both spell the same key, the current one
 * is read (a migrated object may still carry the old spelling).
 */
export const EXTERNAL_DNS_PREFIXES = [
  "external-dns.kubernetes.io/",
  "external-dns.alpha.kubernetes.io/",
] as const;

/**
 * Every key that names extra hostnames of an object: our `hostnames` and external-dns's `hostname`
 * under both prefixes. Objects whose spec names no hostname (a Service, a TCPRoute) publish only
 * when one of these is set.
 */
export const HOSTNAME_ANNOTATION_KEYS: readonly string[] = [
  `${ANNOTATION_PREFIX}hostnames`,
  ...EXTERNAL_DNS_PREFIXES.map((p) => `${p}hostname`),
];

/** One of external-dns's prefixes. */
export type ExternalDnsPrefix = (typeof EXTERNAL_DNS_PREFIXES)[number];

/** Every key route53-gslb reads under its own prefix (DESIGN.md "Gateway annotations"). */
export const ANNOTATION_KEYS = [
  "hostnames",
  "routing-policy",
  "set-identifier",
  "weight",
  "region",
  "failover",
  "geolocation",
  "geoproximity",
  "geoproximity-bias",
  "hosted-zone-id",
  "ttl",
  "target",
  "evaluate-target-health",
  "health-check",
  "health-check-protocol",
  "health-check-port",
  "health-check-path",
  "health-check-host",
  "health-check-search-string",
  "health-check-interval",
  "health-check-failure-threshold",
  "health-check-regions",
  "enabled",
] as const;

/** One of our annotation keys, without the prefix. */
export type AnnotationKey = (typeof ANNOTATION_KEYS)[number];

/** The annotation (without the prefix) that sets each health-check setting, for messages and plans. */
export const HEALTH_CHECK_SETTING_KEYS = {
  protocol: "health-check-protocol",
  port: "health-check-port",
  path: "health-check-path",
  host: "health-check-host",
  searchString: "health-check-search-string",
  interval: "health-check-interval",
  failureThreshold: "health-check-failure-threshold",
  regions: "health-check-regions",
} as const satisfies Record<keyof HealthCheckSettings, AnnotationKey>;

/**
 * The external-dns keys read for compatibility, and the key of ours each stands in for. Our key wins
 * when both are set; external-dns keys not listed here are ignored (external-dns has many we don't use).
 *
 * Every key external-dns's AWS provider reads (provider/aws/aws.go, `providerSpecific*`, checked at
 * external-dns 2bf1bf8, 2026-08) is here, so none is silently ignored: each is honoured, or its object
 * is skipped with a reason. `alias` and `aws-target-hosted-zone` have no key of ours: route53-gslb
 * writes aliases to load balancers by itself; they are checked against what it writes (plan/
 * desired-records.ts) and stand with `target`, which they qualify.
 */
export const EXTERNAL_DNS_ALIASES: Readonly<Record<string, AnnotationKey>> = {
  hostname: "hostnames",
  target: "target",
  ttl: "ttl",
  "set-identifier": "set-identifier",
  "aws-weight": "weight",
  "aws-region": "region",
  "aws-failover": "failover",
  "aws-health-check-id": "health-check",
  "aws-evaluate-target-health": "evaluate-target-health",
  "aws-geolocation-continent-code": "geolocation",
  "aws-geolocation-country-code": "geolocation",
  "aws-geolocation-subdivision-code": "geolocation",
  "aws-multi-value-answer": "routing-policy",
  "aws-geoproximity-region": "geoproximity",
  "aws-geoproximity-local-zone-group": "geoproximity",
  "aws-geoproximity-coordinates": "geoproximity",
  "aws-geoproximity-bias": "geoproximity-bias",
  "aws-hosted-zone-id": "hosted-zone-id",
  "aws-target-hosted-zone": "target",
  alias: "target",
};

const OUR_KEYS: ReadonlySet<string> = new Set(ANNOTATION_KEYS);

/** What an annotation key is to us. */
export type KeyKind =
  | { kind: "ours"; key: AnnotationKey }
  | { kind: "unknown-ours" }
  | { kind: "external-dns"; name: string; standsFor: AnnotationKey; prefix: ExternalDnsPrefix }
  | { kind: "foreign" };

/** Classify an annotation key by prefix. Keys are case-sensitive, as Kubernetes keeps them. */
export function classifyKey(fullKey: string): KeyKind {
  if (fullKey.startsWith(ANNOTATION_PREFIX)) {
    const key = fullKey.slice(ANNOTATION_PREFIX.length);
    return OUR_KEYS.has(key) ? { kind: "ours", key: key as AnnotationKey } : { kind: "unknown-ours" };
  }
  for (const prefix of EXTERNAL_DNS_PREFIXES) {
    if (!fullKey.startsWith(prefix)) continue;
    const name = fullKey.slice(prefix.length);
    const standsFor = EXTERNAL_DNS_ALIASES[name];
    return standsFor === undefined ? { kind: "foreign" } : { kind: "external-dns", name, standsFor, prefix };
  }
  return { kind: "foreign" };
}

/** Keys that choose the routing policy or a policy-specific setting; they travel together in an overlay. */
const POLICY_GROUP: ReadonlySet<AnnotationKey> = new Set([
  "routing-policy",
  "weight",
  "failover",
  "geolocation",
  "geoproximity",
  "geoproximity-bias",
]);

function overlayGroup(fullKey: string): string | undefined {
  const k = classifyKey(fullKey);
  switch (k.kind) {
    case "ours":
      return POLICY_GROUP.has(k.key) ? "policy" : k.key;
    case "unknown-ours":
      return fullKey;
    case "external-dns":
      // aws-region implies latency under external-dns, so it belongs with the policy keys here.
      return POLICY_GROUP.has(k.standsFor) || k.name === "aws-region" ? "policy" : k.standsFor;
    case "foreign":
      return undefined;
  }
}

/**
 * The annotations of an object that inherits from another (an HTTPRoute from its Gateway): the
 * inheriting object's keys win, per setting rather than per spelling, so a route's external-dns
 * `aws-weight` replaces its Gateway's `weight`. The routing policy and its settings are one unit: a
 * route that sets any of them replaces all of the Gateway's. The Gateway's `hostnames` are its own
 * and are not inherited.
 */
export function overlayAnnotations(
  base: Record<string, string>,
  top: Record<string, string>,
): Record<string, string> {
  const topGroups = new Set<string>();
  for (const key of Object.keys(top)) {
    const group = overlayGroup(key);
    if (group !== undefined) topGroups.add(group);
  }
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(base)) {
    const group = overlayGroup(key);
    if (group === undefined || group === "hostnames" || topGroups.has(group)) continue;
    out[key] = value;
  }
  for (const [key, value] of Object.entries(top)) {
    if (overlayGroup(key) !== undefined) out[key] = value;
  }
  return out;
}
