import type { ChangeAction, RecordChange } from "../../../src/model/changes.js";
import type { RecordSet } from "../../../src/model/record-set.js";

/** Named change fixtures for the apply/ tests. */
export const ZONE_ID = "ZAPPLY";
export const ZONE = "example.com.";

/** A record with plain values (A by default), one member of a weighted set. */
export function valuesRecord(name: string, values: string[], type = "A"): RecordSet {
  return {
    name,
    type,
    policy: { kind: "weighted", setIdentifier: "cluster-1", weight: 100 },
    target: { kind: "values", values, ttl: 60 },
  };
}

/** An alias to a load balancer. */
export function aliasRecord(name: string): RecordSet {
  return {
    name,
    type: "A",
    policy: { kind: "weighted", setIdentifier: "cluster-1", weight: 100 },
    target: {
      kind: "alias",
      dnsName: "gw-1-0123456789abcdef.elb.eu-west-2.amazonaws.com.",
      hostedZoneId: "ZD4D7Y8KGAS4G",
      evaluateTargetHealth: true,
    },
  };
}

export function change(
  record: RecordSet,
  opts: { action?: ChangeAction; group?: string; purpose?: "record" | "ownership"; zoneId?: string } = {},
): RecordChange {
  return {
    zoneId: opts.zoneId ?? ZONE_ID,
    zoneName: ZONE,
    action: opts.action ?? "CREATE",
    purpose: opts.purpose ?? "record",
    record,
    group: opts.group ?? `${record.name}|${record.type}`,
  };
}

/** The usual atomic group: an alias member and its TXT ownership record. */
export function aliasWithOwnership(host: string, action: ChangeAction = "CREATE"): RecordChange[] {
  const group = `${host}|A`;
  return [
    change(aliasRecord(host), { action, group }),
    change(valuesRecord(`_gslb.${host}`, ['"heritage=route53-gslb,owner=cluster-1"'], "TXT"), {
      action,
      group,
      purpose: "ownership",
    }),
  ];
}

/** `n` single-record groups `h<i>.example.com.` with one IP each. */
export function singleRecordGroups(n: number, action: ChangeAction = "CREATE"): RecordChange[] {
  return Array.from({ length: n }, (_, i) =>
    change(valuesRecord(`h${i}.${ZONE}`, [`10.0.${i >> 8}.${i & 255}`]), { action }),
  );
}

/** An error shaped as the AWS SDK v3 throws it. */
export function awsError(
  name: string,
  message: string,
  status = 400,
  extra: Record<string, unknown> = {},
): Error {
  return Object.assign(new Error(message), {
    name,
    $fault: "client",
    $metadata: { httpStatusCode: status },
    ...extra,
  });
}
