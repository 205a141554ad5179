import { displayName } from "../model/hostname.js";
import { describeWish } from "../model/policy-wish.js";
import { sourceOfResource } from "../plan/ownership.js";
import { describePolicy, describeRecordHealthCheck, describeTarget, groupByZone } from "./describe.js";
import type { GslbStatus, MemberHealth, MemberOwner, MemberStatus } from "./gslb-status.js";

/**
 * Render the GSLB view for people: names grouped by zone, each with its member and healthy counts,
 * then one line per member (type, routing, target and health check, spelled as in `plan`) and one
 * with its owner and health. Never coloured, byte-stable, like the plan's text.
 *
 *   Zone tse.tetratelabs.io (Z0EXAMPLE):
 *     ratings.tse.tetratelabs.io: 2 members, 1 healthy
 *       A failover set=cluster-1 PRIMARY -> alias … health-check=0b7c…
 *         owner cluster-1 (gateway.tsb.tetrate.io/Gateway bookinfo/ratings-gateway), health healthy (16 of 16 checkers report success)
 */
export function renderStatusText(status: GslbStatus): string {
  const lines: string[] = ["route53-gslb status (from Route 53)"];
  for (const zone of groupByZone(status.names)) {
    lines.push("", `Zone ${displayName(zone.zoneName)} (${zone.zoneId}):`);
    for (const name of zone.items) {
      lines.push(`  ${displayName(name.name)}: ${counts(name.summary.members, name.summary.healthy)}`);
      for (const member of name.members) {
        lines.push(
          `    ${memberLine(member)}`,
          `      owner ${describeOwner(member.owner)}, health ${describeHealth(member.health)}`,
        );
      }
    }
  }
  if (status.unmatchedHostnames.length > 0) {
    lines.push(
      "",
      "Not found (no route53-gslb ownership record for these names in the zones the filters allow):",
    );
    for (const host of status.unmatchedHostnames) lines.push(`  * ${host}`);
  }
  if (status.warnings.length > 0) {
    lines.push("", "Warnings:");
    for (const warning of status.warnings) lines.push(`  ! ${warning}`);
  }
  lines.push("", totalLine(status.summary));
  return `${lines.join("\n")}\n`;
}

/** `A weighted set=cluster-1 weight=50 -> alias … health-check=…`: describe.ts's pieces, without the name. */
function memberLine(member: MemberStatus): string {
  const { record } = member;
  const parts = [record.type, describePolicy(record.policy), "->", describeTarget(record.target)];
  const hc = describeRecordHealthCheck(record);
  if (hc) parts.push(hc);
  return parts.join(" ");
}

/**
 * `cluster-1 (gateway.networking.k8s.io/HTTPRoute bookinfo/bookinfo)`, `…, drained` while
 * `route53-gslb drain` holds the member out of rotation, `…, wants latency region=eu-west-2` while its
 * owner waits for a policy switch, or `-` for an unguarded member.
 */
export function describeOwner(owner: MemberOwner | undefined): string {
  if (!owner) return "-";
  const source = sourceOfResource(owner.resource);
  const who = source ? `${owner.id} (${source})` : owner.id;
  const drained = owner.drained ? `${who}, drained` : who;
  return owner.wants ? `${drained}, wants ${describeWish(owner.wants)}` : drained;
}

/** `healthy (16 of 16 checkers report success)`, `unknown (why)`, or `-` without a health check. */
export function describeHealth(health: MemberHealth): string {
  switch (health.status) {
    case "none":
      return "-";
    case "unknown":
      return `unknown (${health.reason})`;
    case "healthy":
    case "unhealthy":
      return health.calculated
        ? `${health.status} (${health.inverted ? "inverted: " : ""}CALCULATED: ${health.calculated.healthyChildren} of ${health.calculated.children} checks healthy, ${health.calculated.threshold} needed)`
        : `${health.status} (${health.inverted ? "inverted: " : ""}${health.reportingSuccess} of ${health.checkers} checkers report success)`;
  }
}

function counts(members: number, healthy: number): string {
  return `${members} ${members === 1 ? "member" : "members"}, ${healthy} healthy`;
}

/** `3 managed names, 6 members, 1 healthy.` or `No managed names.` */
function totalLine(summary: GslbStatus["summary"]): string {
  if (summary.names === 0) return "No managed names.";
  const names = `${summary.names} managed ${summary.names === 1 ? "name" : "names"}`;
  return `${names}, ${counts(summary.members, summary.healthy)}.`;
}
