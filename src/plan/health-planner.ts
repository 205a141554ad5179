import { canonicalAddress } from "../model/address.js";
import type { HealthCheckChange } from "../model/changes.js";
import type { HealthCheckSettings } from "../model/endpoint.js";
import {
  type AnyHealthCheckSpec,
  HEALTH_CHECK_TAGS,
  type HealthCheck,
  type HealthCheckSpec,
  healthCheckKindOf,
  isCalculated,
} from "../model/health-check.js";
import { displayName } from "../model/hostname.js";
import { stableHash } from "./stable-hash.js";

/** Defaults of DESIGN.md: HTTPS on 443, `/healthz`, every 30 s, 3 failures. */
export const HEALTH_CHECK_DEFAULTS = {
  protocol: "HTTPS",
  path: "/healthz",
  interval: 30,
  failureThreshold: 3,
} as const;

/** The health-check spec for a member, from its annotations and the endpoint Route 53 should call. */
export function healthCheckSpec(settings: HealthCheckSettings, endpointFqdn: string): HealthCheckSpec {
  const protocol = settings.protocol ?? HEALTH_CHECK_DEFAULTS.protocol;
  const port = settings.port ?? (protocol === "HTTP" ? 80 : 443);
  const fqdn = canonicalAddress(displayName(settings.host ?? endpointFqdn).toLowerCase());
  const base = {
    fqdn,
    port,
    requestInterval: settings.interval ?? HEALTH_CHECK_DEFAULTS.interval,
    failureThreshold: settings.failureThreshold ?? HEALTH_CHECK_DEFAULTS.failureThreshold,
    regions: [...(settings.regions ?? [])].sort(),
  };
  if (protocol === "TCP") return { type: "TCP", ...base, enableSni: false };
  const match = settings.searchString !== undefined;
  const type: HealthCheckSpec["type"] =
    protocol === "HTTP" ? (match ? "HTTP_STR_MATCH" : "HTTP") : match ? "HTTPS_STR_MATCH" : "HTTPS";
  return {
    type,
    ...base,
    resourcePath: settings.path ?? HEALTH_CHECK_DEFAULTS.path,
    ...(match ? { searchString: settings.searchString } : {}),
    enableSni: protocol === "HTTPS",
  };
}

/** Who a health check is for: it is shared by the A and AAAA records of one member. */
export interface HealthCheckOwner {
  ownerId: string;
  clusterName: string;
  hostname: string;
  setIdentifier: string;
  /** UID of the source object: a re-created object gets a fresh CallerReference (see callerReference). */
  sourceUid?: string;
}

export function healthCheckTags(who: HealthCheckOwner): Record<string, string> {
  return {
    [HEALTH_CHECK_TAGS.owner]: who.ownerId,
    [HEALTH_CHECK_TAGS.cluster]: who.clusterName,
    [HEALTH_CHECK_TAGS.hostname]: displayName(who.hostname),
    [HEALTH_CHECK_TAGS.setIdentifier]: who.setIdentifier,
    [HEALTH_CHECK_TAGS.name]: healthCheckNameTag(displayName(who.hostname), who.setIdentifier),
  };
}

/** Route 53's longest tag value, in characters. */
export const MAX_TAG_VALUE = 256;

/**
 * The console's `Name` of a member's check: `host (detail)`, the detail being its set identifier (and
 * what a CALCULATED check combines). A 253-character hostname and a 128-character set identifier make
 * more than a tag value may hold, and Route 53 would refuse the tags (the check would exist untagged,
 * and be found again only by its CallerReference), so the hostname's start gives way: its end and the
 * detail are what tell checks apart in the list. The full values are in their own tags.
 */
export function healthCheckNameTag(host: string, detail: string): string {
  const suffix = ` (${detail})`;
  const hostChars = Array.from(host);
  const room = MAX_TAG_VALUE - Array.from(suffix).length;
  if (hostChars.length <= room) return `${host}${suffix}`;
  return `…${hostChars.slice(hostChars.length - (room - 1)).join("")}${suffix}`;
}

/**
 * Deterministic `CallerReference` (≤ 64 characters): a retried CreateHealthCheck with the same
 * reference and settings returns the existing check instead of making a second one. Route 53 never
 * accepts a reference again once its check was deleted, so the reference covers the full settings and
 * the source object's UID: a re-created object, or other settings, get a new reference. The same
 * member wanted again with the same settings gets the same (burnt) one — this function is pure and
 * cannot know about the deletion; the applier then moves on to `<reference>-2`, `-3`, ...
 * (health/health-checks.ts `nthCallerReference`).
 */
