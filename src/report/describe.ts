import type {
  ChangeAction,
  HealthCheckAction,
  HealthCheckChange,
  Plan,
  PolicySwitch,
  RecordChange,
  Takeover,
} from "../model/changes.js";
import { pendingCallerReference } from "../model/changes.js";
import { GATEWAY_STATUS_PORT } from "../model/gateway-service.js";
import {
  type AnyHealthCheckSpec,
  HEALTH_CHECK_TAGS,
  healthCheckKindOf,
  isCalculated,
} from "../model/health-check.js";
import type { HealthCheckBasis } from "../model/health-check-basis.js";
import { displayName } from "../model/hostname.js";
import { describeWish } from "../model/policy-wish.js";
import type { RecordSet } from "../model/record-set.js";
import { formatGeoLocation, formatGeoProximityPlace, type RoutingPolicy } from "../model/routing-policy.js";
import { formatSourceRef, type Skipped } from "../model/source-ref.js";
import type { Target } from "../model/target.js";
import { ANNOTATION_PREFIX, HEALTH_CHECK_SETTING_KEYS } from "../sources/annotation-keys.js";

/*
 * Pieces of plan output shared by the text, markdown and JSON reports, so that the three formats never
 * disagree on what a change is called or how it is counted.
 */

/** The counts printed as `Plan: N to create, N to update, N to delete, N skipped.` */
export interface PlanSummary {
  create: number;
  update: number;
  delete: number;
  skipped: number;
}

/**
 * Count the plan by action, as Route 53 will see it: every record change (ownership TXTs included,
 * they are real writes) and every health-check change counts once. A replacement (DELETE + CREATE of
 * one member) therefore counts as one delete and one create — the honest count of what is sent,
 * never a guess at what a reader would call "an update". Held-back changes are not counted.
 */
export function summarize(plan: Plan): PlanSummary {
  const summary: PlanSummary = { create: 0, update: 0, delete: 0, skipped: plan.skipped.length };
  for (const change of plan.changes) summary[bucketOf(change.action)]++;
  for (const check of plan.healthChecks) summary[bucketOf(check.action)]++;
  return summary;
}

function bucketOf(action: ChangeAction | HealthCheckAction): "create" | "update" | "delete" {
  if (action === "CREATE") return "create";
  if (action === "DELETE") return "delete";
  return "update";
}

/** True when applying the plan would write anything (`--detailed-exitcode` exits 2). */
export function hasChanges(plan: Plan): boolean {
  return plan.changes.length > 0 || plan.healthChecks.length > 0;
}

/** `Plan: 3 to create, 0 to update, 1 to delete, 2 skipped.` or `No changes.` (terraform's wording). */
export function summaryLine(plan: Plan): string {
  if (!hasChanges(plan)) {
    return plan.skipped.length > 0 ? `No changes. ${plan.skipped.length} skipped.` : "No changes.";
  }
  const s = summarize(plan);
  const line = `Plan: ${s.create} to create, ${s.update} to update, ${s.delete} to delete, ${s.skipped} skipped`;
  const taken = plan.takeovers?.length ?? 0;
  return taken === 0 ? `${line}.` : `${line}; ${taken} taken over from external-dns.`;
}

/** `>`: a member changing hands, as its own kind of change (terraform has none; `>` reads "moves to"). */
export const TAKEOVER_SYMBOL = ">";

/** What a takeover does to the member, in words: `in place, unchanged`, `converted from …`. */
export function describeTakeoverHow(t: Takeover): string {
  switch (t.how) {
    case "in-place":
      return "taken over in place, unchanged";
    case "update":
      return "taken over in place, updated (UPSERT)";
    case "conversion":
      return `taken over and converted from ${t.current.type} ${describePolicy(t.current.policy)} (DELETE + CREATE in one atomic request)`;
    case "cleanup":
      return "already this owner's; external-dns's leftover registry TXT removed";
  }
}

/** `external-dns owner `team-a` (ingress/default/web)`. */
export function describeTakeoverFrom(t: Takeover): string {
  const resource = t.externalDns.resource === undefined ? "" : ` (${t.externalDns.resource})`;
  return `external-dns owner \`${t.externalDns.owner}\`${resource}`;
}

/** Takeovers by the atomic group of their changes, so each is shown just before them. */
export function takeoversByGroup(plan: Plan): Map<string, Takeover[]> {
  const out = new Map<string, Takeover[]>();
  for (const t of plan.takeovers ?? []) {
    const key = `${t.zoneId}\n${t.group}`;
    out.set(key, [...(out.get(key) ?? []), t]);
  }
  return out;
}

