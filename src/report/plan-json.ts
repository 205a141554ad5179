import type { HealthCheckConfig, ResourceRecordSet } from "@aws-sdk/client-route-53";
import type { HoldKind, Plan, PolicySwitch, RecordChange, Takeover, TakeoverHow } from "../model/changes.js";
import { type HealthCheckKind, healthCheckKindOf } from "../model/health-check.js";
import type { HealthCheckBasis } from "../model/health-check-basis.js";
import type { PolicyWish } from "../model/policy-wish.js";
import { type Problem, problemMessage } from "../model/problem.js";
import type { RecordSet } from "../model/record-set.js";
import { formatGeoLocation, formatGeoProximityPlace } from "../model/routing-policy.js";
import { formatSourceRef, type SourceRef } from "../model/source-ref.js";
import { toHealthCheckConfig, toResourceRecordSet } from "../route53/to-route53.js";
import { describeHealthCheckBasis, describePolicySwitch, summarize } from "./describe.js";
import type { PlanRenderOptions } from "./render-options.js";
import type { StrictFindingKind } from "./strict-verdict.js";

/**
 * The `--output json` document, version 1. This is a stable interface that CI scripts parse:
 * fields are only ever added, never renamed or removed, without bumping `version`.
 * docs/plan-output.md documents every field.
 */
export interface PlanJson {
  version: 1;
  clusterName: string;
  changes: PlanJsonChange[];
  healthChecks: PlanJsonHealthCheck[];
  /** `problem` (added in 0.3, format v1): the reason as data; `reason` words it. */
  skipped: { source: string; hostname: string | null; reason: string; problem: PlanJsonProblem }[];
  summary: { create: number; update: number; delete: number; skipped: number };
  /** Changes the planner withheld (`--max-deletions`, `--policy`), with the reason; never applied. */
  heldBack: (PlanJsonChange & { reason: string; kind: HoldKind })[];
  /** Health checks this owner has after the plan, against the account quota. */
  healthCheckUsage: { owned: number; quota: number };
  /** Contested members and untrusted ownership records that concern this owner (added in 0.2, format v1). */
  conflicts: PlanJsonConflict[];
  /** Policy switches this owner wants at shared names, and where each stands (added in 0.4, format v1). */
  policySwitches: PlanJsonPolicySwitch[];
  /** Members taken over from external-dns (added in 0.4, format v1); empty without the flag. */
  takeovers: PlanJsonTakeover[];
  /**
   * Added in 0.4 (format v1), only under `plan --strict`: whether the plan passes, and every finding
   * that fails it (report/strict-verdict.ts says which problems count).
   */
  strict?: { passed: boolean; findings: { kind: StrictFindingKind; text: string }[] };
}

/** A policy as an ownership record's wish spells it: `{ "policy": "latency", "region": "eu-west-2" }`. */
export type PlanJsonWish = { policy: PolicyWish["kind"] } & Record<string, string | number>;

/** A policy switch at one name and type (docs/plan-output.md). */
export interface PlanJsonPolicySwitch {
  zoneId: string;
  zoneName: string;
  name: string;
  type: string;
  from: PolicySwitch["from"];
  to: PlanJsonWish;
  state: PolicySwitch["state"];
  members: { setIdentifier: string; owner: string | null; wants: PlanJsonWish | null; ready: boolean }[];
  blockedBy: string | null;
  reason: string;
  source: string | null;
}

/** One member taken over from external-dns's TXT registry (`--adopt-external-dns-owner`). */
export interface PlanJsonTakeover {
  zoneId: string;
  zoneName: string;
  how: TakeoverHow;
  /** The member as this owner writes it. */
  recordSet: ResourceRecordSet;
  /** The member as it is now (external-dns's). */
  current: ResourceRecordSet;
  externalDns: { owner: string; resource: string | null; records: ResourceRecordSet[] };
  source: string | null;
}

/** A member two ownership records claim, or an ownership record that cannot be trusted: never changed. */
export interface PlanJsonConflict {
  zoneId: string;
  zoneName: string;
  name: string;
  type: string;
  setIdentifier: string | null;
  claims: { record: string; owner: string; source: string | null }[];
  reason: string;
  /** Added in 0.3 (format v1): the reason as data. */
  problem: PlanJsonProblem;
}

/**
 * A {@link Problem} as JSON: its `kind` and fields, with every object reference spelled as `source`
 * strings are (`<group>/<Kind> <namespace>/<name>`). docs/plan-output.md lists the kinds.
 */
export type PlanJsonProblem = { kind: Problem["kind"] } & Record<string, unknown>;

/** One record-set change, with the record set spelled as the AWS SDK types it. */
export interface PlanJsonChange {
  zoneId: string;
  zoneName: string;
  action: RecordChange["action"];
  purpose: RecordChange["purpose"];
  recordSet: ResourceRecordSet;
  /** `<group>/<Kind> <namespace>/<name>`; null when the object is unknown (a deleted object's orphan). */
  source: string | null;
  /** Only on a policy switch's changes to another owner's records: that owner (added in 0.4, format v1). */
  onBehalfOf?: string;
  /**
   * Added in 0.4 (format v1), present only on the changes of a takeover: the external-dns owner, and
   * whether the change deletes one of external-dns's registry TXTs.
   */
  takeover?: { owner: string; externalDnsRegistry: boolean };
}

