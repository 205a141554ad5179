import type { Plan, RecordChange } from "../../../src/model/changes.js";
import { pendingHealthCheckId } from "../../../src/model/changes.js";
import type { HealthCheckSpec } from "../../../src/model/health-check.js";
import type { Problem } from "../../../src/model/problem.js";
import type { RecordSet } from "../../../src/model/record-set.js";
import type { SourceRef } from "../../../src/model/source-ref.js";
import type { SkipReason } from "../../../src/report/plan-events.js";

/** Hand-built plans for the report tests: the reports must render any Plan, not only the planner's. */

export const ZONE = { zoneId: "Z0EXAMPLEBOOKINFO", zoneName: "tse.tetratelabs.io." };
export const OTHER_ZONE = { zoneId: "Z0EXAMPLEOTHER", zoneName: "example.org." };

const NLB = "k8s-istiosys-istioing-1a2b3c4d5e-0123456789abcdef.elb.eu-west-2.amazonaws.com";
const GATEWAY: SourceRef = {
  group: "gateway.networking.k8s.io",
  kind: "HTTPRoute",
  namespace: "bookinfo",
  name: "bookinfo",
};

export const bookinfoWeighted50: RecordSet = {
  name: "bookinfo.tse.tetratelabs.io.",
  type: "A",
  policy: { kind: "weighted", setIdentifier: "cluster-1", weight: 50 },
  target: { kind: "alias", dnsName: NLB, hostedZoneId: "ZD4D7Y8KGAS4G", evaluateTargetHealth: true },
};

export const bookinfoOwnership: RecordSet = {
  name: "_gslb-a.bookinfo.tse.tetratelabs.io.",
  type: "TXT",
  policy: { kind: "weighted", setIdentifier: "cluster-1", weight: 0 },
  target: {
    kind: "values",
    values: ['"heritage=route53-gslb,owner=cluster-1,set-identifier=cluster-1"'],
    ttl: 300,
  },
};

export const ratingsSpec: HealthCheckSpec = {
  type: "HTTPS",
  fqdn: NLB,
  port: 443,
  resourcePath: "/health",
  requestInterval: 30,
  failureThreshold: 3,
  regions: [],
  enableSni: true,
};

export const reviewsFailoverPrimary: RecordSet = {
  name: "ratings.tse.tetratelabs.io.",
  type: "A",
  policy: { kind: "failover", setIdentifier: "cluster-1", role: "PRIMARY" },
  target: { kind: "alias", dnsName: NLB, hostedZoneId: "ZD4D7Y8KGAS4G", evaluateTargetHealth: true },
  healthCheckId: pendingHealthCheckId("r53gslb-abc123"),
};

export const latencyCname: RecordSet = {
  name: "reviews.example.org.",
  type: "CNAME",
  policy: { kind: "latency", setIdentifier: "cluster-1", region: "eu-west-2" },
  target: { kind: "values", values: ["reviews.internal.example.net."], ttl: 60 },
};

export function change(
  record: RecordSet,
  action: RecordChange["action"],
  extra: Partial<RecordChange> = {},
): RecordChange {
  return {
    ...ZONE,
    action,
    purpose: record.type === "TXT" ? "ownership" : "record",
    record,
    group: `${ZONE.zoneId}|${record.name}`,
    source: GATEWAY,
    ...extra,
  };
}

export function emptyPlan(): Plan {
  return {
    clusterName: "cluster-1",
    ownerId: "cluster-1",
    changes: [],
    healthChecks: [],
    skipped: [],
    heldBack: [],
    conflicts: [],
    ownedRecords: 0,
    healthCheckUsage: { owned: 0, quota: 200 },
  };
}