/** The key {@link takeoversByGroup} files a change's takeovers under. */
export function groupKeyOf(change: Pick<RecordChange, "zoneId" | "group">): string {
  return `${change.zoneId}\n${change.group}`;
}

/** ` (ownership)`, ` (external-dns ownership)` or nothing: what kind of TXT a change writes. */
export function purposeNote(change: RecordChange): string {
  if (change.takeover?.registry) return " (external-dns ownership)";
  return change.purpose === "ownership" ? " (ownership)" : "";
}

/** terraform's markers: `+` create, `~` update in place, `-` delete. */
export function actionSymbol(action: ChangeAction | HealthCheckAction): "+" | "~" | "-" {
  if (action === "CREATE") return "+";
  if (action === "DELETE") return "-";
  return "~";
}

/** `weighted set=cluster-1 weight=50`, `failover set=cluster-1 PRIMARY`, `simple`. */
export function describePolicy(policy: RoutingPolicy): string {
  switch (policy.kind) {
    case "simple":
      return "simple";
    case "weighted":
      return `weighted set=${policy.setIdentifier} weight=${policy.weight}`;
    case "latency":
      return `latency set=${policy.setIdentifier} region=${policy.region}`;
    case "failover":
      return `failover set=${policy.setIdentifier} ${policy.role}`;
    case "geolocation":
      return `geolocation set=${policy.setIdentifier} location=${formatGeoLocation(policy.location)}`;
    case "multivalue":
      return `multivalue set=${policy.setIdentifier}`;
    case "geoproximity":
      return `geoproximity set=${policy.setIdentifier} ${formatGeoProximityPlace(policy.place)} bias=${policy.bias}`;
    case "other":
      return `${policy.description} set=${policy.setIdentifier}`;
  }
}

/** `alias k8s-….elb.eu-west-2.amazonaws.com (zone ZD4D7Y8KGAS4G, evaluate-target-health)` or `1.2.3.4, 5.6.7.8 ttl=60`. */
export function describeTarget(target: Target): string {
  if (target.kind === "alias") {
    const eth = target.evaluateTargetHealth ? ", evaluate-target-health" : "";
    return `alias ${displayName(target.dnsName)} (zone ${target.hostedZoneId}${eth})`;
  }
  return `${target.values.join(", ")} ttl=${target.ttl}`;
}

/** The health check a record refers to: an id, or the check this plan creates. */
export function describeRecordHealthCheck(record: RecordSet): string | undefined {
  if (record.healthCheckId === undefined) return undefined;
  const pending = pendingCallerReference(record.healthCheckId);
  return pending === undefined ? `health-check=${record.healthCheckId}` : `health-check=(new ${pending})`;
}

/** One line for a record change, without the action marker: name, type, policy, target, health check. */
export function describeRecord(record: RecordSet): string {
  const parts = [
    displayName(record.name),
    record.type,
    describePolicy(record.policy),
    "->",
    describeTarget(record.target),
  ];
  const hc = describeRecordHealthCheck(record);
  if (hc) parts.push(hc);
  return parts.join(" ");
}

/**
 * `HTTPS k8s-….amazonaws.com:443/healthz every 30s, 3 failures` — what Route 53 checkers will call;
 * `CALCULATED healthy when 2 of 2 are: 1111… and (new r53gslb-…)` — the children a CALCULATED check
 * combines, a child this plan creates named by its caller reference.
 */
export function describeHealthCheckSpec(spec: AnyHealthCheckSpec): string {
  if (isCalculated(spec)) {
    const children = spec.children.map(describeCheckId).join(" and ");
    return `CALCULATED healthy when ${spec.healthThreshold} of ${spec.children.length} are: ${children}${spec.inverted ? ", inverted" : ""}`;
  }
  const scheme = spec.type.startsWith("HTTPS") ? "https" : spec.type.startsWith("HTTP") ? "http" : "tcp";
  const path = spec.resourcePath ?? "";
  const match = spec.searchString !== undefined ? ` matching ${JSON.stringify(spec.searchString)}` : "";
  const regions = spec.regions.length > 0 ? ` from ${spec.regions.join(",")}` : "";
  return `${spec.type} ${scheme}://${spec.fqdn}:${spec.port}${path}${match} every ${spec.requestInterval}s, ${spec.failureThreshold} failures${regions}${spec.inverted ? ", inverted (drained)" : ""}`;
}

/** A health check id, or `(new <caller reference>)` for the check this plan creates. */
function describeCheckId(id: string): string {
  const pending = pendingCallerReference(id);
  return pending === undefined ? id : `(new ${pending})`;
}

