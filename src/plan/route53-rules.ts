import { BIAS_MAX, BIAS_MIN } from "../model/geo-proximity.js";
import { displayName } from "../model/hostname.js";
import type { RecordSet } from "../model/record-set.js";
import { formatGeoLocation, type RoutingPolicy } from "../model/routing-policy.js";

/**
 * Route 53's rules for the records at one name, which the planner enforces itself because moto does
 * not (DESIGN.md "Route 53 rules the planner enforces itself"). Returns why `member` may not join
 * `others` (the other records at the same name, of every type), or undefined when it may.
 */
export function memberConflict(
  member: RecordSet,
  others: readonly RecordSet[],
  isApex: boolean,
): string | undefined {
  const name = displayName(member.name);
  if (member.type === "CNAME" && isApex) return `a CNAME cannot be at the zone apex \`${name}\``;
  const otherTypes = others.filter((o) => o.type !== member.type);
  if (member.type === "CNAME" && otherTypes.length > 0) {
    return `a CNAME cannot share its name with other records; \`${name}\` has ${describeTypes(otherTypes)}`;
  }
  const cname = otherTypes.find((o) => o.type === "CNAME");
  if (cname) return `\`${name}\` is a CNAME; no other record may share its name`;

  const sameType = others.filter((o) => o.type === member.type);
  const mixed = sameType.find((o) => o.policy.kind !== member.policy.kind);
  if (mixed) {
    return (
      `\`${name}\` ${member.type} already has ${policyLabel(mixed.policy)}; ` +
      `one name and type cannot mix routing policies (this object asks for ${member.policy.kind})`
    );
  }
  const p = member.policy;
  if (p.kind === "simple") {
    return sameType.length > 0 ? `\`${name}\` ${member.type} already exists as a simple record` : undefined;
  }
  for (const o of sameType) {
    const q = o.policy;
    if (q.kind === "simple") continue;
    if (q.setIdentifier === p.setIdentifier) {
      return `set identifier \`${p.setIdentifier}\` is already used at \`${name}\` ${member.type}`;
    }
    if (p.kind === "failover" && q.kind === "failover" && q.role === p.role) {
      return `\`${name}\` ${member.type} already has a ${p.role} failover member (\`${q.setIdentifier}\`); at most one of each role is allowed`;
    }
    if (p.kind === "latency" && q.kind === "latency" && q.region === p.region) {
      return `\`${name}\` ${member.type} already has a latency member for region ${p.region} (\`${q.setIdentifier}\`); one member per region is allowed`;
    }
    if (
      p.kind === "geolocation" &&
      q.kind === "geolocation" &&
      formatGeoLocation(q.location) === formatGeoLocation(p.location)
    ) {
      return `\`${name}\` ${member.type} already has a member for location ${formatGeoLocation(p.location)} (\`${q.setIdentifier}\`)`;
    }
  }
  // Route 53 allows at most 100 members with the same name and type.
  if (sameType.length >= 100)
    return `\`${name}\` ${member.type} already has 100 members, the Route 53 maximum`;
  return undefined;
}

/** Rules about one member alone. */
export function memberRuleViolation(member: RecordSet): string | undefined {
  const p = member.policy;
  const alias = member.target.kind === "alias";
  if (p.kind === "weighted" && (!Number.isInteger(p.weight) || p.weight < 0 || p.weight > 255)) {
    return `weight ${p.weight} is outside 0–255`;
  }
  if (p.kind === "geoproximity" && (!Number.isInteger(p.bias) || p.bias < BIAS_MIN || p.bias > BIAS_MAX)) {
    return `geoproximity bias ${p.bias} is outside ${BIAS_MIN}–${BIAS_MAX}`;
  }
  if (p.kind !== "simple" && (p.setIdentifier.length === 0 || p.setIdentifier.length > 128)) {
    return `set identifier must be 1–128 characters, got ${p.setIdentifier.length}`;
  }
  if (p.kind === "failover") {
    if (!alias && p.role === "PRIMARY" && !member.healthCheckId) {
      return "a failover PRIMARY that is not an alias needs a health check (route53-gslb.io/health-check)";
    }
    if (member.target.kind === "alias" && !member.target.evaluateTargetHealth) {
      return "a failover alias record must evaluate target health; remove route53-gslb.io/evaluate-target-health=false";
    }
  }
  if (p.kind === "multivalue" && (alias || member.type === "CNAME")) {
    return "multivalue answer routing applies to A/AAAA records with IP values, not to aliases or CNAMEs";
  }
  return undefined;
}

function policyLabel(policy: RoutingPolicy): string {
  return policy.kind === "simple" ? "a simple record" : `${policy.kind} members`;
}

function describeTypes(records: RecordSet[]): string {
  return [...new Set(records.map((r) => r.type))].sort().join(", ");
}