/** One health-check change, with the settings spelled as the AWS SDK's `HealthCheckConfig`. */
export interface PlanJsonHealthCheck {
  action: "CREATE" | "UPDATE" | "DELETE";
  callerReference: string;
  id?: string;
  config: HealthCheckConfig;
  for: string;
  /**
   * Added in 0.4 (format v1), on a member's CREATE or UPDATE: which default chose the settings
   * (`gateway-readiness`, `traffic-port` or `annotations`) and, in words, why.
   */
  basis?: { kind: HealthCheckBasis["kind"]; ipAddress: boolean; text: string };
  /**
   * `member` (a member's own check), `cluster` (the `--cluster-health-check`) or `calculated` (a
   * member's CALCULATED check over both), from the check's `route53-gslb/kind` tag.
   */
  kind: HealthCheckKind;
}

/** Build the version-1 JSON document of a plan (pure; keys in the documented order). */
export function planToJson(plan: Plan, options: PlanRenderOptions = {}): PlanJson {
  const json: PlanJson = {
    version: 1,
    clusterName: plan.clusterName,
    changes: plan.changes.map(changeToJson),
    healthChecks: plan.healthChecks.map((hc) => ({
      action: hc.action,
      callerReference: hc.callerReference,
      ...(hc.id !== undefined ? { id: hc.id } : {}),
      config: inKeyOrder(toHealthCheckConfig(hc.spec), HEALTH_CHECK_CONFIG_KEYS),
      for: hc.for,
      ...(hc.basis
        ? {
            basis: {
              kind: hc.basis.kind,
              ipAddress: hc.basis.ipAddress === true,
              text: describeHealthCheckBasis(hc.basis),
            },
          }
        : {}),
      kind: healthCheckKindOf(hc),
    })),
    skipped: plan.skipped.map((s) => ({
      source: formatSourceRef(s.source),
      hostname: s.hostname ?? null,
      reason: problemMessage(s.problem),
      problem: problemToJson(s.problem),
    })),
    summary: summarize(plan),
    heldBack: plan.heldBack.map((h) => ({ ...changeToJson(h.change), reason: h.reason, kind: h.kind })),
    healthCheckUsage: { owned: plan.healthCheckUsage.owned, quota: plan.healthCheckUsage.quota },
    conflicts: plan.conflicts.map((c) => ({
      zoneId: c.zoneId,
      zoneName: c.zoneName,
      name: c.name,
      type: c.type,
      setIdentifier: c.setIdentifier ?? null,
      claims: c.claims.map((k) => ({ record: k.record, owner: k.owner, source: sourceText(k.source) })),
      reason: problemMessage(c.problem),
      problem: problemToJson(c.problem),
    })),
    policySwitches: plan.policySwitches.map(policySwitchToJson),
    takeovers: (plan.takeovers ?? []).map(takeoverToJson),
  };
  if (options.strict) {
    const findings = options.strict.findings.map((f) => ({ kind: f.kind, text: f.text }));
    json.strict = { passed: findings.length === 0, findings };
  }
  return json;
}

function takeoverToJson(t: Takeover): PlanJsonTakeover {
  return {
    zoneId: t.zoneId,
    zoneName: t.zoneName,
    how: t.how,
    recordSet: recordSetToJson(t.desired),
    current: recordSetToJson(t.current),
    externalDns: {
      owner: t.externalDns.owner,
      resource: t.externalDns.resource ?? null,
      records: t.externalDns.records.map(recordSetToJson),
    },
    source: sourceText(t.source),
  };
}

function policySwitchToJson(s: PolicySwitch): PlanJsonPolicySwitch {
  return {
    zoneId: s.zoneId,
    zoneName: s.zoneName,
    name: s.name,
    type: s.type,
    from: s.from,
    to: wishToJson(s.to),
    state: s.state,
    members: s.members.map((m) => ({
      setIdentifier: m.setIdentifier,
      owner: m.owner ?? null,
      wants: m.wants ? wishToJson(m.wants) : null,
      ready: m.ready,
    })),
    blockedBy: s.blockedBy ?? null,
    reason: describePolicySwitch(s),
    source: sourceText(s.source),
  };
}

/** The keys an ownership record's wish uses (plan/ownership-wish.ts), a weight as a number. */
export function wishToJson(wish: PolicyWish): PlanJsonWish {
  switch (wish.kind) {
    case "weighted":
      return { policy: wish.kind, weight: wish.weight };
    case "latency":
      return { policy: wish.kind, region: wish.region };
    case "failover":
      return { policy: wish.kind, failover: wish.role };
    case "geolocation":
      return { policy: wish.kind, location: formatGeoLocation(wish.location) };
    case "multivalue":
      return { policy: wish.kind };
    case "geoproximity":
      return { policy: wish.kind, proximity: formatGeoProximityPlace(wish.place), bias: wish.bias };
  }
}

