import type {
  HealthCheckConfig,
  ResourceRecordSet,
  GeoLocation as SdkGeoLocation,
  GeoProximityLocation as SdkGeoProximityLocation,
  HealthCheck as SdkHealthCheck,
  HostedZone as SdkHostedZone,
  Tag,
} from "@aws-sdk/client-route-53";
import { canonicalAddress } from "../model/address.js";
import type { AnyHealthCheckSpec, HealthCheck, HealthCheckSpec } from "../model/health-check.js";
import type { RecordSet } from "../model/record-set.js";
import { err, ok, type Result } from "../model/result.js";
import type { GeoLocation, GeoProximityPlace, RoutingPolicy } from "../model/routing-policy.js";
import type { Target } from "../model/target.js";
import { bareZoneId, type HostedZone } from "../model/zone.js";
import { fromRoute53Name } from "./names.js";

/*
 * Route 53 (SDK types) → model. Pure. Route 53 data is never rejected for being something the
 * controller does not write: MX, NS, SOA, SRV… keep their type and values, CIDR members (and a
 * geoproximity member that names no place or several) become `{ kind: "other" }`, so the planner sees
 * every record it must leave alone.
 * A Result error is returned only when a field the model needs is missing (a name, a type, the set
 * identifier of a routing policy), which Route 53 itself never returns but a hand-written snapshot may.
 */

/** Map one resource record set. Names are decoded (`\052` → `*`), lowercased and made absolute. */
export function fromResourceRecordSet(rrs: ResourceRecordSet): Result<RecordSet, string> {
  if (!rrs.Name) return err("record set has no Name");
  if (!rrs.Type) return err(`record set \`${rrs.Name}\` has no Type`);
  const policy = routingPolicyOf(rrs);
  if (!policy.ok) return err(`record set \`${rrs.Name}\` ${rrs.Type}: ${policy.error}`);
  const record: RecordSet = {
    name: fromRoute53Name(rrs.Name),
    type: rrs.Type,
    policy: policy.value,
    target: targetOf(rrs),
  };
  if (rrs.HealthCheckId) record.healthCheckId = rrs.HealthCheckId;
  return ok(record);
}

/**
 * The routing policy a record set's fields describe. Route 53 allows exactly one policy field per
 * member, and requires `SetIdentifier` with each; a member of a policy the controller never writes
 * (CIDR, an unknown failover value, a geoproximity location without exactly one place) is read as
 * `other`.
 */
export function routingPolicyOf(rrs: ResourceRecordSet): Result<RoutingPolicy, string> {
  const setIdentifier = rrs.SetIdentifier;
  const kind = policyKind(rrs);
  if (kind === "simple") {
    // A SetIdentifier with no policy field is not valid in Route 53; keep the member visible as `other`.
    return ok(
      setIdentifier === undefined
        ? { kind: "simple" }
        : { kind: "other", setIdentifier, description: "set identifier without a routing policy" },
    );
  }
  if (setIdentifier === undefined) return err(`has a ${kind} routing policy but no SetIdentifier`);
  switch (kind) {
    case "cidr": {
      const c = rrs.CidrRoutingConfig;
      return ok({
        kind: "other",
        setIdentifier,
        description: `cidr ${c?.CollectionId ?? ""}/${c?.LocationName ?? ""}`,
      });
    }
    case "geoproximity": {
      const g = rrs.GeoProximityLocation ?? {};
      const place = geoProximityPlaceOf(g);
      return place
        ? ok({ kind: "geoproximity", setIdentifier, place, bias: g.Bias ?? 0 })
        : ok({ kind: "other", setIdentifier, description: `geoproximity ${describeProximity(rrs)}` });
    }
    case "failover":
      return rrs.Failover === "PRIMARY" || rrs.Failover === "SECONDARY"
        ? ok({ kind: "failover", setIdentifier, role: rrs.Failover })
        : ok({ kind: "other", setIdentifier, description: `failover ${String(rrs.Failover)}` });
    case "weighted":
      return ok({ kind: "weighted", setIdentifier, weight: rrs.Weight ?? 0 });
    case "latency":
      return ok({ kind: "latency", setIdentifier, region: rrs.Region ?? "" });
    case "geolocation":
      return ok({ kind: "geolocation", setIdentifier, location: fromGeoLocation(rrs.GeoLocation ?? {}) });
    case "multivalue":
      return ok({ kind: "multivalue", setIdentifier });
  }
}