/**
 * What a health-check change is for: `shop.example.com` (a member's own check),
 * `shop.example.com (member + cluster)` (its CALCULATED check) or `cluster cluster-1` (the
 * `--cluster-health-check`), from the check's kind tag.
 */
export function describeHealthCheckSubject(change: Pick<HealthCheckChange, "for" | "tags">): string {
  switch (healthCheckKindOf(change)) {
    case "cluster":
      return `cluster ${change.tags[HEALTH_CHECK_TAGS.cluster] ?? ""}`;
    case "calculated":
      return `${displayName(change.for)} (member + cluster)`;
    case "member":
      return displayName(change.for);
  }
}

/** One line for a health-check change, without the action marker. */
export function describeHealthCheckChange(change: HealthCheckChange): string {
  const id = change.id ? ` id=${change.id}` : "";
  const basis = change.basis ? `; ${describeHealthCheckBasis(change.basis)}` : "";
  return `for ${describeHealthCheckSubject(change)}: ${describeHealthCheckSpec(change.spec)} (caller reference ${change.callerReference}${id})${basis}`;
}

/**
 * Which default chose a check's settings, and why: `gateway readiness: Service
 * istio-system/istio-ingressgateway exposes status port 15021`, `traffic port default: Service
 * default/web exposes no status port 15021`, `annotations route53-gslb.io/health-check-port`.
 */
export function describeHealthCheckBasis(basis: HealthCheckBasis): string {
  const ip = basis.ipAddress ? ", IPAddress check on the target's IP" : "";
  const services = (names: string[]) => `Service${names.length > 1 ? "s" : ""} ${names.join(", ")}`;
  switch (basis.kind) {
    case "annotations":
      return `annotations ${basis.keys.map((k) => `${ANNOTATION_PREFIX}${HEALTH_CHECK_SETTING_KEYS[k]}`).join(", ")}${ip}`;
    case "gateway-readiness":
      return `gateway readiness: ${services(basis.services)} ${basis.services.length > 1 ? "expose" : "exposes"} status port ${basis.port}${ip}`;
    case "traffic-port": {
      const why =
        basis.why === "no-status-port"
          ? `${services(basis.services)} ${basis.services.length > 1 ? "do not all expose" : "exposes no"} status port ${GATEWAY_STATUS_PORT}`
          : basis.why === "target-annotation"
            ? `${ANNOTATION_PREFIX}target replaces the gateway Service's addresses`
            : "no gateway LoadBalancer Service known for the object";
      return `traffic port default: ${why}${ip}`;
    }
  }
}

/** `<group>/<Kind> <namespace>/<name>` of a skipped object. */
export function sourceOfSkipped(skipped: Skipped): string {
  return formatSourceRef(skipped.source);
}

/**
 * Items grouped by zone. Groups come in order of first appearance and items keep their order inside a
 * group, so the output follows the planner's (deterministic) order and never re-sorts it.
 */
export function groupByZone<T extends { zoneId: string; zoneName: string }>(
  items: readonly T[],
): { zoneId: string; zoneName: string; items: T[] }[] {
  const groups = new Map<string, { zoneId: string; zoneName: string; items: T[] }>();
  for (const item of items) {
    const group = groups.get(item.zoneId);
    if (group) group.items.push(item);
    else groups.set(item.zoneId, { zoneId: item.zoneId, zoneName: item.zoneName, items: [item] });
  }
  return [...groups.values()];
}

/**
 * One line for a policy switch: `shop.example.com A: failover -> latency region=eu-west-2, waiting for
 * cluster-2 (wants failover SECONDARY); this cluster's member stays as it is`.
 */
export function describePolicySwitch(s: PolicySwitch): string {
  const head = `${displayName(s.name)} ${s.type}: ${s.from} -> ${describeWish(s.to)}`;
  switch (s.state) {
    case "converting": {
      const members = s.members.map((m) => `${m.owner ?? "?"} (set ${m.setIdentifier})`).join(", ");
      return `${head}, converting every member in one request: ${members}`;
    }
    case "waiting": {
      const waited = s.members
        .filter((m) => !m.ready)
        .map(
          (m) =>
            `${m.owner ?? `set ${m.setIdentifier}`} (wants ${m.wants ? describeWish(m.wants) : "no policy"})`,
        );
      return `${head}, waiting for ${waited.join(", ")}; this cluster's member stays as it is`;
    }
    case "blocked":
      return `${head}, blocked: ${s.blockedBy ?? "unknown"}; this cluster's member stays as it is`;
  }
}