/**
 * `--output json`: 2-space indentation and a trailing newline. The same plan always gives the same
 * bytes — key order is fixed here and list order is the planner's, which is deterministic.
 */
export function renderPlanJson(plan: Plan, options: PlanRenderOptions = {}): string {
  return `${JSON.stringify(planToJson(plan, options), null, 2)}\n`;
}

/** A problem's fields in JSON, object references as `source` strings (they keep their key order). */
export function problemToJson(p: Problem): PlanJsonProblem {
  switch (p.kind) {
    case "opted-out":
    case "invalid-annotation": {
      const { inheritedFrom, ...rest } = p;
      return inheritedFrom ? { ...rest, inheritedFrom: formatSourceRef(inheritedFrom) } : rest;
    }
    case "conflict":
      return { kind: p.kind, winner: formatSourceRef(p.winner), claimants: p.claimants.map(formatSourceRef) };
    case "contested":
      return { ...p, claims: p.claims.map((c) => ({ ...c, source: sourceText(c.source) })) };
    default:
      return { ...p };
  }
}

function sourceText(source: SourceRef | undefined): string | null {
  return source ? formatSourceRef(source) : null;
}

function changeToJson(change: RecordChange): PlanJsonChange {
  return {
    zoneId: change.zoneId,
    zoneName: change.zoneName,
    action: change.action,
    purpose: change.purpose,
    recordSet: recordSetToJson(change.record),
    source: sourceText(change.source),
    ...(change.onBehalfOf === undefined ? {} : { onBehalfOf: change.onBehalfOf }),
    ...(change.takeover
      ? { takeover: { owner: change.takeover.owner, externalDnsRegistry: change.takeover.registry } }
      : {}),
  };
}

// The SDK's member order (models_0.d.ts), so the JSON reads like `aws route53 list-resource-record-sets`
// and does not depend on the order in which a mapping happens to assign fields.
const RECORD_SET_KEYS = [
  "Name",
  "Type",
  "SetIdentifier",
  "Weight",
  "Region",
  "GeoLocation",
  "Failover",
  "MultiValueAnswer",
  "TTL",
  "ResourceRecords",
  "AliasTarget",
  "HealthCheckId",
  "TrafficPolicyInstanceId",
  "CidrRoutingConfig",
  "GeoProximityLocation",
];
const ALIAS_TARGET_KEYS = ["HostedZoneId", "DNSName", "EvaluateTargetHealth"];
const GEO_LOCATION_KEYS = ["ContinentCode", "CountryCode", "SubdivisionCode"];
const GEO_PROXIMITY_KEYS = ["AWSRegion", "LocalZoneGroup", "Coordinates", "Bias"];
const COORDINATES_KEYS = ["Latitude", "Longitude"];
const HEALTH_CHECK_CONFIG_KEYS = [
  "IPAddress",
  "Port",
  "Type",
  "ResourcePath",
  "FullyQualifiedDomainName",
  "SearchString",
  "RequestInterval",
  "FailureThreshold",
  "MeasureLatency",
  "Inverted",
  "Disabled",
  "HealthThreshold",
  "ChildHealthChecks",
  "EnableSNI",
  "Regions",
  "AlarmIdentifier",
  "InsufficientDataHealthStatus",
  "RoutingControlArn",
];

/** A record set as the AWS SDK spells it, keys in the SDK's order (shared with the status JSON). */
export function recordSetToJson(record: RecordSet): ResourceRecordSet {
  return recordSetInKeyOrder(toResourceRecordSet(record));
}

function recordSetInKeyOrder(rrs: ResourceRecordSet): ResourceRecordSet {
  const out = inKeyOrder(rrs, RECORD_SET_KEYS);
  if (out.AliasTarget) out.AliasTarget = inKeyOrder(out.AliasTarget, ALIAS_TARGET_KEYS);
  if (out.GeoLocation) out.GeoLocation = inKeyOrder(out.GeoLocation, GEO_LOCATION_KEYS);
  if (out.GeoProximityLocation) {
    const g = inKeyOrder(out.GeoProximityLocation, GEO_PROXIMITY_KEYS);
    if (g.Coordinates) g.Coordinates = inKeyOrder(g.Coordinates, COORDINATES_KEYS);
    out.GeoProximityLocation = g;
  }
  return out;
}

/** A copy with `keys` first in the given order, then any other keys sorted; undefined values dropped. */
function inKeyOrder<T extends object>(value: T, keys: readonly string[]): T {
  const source = value as Record<string, unknown>;
  const rest = Object.keys(source)
    .filter((k) => !keys.includes(k))
    .sort();
  const out: Record<string, unknown> = {};
  for (const key of [...keys, ...rest]) if (source[key] !== undefined) out[key] = source[key];
  return out as T;
}
