import type { ResourceRecordSet } from "@aws-sdk/client-route-53";
import type { RoutingPolicy } from "../model/routing-policy.js";
import { setIdentifierOf } from "../model/routing-policy.js";
import { resourceText, sourceOfResource } from "../plan/ownership.js";
import type { GslbStatus, MemberHealth, MemberStatus } from "./gslb-status.js";
import { type PlanJsonWish, recordSetToJson, wishToJson } from "./plan-json.js";

/**
 * The `status --output json` document, version 1: a stable interface that scripts and dashboards
 * parse. Fields are only ever added, never renamed or removed, without bumping `version`.
 * docs/status-output.md documents every field.
 */
export interface StatusJson {
  version: 1;
  names: StatusJsonName[];
  /** `--hostname` values that are not a managed name in any zone the filters allow. */
  unmatchedHostnames: string[];
  /** Ownership records whose member is gone, members claimed twice. */
  warnings: string[];
  summary: { names: number; members: number; healthy: number };
}

/** One managed name in one zone. */
export interface StatusJsonName {
  zoneId: string;
  zoneName: string;
  name: string;
  summary: { members: number; healthy: number };
  members: StatusJsonMember[];
}

/** One member: the record set as the AWS SDK spells it, with its owner and health. */
export interface StatusJsonMember {
  type: string;
  setIdentifier: string | null;
  routingPolicy: RoutingPolicy["kind"];
  /** Null when no ownership record guards the member (hand-made, or another tool's). */
  owner: {
    id: string;
    resource: string | null;
    source: string | null;
    drained: boolean;
    /** Only while the owner waits for a policy switch: the policy it wants (added in 0.4, format v1). */
    wants?: PlanJsonWish;
  } | null;
  recordSet: ResourceRecordSet;
  healthCheckId: string | null;
  health: MemberHealth;
}

/** Build the version-1 JSON document (pure; keys in the documented order). */
export function statusToJson(status: GslbStatus): StatusJson {
  return {
    version: 1,
    names: status.names.map((n) => ({
      zoneId: n.zoneId,
      zoneName: n.zoneName,
      name: n.name,
      summary: { members: n.summary.members, healthy: n.summary.healthy },
      members: n.members.map(memberToJson),
    })),
    unmatchedHostnames: [...status.unmatchedHostnames],
    warnings: [...status.warnings],
    summary: { ...status.summary },
  };
}

/** `--output json`: 2-space indentation and a trailing newline; the same view gives the same bytes. */
export function renderStatusJson(status: GslbStatus): string {
  return `${JSON.stringify(statusToJson(status), null, 2)}\n`;
}

function memberToJson(member: MemberStatus): StatusJsonMember {
  const { record, owner } = member;
  return {
    type: record.type,
    setIdentifier: setIdentifierOf(record.policy) ?? null,
    routingPolicy: record.policy.kind,
    owner: owner
      ? {
          id: owner.id,
          resource: owner.resource ? resourceText(owner.resource) : null,
          source: sourceOfResource(owner.resource) ?? null,
          drained: owner.drained,
          ...(owner.wants ? { wants: wishToJson(owner.wants) } : {}),
        }
      : null,
    recordSet: recordSetToJson(record),
    healthCheckId: record.healthCheckId ?? null,
    health: healthToJson(member.health),
  };
}

/** A fresh object with keys in a fixed order, whatever order the builder assigned them in. */
function healthToJson(health: MemberHealth): MemberHealth {
  switch (health.status) {
    case "none":
      return { status: "none" };
    case "unknown":
      return { status: "unknown", reason: health.reason };
    case "healthy":
    case "unhealthy":
      return {
        status: health.status,
        checkers: health.checkers,
        reportingSuccess: health.reportingSuccess,
        ...(health.inverted ? { inverted: true as const } : {}),
        ...(health.calculated ? { calculated: { ...health.calculated } } : {}),
      };
  }
}