type PolicyField =
  | "simple"
  | "cidr"
  | "geoproximity"
  | "failover"
  | "weighted"
  | "latency"
  | "geolocation"
  | "multivalue";

function policyKind(rrs: ResourceRecordSet): PolicyField {
  if (rrs.CidrRoutingConfig) return "cidr";
  if (rrs.GeoProximityLocation) return "geoproximity";
  if (rrs.Failover !== undefined) return "failover";
  if (rrs.Weight !== undefined) return "weighted";
  if (rrs.Region !== undefined) return "latency";
  if (rrs.GeoLocation) return "geolocation";
  if (rrs.MultiValueAnswer === true) return "multivalue";
  return "simple";
}

/** The one place a location names; undefined when it names none or several (Route 53 allows one). */
function geoProximityPlaceOf(g: SdkGeoProximityLocation): GeoProximityPlace | undefined {
  const places: GeoProximityPlace[] = [];
  if (g.AWSRegion !== undefined) places.push({ kind: "region", region: g.AWSRegion });
  if (g.LocalZoneGroup !== undefined) places.push({ kind: "local-zone-group", group: g.LocalZoneGroup });
  if (g.Coordinates !== undefined) {
    places.push({
      kind: "coordinates",
      latitude: g.Coordinates.Latitude ?? "",
      longitude: g.Coordinates.Longitude ?? "",
    });
  }
  return places.length === 1 ? places[0] : undefined;
}

function describeProximity(rrs: ResourceRecordSet): string {
  const g = rrs.GeoProximityLocation ?? {};
  const where =
    g.AWSRegion ??
    g.LocalZoneGroup ??
    (g.Coordinates ? `${g.Coordinates.Latitude},${g.Coordinates.Longitude}` : "");
  return g.Bias === undefined ? where : `${where} bias=${g.Bias}`;
}

/** Only the fields that are set, so `{ CountryCode: "*" }` stays the default location. */
export function fromGeoLocation(g: SdkGeoLocation): GeoLocation {
  const out: GeoLocation = {};
  if (g.ContinentCode !== undefined) out.continentCode = g.ContinentCode;
  if (g.CountryCode !== undefined) out.countryCode = g.CountryCode;
  if (g.SubdivisionCode !== undefined) out.subdivisionCode = g.SubdivisionCode;
  return out;
}

/**
 * An alias target (DNS name lowercased and absolute, `EvaluateTargetHealth` false when absent, as
 * Route 53 defaults it), or the resource record values verbatim — TXT values keep their quotes and
 * spaces, since their spelling is what Route 53 compares. A value record without a TTL (a traffic
 * policy instance's record) reads as TTL 0.
 */
function targetOf(rrs: ResourceRecordSet): Target {
  const alias = rrs.AliasTarget;
  if (alias) {
    return {
      kind: "alias",
      dnsName: fromRoute53Name(alias.DNSName ?? ""),
      hostedZoneId: alias.HostedZoneId ?? "",
      evaluateTargetHealth: alias.EvaluateTargetHealth ?? false,
    };
  }
  return {
    kind: "values",
    values: (rrs.ResourceRecords ?? []).map((r) => r.Value ?? ""),
    ttl: rrs.TTL ?? 0,
  };
}

/** A hosted zone (id without `/hostedzone/`, name decoded) with the records already mapped. */
export function fromHostedZone(zone: SdkHostedZone, records: RecordSet[]): Result<HostedZone, string> {
  if (!zone.Id) return err("hosted zone has no Id");
  if (!zone.Name) return err(`hosted zone ${zone.Id} has no Name`);
  return ok({
    id: bareZoneId(zone.Id),
    name: fromRoute53Name(zone.Name),
    private: zone.Config?.PrivateZone ?? false,
    records,
  });
}