/** A plan with a bit of everything: two zones, every action, a health check, skipped and held back. */
export function fullPlan(): Plan {
  return {
    ...emptyPlan(),
    changes: [
      change(bookinfoWeighted50, "CREATE"),
      change(bookinfoOwnership, "CREATE"),
      change(reviewsFailoverPrimary, "UPSERT", {
        source: {
          group: "gateway.tsb.tetrate.io",
          kind: "Gateway",
          namespace: "bookinfo",
          name: "ratings-gateway",
        },
      }),
      change(latencyCname, "DELETE", { ...OTHER_ZONE, source: undefined }),
    ],
    healthChecks: [
      {
        action: "CREATE",
        callerReference: "r53gslb-abc123",
        spec: ratingsSpec,
        tags: { "route53-gslb/owner": "cluster-1" },
        for: "ratings.tse.tetratelabs.io.",
      },
    ],
    skipped: [
      {
        source: {
          group: "networking.istio.io",
          kind: "Gateway",
          namespace: "bookinfo",
          name: "details-gateway",
        },
        problem: {
          kind: "invalid-annotation",
          key: "route53-gslb.io/weight",
          value: "heavy",
          accepted: "an integer from 0 to 255",
          text: "Expected `route53-gslb.io/weight` to be an integer from 0 to 255, got `heavy`",
        },
      },
      {
        source: {
          group: "gateway.networking.k8s.io",
          kind: "HTTPRoute",
          namespace: "bookinfo",
          name: "legacy",
        },
        hostname: "productpage.bookinfo.example.com",
        problem: { kind: "no-zone", detail: "no hosted zone | allowed by --domain-filter" },
      },
    ],
    heldBack: [
      {
        change: change({ ...bookinfoWeighted50, name: "old.tse.tetratelabs.io." }, "DELETE"),
        kind: "policy",
        reason: "--policy upsert-only does not allow deletes",
      },
    ],
    healthCheckUsage: { owned: 1, quota: 200 },
  };
}

/** An object older than GATEWAY that claims the same hostname. */
const OLDER: SourceRef = {
  group: "gateway.networking.k8s.io",
  kind: "Gateway",
  namespace: "bookinfo",
  name: "older",
};

/** One problem of every kind, and the Event reason (none for an opt-out) and metric label it gets. */
export const EVERY_PROBLEM: [Problem, SkipReason | undefined][] = [
  [{ kind: "opted-out", key: "route53-gslb.io/enabled" }, undefined],
  [
    {
      kind: "invalid-annotation",
      key: "route53-gslb.io/ttl",
      value: "x",
      accepted: "an integer",
      text: "Expected `route53-gslb.io/ttl` to be an integer, got `x`",
    },
    "InvalidAnnotation",
  ],
  [
    {
      kind: "invalid-annotation",
      key: "route53-gslb.io/wieght",
      value: "1",
      accepted: "one of …",
      text: "Unknown annotation `route53-gslb.io/wieght` (value `1`); did you mean `route53-gslb.io/weight`?",
    },
    "InvalidAnnotation",
  ],
  [
    { kind: "invalid-field", field: "spec.hostnames", value: "42", expected: "a list of strings" },
    "HostnameSkipped",
  ],
  [{ kind: "invalid-hostname", error: "`a b` is not a DNS name" }, "HostnameSkipped"],
  [
    {
      kind: "unreadable-metadata",
      objectKind: "Gateway",
      fields: [{ field: "metadata.name", value: "1234", expected: "a Kubernetes name" }],
    },
    "HostnameSkipped",
  ],
  [{ kind: "no-address", detail: "no address in status.loadBalancer.ingress yet" }, "HostnameSkipped"],
  [{ kind: "not-attached", detail: "parent Gateway a/b not found" }, "HostnameSkipped"],
  [
    { kind: "not-supported", detail: "a host that matches every name cannot be published" },
    "HostnameSkipped",
  ],
  // Wording that once sorted into other reasons by prefix is just wording now.
  [{ kind: "no-zone", detail: "Expected `conflict:` contested: also claimed" }, "HostnameSkipped"],
  [{ kind: "unresolvable-target", detail: "no target address" }, "HostnameSkipped"],
  [{ kind: "not-drainable", mode: "drain", detail: "cannot be drained: no health check" }, "HostnameSkipped"],
  [{ kind: "conflict", winner: OLDER, claimants: [OLDER, GATEWAY] }, "Conflict"],
  [{ kind: "route53-rule", rule: "a CNAME exists at the name" }, "Conflict"],
  [
    { kind: "contested", host: "app.example.com.", type: "A", claims: [{ record: "r", owner: "c1" }] },
    "Conflict",
  ],
  [
    {
      kind: "untrusted-ownership",
      record: "r.",
      host: "app.example.com.",
      type: "A",
      why: "it does not parse",
    },
    "Conflict",
  ],
];