export function callerReference(who: HealthCheckOwner, spec: AnyHealthCheckSpec): string {
  const identity = [who.ownerId, who.hostname, who.setIdentifier, who.sourceUid ?? "", JSON.stringify(spec)];
  return `r53gslb-${stableHash(identity.join("\n"))}`;
}

/** The key that finds our existing health check for a member, from its tags. */
export function healthCheckKey(ownerId: string, hostname: string, setIdentifier: string): string {
  return `${ownerId}|${displayName(hostname)}|${setIdentifier}`;
}

/**
 * Index our existing health checks of one kind (members' own by default) by owner/hostname/set
 * identifier (adoption after a restart by tags).
 */
export function indexOwnedHealthChecks(
  checks: HealthCheck[],
  ownerId: string,
  kind: "member" | "calculated" = "member",
): Map<string, HealthCheck[]> {
  const index = new Map<string, HealthCheck[]>();
  for (const check of checks) {
    if (check.tags[HEALTH_CHECK_TAGS.owner] !== ownerId || healthCheckKindOf(check) !== kind) continue;
    const key = healthCheckKey(
      ownerId,
      check.tags[HEALTH_CHECK_TAGS.hostname] ?? "",
      check.tags[HEALTH_CHECK_TAGS.setIdentifier] ?? "",
    );
    index.set(
      key,
      [...(index.get(key) ?? []), check].sort((x, y) => x.id.localeCompare(y.id)),
    );
  }
  return index;
}

/**
 * Fields Route 53 cannot change on an existing check: a change to one of them needs a new check.
 * A CALCULATED check's children and threshold can be updated in place.
 */
export function needsReplacement(current: AnyHealthCheckSpec, desired: AnyHealthCheckSpec): boolean {
  if (isCalculated(current) || isCalculated(desired)) return current.type !== desired.type;
  return current.type !== desired.type || current.requestInterval !== desired.requestInterval;
}

export function sameSpec(a: AnyHealthCheckSpec, b: AnyHealthCheckSpec): boolean {
  if (isCalculated(a) || isCalculated(b)) {
    // Route 53 may list the children in another order than they were sent: a set, compared as one.
    return (
      isCalculated(a) &&
      isCalculated(b) &&
      a.healthThreshold === b.healthThreshold &&
      (a.inverted ?? false) === (b.inverted ?? false) &&
      [...a.children].sort().join(",") === [...b.children].sort().join(",")
    );
  }
  return (
    a.type === b.type &&
    a.fqdn === b.fqdn &&
    a.port === b.port &&
    (a.resourcePath ?? "") === (b.resourcePath ?? "") &&
    (a.searchString ?? "") === (b.searchString ?? "") &&
    a.requestInterval === b.requestInterval &&
    a.failureThreshold === b.failureThreshold &&
    a.enableSni === b.enableSni &&
    (a.inverted ?? false) === (b.inverted ?? false) &&
    [...a.regions].sort().join(",") === [...b.regions].sort().join(",")
  );
}

/** The result of planning one member's health check. */
export interface PlannedHealthCheck {
  /** The id the record should carry: an existing id or a placeholder for a check to be created. */
  changes: HealthCheckChange[];
  /** The existing check kept or updated, if any. */
  keep?: HealthCheck;
  /** The new check's caller reference, when one is created. */
  create?: string;
}

/**
 * Decide what happens to a member's health check: keep, update in place (with the version Route 53
 * must still have), or replace when `Type` or `RequestInterval` changed. Extra checks found for the
 * same member (a crash between two steps) are left to the caller's sweep, which deletes every owned
 * check no remaining record refers to.
 */
export function planHealthCheck(
  who: HealthCheckOwner,
  spec: AnyHealthCheckSpec,
  existing: HealthCheck[],
  forRecord: string,
  /** A CALCULATED check's own tags and reference (plan/cluster-health.ts); a member's by default. */
  as: { tags?: Record<string, string>; callerReference?: string } = {},
): PlannedHealthCheck {
  const tags = as.tags ?? healthCheckTags(who);
  const exact = existing.find((c) => sameSpec(c.spec, spec));
  if (exact) return { changes: [], keep: exact };
  const updatable = existing.find((c) => !needsReplacement(c.spec, spec));
  if (updatable) {
    return {
      keep: updatable,
      changes: [
        {
          action: "UPDATE",
          callerReference: updatable.callerReference,
          id: updatable.id,
          spec,
          tags,
          for: forRecord,
          version: updatable.version,
        },
      ],
    };
  }
  const ref = as.callerReference ?? callerReference(who, spec);
  return { create: ref, changes: [{ action: "CREATE", callerReference: ref, spec, tags, for: forRecord }] };
}