const MANAGED_CHECK_TYPES = ["HTTP", "HTTPS", "HTTP_STR_MATCH", "HTTPS_STR_MATCH", "TCP"] as const;

/**
 * A health check's settings in the model's spelling: the endpoint checks (the five types the
 * controller creates) and CALCULATED checks (its cluster-check wrappers, and anyone's) map;
 * CLOUDWATCH_METRIC, RECOVERY_CONTROL and types unknown today give an error, and callers that list an
 * account's checks skip them — they can never be the controller's.
 * The FQDN is lowercased without its trailing dot, as the planner spells it; a check that calls an IP
 * address keeps the address in `fqdn` (to-route53 sends it back as `IPAddress`).
 */
export function fromHealthCheckConfig(config: HealthCheckConfig): Result<AnyHealthCheckSpec, string> {
  if (config.Type === "CALCULATED") return ok(fromCalculatedConfig(config));
  return fromEndpointConfig(config);
}

/**
 * Children in the order Route 53 lists them; a threshold Route 53 omits reads as every child (what
 * an AND of them means), though Route 53 requires one on create.
 */
function fromCalculatedConfig(config: HealthCheckConfig): AnyHealthCheckSpec {
  const children = [...(config.ChildHealthChecks ?? [])];
  return {
    type: "CALCULATED",
    children,
    healthThreshold: config.HealthThreshold ?? children.length,
    ...(config.Inverted === true ? { inverted: true as const } : {}),
  };
}

function fromEndpointConfig(config: HealthCheckConfig): Result<HealthCheckSpec, string> {
  const type = MANAGED_CHECK_TYPES.find((t) => t === config.Type);
  if (!type) return err(`health check type ${String(config.Type)} is not an endpoint check`);
  const fqdn = canonicalAddress(
    (config.FullyQualifiedDomainName ?? config.IPAddress ?? "").toLowerCase().replace(/\.$/, ""),
  );
  if (fqdn === "") return err("health check has neither FullyQualifiedDomainName nor IPAddress");
  const interval = config.RequestInterval ?? 30;
  if (interval !== 10 && interval !== 30)
    return err(`health check RequestInterval ${interval} is not 10 or 30`);
  const spec: HealthCheckSpec = {
    type,
    fqdn,
    // Route 53's defaults when Port is omitted: 80 for HTTP, 443 for HTTPS (TCP requires it).
    port: config.Port ?? (type.startsWith("HTTPS") ? 443 : 80),
    requestInterval: interval,
    failureThreshold: config.FailureThreshold ?? 3,
    regions: [...(config.Regions ?? [])],
    enableSni: config.EnableSNI ?? false,
  };
  if (config.ResourcePath !== undefined) spec.resourcePath = config.ResourcePath;
  if (config.SearchString !== undefined) spec.searchString = config.SearchString;
  if (config.Inverted === true) spec.inverted = true;
  return ok(spec);
}

/** A health check with its tags (from `ListTagsForResources`); tags without a value read as "". */
export function fromHealthCheck(check: SdkHealthCheck, tags: Tag[] = []): Result<HealthCheck, string> {
  if (!check.Id) return err("health check has no Id");
  if (!check.HealthCheckConfig) return err(`health check ${check.Id} has no HealthCheckConfig`);
  const spec = fromHealthCheckConfig(check.HealthCheckConfig);
  if (!spec.ok) return err(`health check ${check.Id}: ${spec.error}`);
  return ok({
    id: check.Id,
    callerReference: check.CallerReference ?? "",
    version: check.HealthCheckVersion ?? 1,
    spec: spec.value,
    tags: fromTags(tags),
  });
}

/** Route 53 tags as a map; a repeated key keeps its last value, as Route 53 would after an update. */
export function fromTags(tags: Tag[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of tags) if (t.Key !== undefined) out[t.Key] = t.Value ?? "";
  return out;
}
