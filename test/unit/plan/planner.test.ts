import { describe, expect, it } from "vitest";
import type { PlannerConfig } from "../../../src/config/config.js";
import { applyChangesToZones } from "../../../src/model/applied-state.js";
import type { Plan } from "../../../src/model/changes.js";
import { pendingCallerReference } from "../../../src/model/changes.js";
import type { EndpointIntent } from "../../../src/model/endpoint.js";
import type { HealthCheck } from "../../../src/model/health-check.js";
import { problemMessage as msgOf, type Problem } from "../../../src/model/problem.js";
import type { RecordSet } from "../../../src/model/record-set.js";
import type { Skipped } from "../../../src/model/source-ref.js";
import type { HostedZone } from "../../../src/model/zone.js";
import { planChanges } from "../../../src/plan/planner.js";
import {
  config,
  endpoint,
  handMade,
  lbCluster1,
  lbCluster1Dualstack,
  lbCluster2,
  lbInternal,
  ownedWeighted,
  soa,
  state,
  zone,
} from "../../fixtures/planner.js";

/** A skip's or conflict's problem as plan output words it. */
const msg = (s: { problem: Problem } | undefined): string => (s ? msgOf(s.problem) : "");

/** `ACTION purpose name TYPE setId` lines: the shape the scenarios compare. */
function lines(plan: Plan): string[] {
  return plan.changes.map((c) => {
    const p = c.record.policy;
    return `${c.action} ${c.purpose} ${c.record.name} ${c.record.type} ${p.kind === "simple" ? "-" : p.setIdentifier}`;
  });
}

function plan(
  endpoints: EndpointIntent[],
  records: RecordSet[] = [],
  opts: { config?: Partial<PlannerConfig>; healthChecks?: HealthCheck[]; skipped?: Skipped[] } = {},
): Plan {
  return planChanges({
    config: config(opts.config),
    endpoints,
    skipped: opts.skipped ?? [],
    state: state([zone([soa, ...records])], opts.healthChecks ?? []),
  });
}

const bookinfoWeighted = endpoint("bookinfo.example.com");
const bookinfoWeighted50 = endpoint("bookinfo.example.com", { routing: { weight: 50 } });

interface Scenario {
  name: string;
  current: RecordSet[];
  desired: EndpointIntent[];
  config?: Partial<PlannerConfig>;
  expected: string[];
  skipped?: RegExp[];
  heldBack?: number;
}

const scenarios: Scenario[] = [
  {
    name: "a new weighted member and its ownership record are created",
    current: [],
    desired: [bookinfoWeighted],
    expected: [
      "CREATE record bookinfo.example.com. A cluster-1",
      "CREATE ownership _gslb-a.bookinfo.example.com. TXT cluster-1",
    ],
  },
  {
    name: "an unchanged member needs nothing",
    current: ownedWeighted("bookinfo.example.com", "cluster-1", 100),
    desired: [bookinfoWeighted],
    expected: [],
  },
  {
    name: "a weight change is one UPSERT of the member",
    current: ownedWeighted("bookinfo.example.com", "cluster-1", 100),
    desired: [bookinfoWeighted50],
    expected: ["UPSERT record bookinfo.example.com. A cluster-1"],
  },
  {
    name: "a policy change replaces the member (DELETE then CREATE in one group)",
    current: ownedWeighted("bookinfo.example.com", "cluster-1", 100),
    desired: [endpoint("bookinfo.example.com", { routing: { policy: "latency" } })],
    expected: [
      "DELETE record bookinfo.example.com. A cluster-1",
      "CREATE record bookinfo.example.com. A cluster-1",
    ],
  },
  {
    name: "a set identifier change replaces the member and rewrites its ownership record",
    current: ownedWeighted("bookinfo.example.com", "cluster-1", 100),
    desired: [endpoint("bookinfo.example.com", { routing: { setIdentifier: "eu-west-2" } })],
    expected: [
      "DELETE record bookinfo.example.com. A cluster-1",
      "CREATE record bookinfo.example.com. A eu-west-2",
      "UPSERT ownership _gslb-a.bookinfo.example.com. TXT cluster-1",
    ],
  },
  {
    name: "a removed Gateway deletes only our member and our ownership record",
    current: [
      ...ownedWeighted("bookinfo.example.com", "cluster-1", 100),
      ...ownedWeighted("bookinfo.example.com", "cluster-2", 100),
    ],
    desired: [],
    expected: [
      "DELETE record bookinfo.example.com. A cluster-1",
      "DELETE ownership _gslb-a.bookinfo.example.com. TXT cluster-1",
    ],
  },
  {
    name: "another cluster's member is left alone while ours joins the set",
    current: ownedWeighted("bookinfo.example.com", "cluster-2", 100),
    desired: [bookinfoWeighted],
    expected: [
      "CREATE record bookinfo.example.com. A cluster-1",
      "CREATE ownership _gslb-a.bookinfo.example.com. TXT cluster-1",
    ],
  },
  {
    name: "a hand-made simple record is never replaced",
    current: [handMade("bookinfo.example.com")],
    desired: [bookinfoWeighted],
    expected: [],
    skipped: [/conflict: `bookinfo.example.com` A already has a simple record/],
  },
  {
    name: "a hand-made record we do not want is never deleted",
    current: [handMade("legacy.example.com")],
    desired: [],
    expected: [],
  },
  {
    name: "mixed policies are refused: other clusters are weighted, this one asks for latency",
    current: ownedWeighted("bookinfo.example.com", "cluster-2", 100),
    desired: [endpoint("bookinfo.example.com", { routing: { policy: "latency" } })],
    expected: [],
    skipped: [/already has weighted members; one name and type cannot mix routing policies/],
  },
  {
    name: "a set identifier another owner uses is refused",
    current: ownedWeighted("bookinfo.example.com", "cluster-2", 100, lbCluster2, "cluster-1"),
    desired: [bookinfoWeighted],
    expected: [],
    skipped: [/set identifier `cluster-1` is already used/],
  },
  {
    name: "a CNAME is never put at the zone apex",
    current: [],
    desired: [endpoint("example.com", { targets: ["gateway.other.net"] })],
    expected: [],
    skipped: [/zone apex/],
  },
  {
    name: "a CNAME never shares its name",
    current: [handMade("www.example.com", "TXT", ['"v=spf1 -all"'])],
    desired: [endpoint("www.example.com", { targets: ["gateway.other.net"] })],
    expected: [],
    skipped: [/a CNAME cannot share its name with other records/],
  },
  {
    name: "IP targets become A and AAAA value records, each with its ownership record",
    current: [],
    desired: [
      endpoint("ip.example.com", { targets: ["192.0.2.1", "2001:db8::1"], routing: { policy: "simple" } }),
    ],
    expected: [
      "CREATE record ip.example.com. A -",
      "CREATE record ip.example.com. AAAA -",
      "CREATE ownership _gslb-a.ip.example.com. TXT cluster-1",
      "CREATE ownership _gslb-aaaa.ip.example.com. TXT cluster-1",
    ],
  },
  {
    name: "a dualstack load balancer gets an A and an AAAA alias",
    current: [],
    desired: [endpoint("ds.example.com", { targets: [lbCluster1Dualstack.dnsName] })],
    expected: [
      "CREATE record ds.example.com. A cluster-1",
      "CREATE record ds.example.com. AAAA cluster-1",
      "CREATE ownership _gslb-a.ds.example.com. TXT cluster-1",
      "CREATE ownership _gslb-aaaa.ds.example.com. TXT cluster-1",
    ],
  },
  {
    name: "a wildcard's ownership record uses the _wildcard label",
    current: [],
    desired: [endpoint("*.apps.example.com")],
    expected: [
      "CREATE record *.apps.example.com. A cluster-1",
      "CREATE ownership _gslb-a._wildcard.apps.example.com. TXT cluster-1",
    ],
  },
  {
    name: "an unknown load balancer is skipped, not turned into a CNAME",
    current: [],
    desired: [endpoint("lost.example.com", { targets: ["nope-1.elb.eu-west-3.amazonaws.com"] })],
    expected: [],
    skipped: [/not known to ELBv2 DescribeLoadBalancers/],
  },
  {
    name: "a hostname outside every hosted zone is skipped with a reason",
    current: [],
    desired: [endpoint("app.other.org")],
    expected: [],
    skipped: [/other\.org/],
  },
  {
    name: "draining sets this cluster's weighted members to weight 0 and deletes nothing",
    current: ownedWeighted("bookinfo.example.com", "cluster-1", 100),
    desired: [bookinfoWeighted],
    config: { drain: true },
    expected: ["UPSERT record bookinfo.example.com. A cluster-1"],
  },
  {
    name: "upsert-only holds back deletions",
    current: ownedWeighted("bookinfo.example.com", "cluster-1", 100),
    desired: [],
    config: { policy: "upsert-only" },
    expected: [],
    heldBack: 2,
  },
  {
    name: "create-only holds back updates",
    current: ownedWeighted("bookinfo.example.com", "cluster-1", 100),
    desired: [bookinfoWeighted50],
    config: { policy: "create-only" },
    expected: [],
    heldBack: 1,
  },
  {
    name: "deletions beyond --max-deletions are all held back",
    current: [
      ...ownedWeighted("a.example.com", "cluster-1", 100),
      ...ownedWeighted("b.example.com", "cluster-1", 100),
      ...ownedWeighted("c.example.com", "cluster-1", 100),
    ],
    desired: [],
    config: { maxDeletions: { kind: "count", value: 2 } },
    expected: [],
    heldBack: 6,
  },
  {
    name: "deletions within --max-deletions go through",
    current: [
      ...ownedWeighted("a.example.com", "cluster-1", 100),
      ...ownedWeighted("b.example.com", "cluster-1", 100),
    ],
    desired: [endpoint("a.example.com")],
    config: { maxDeletions: { kind: "count", value: 1 } },
    expected: [
      "DELETE record b.example.com. A cluster-1",
      "DELETE ownership _gslb-a.b.example.com. TXT cluster-1",
    ],
  },
  {
    name: "two objects claiming one hostname differently: the oldest wins",
    current: [],
    desired: [
      endpoint("bookinfo.example.com", {
        name: "newer",
        created: "2026-02-01T00:00:00Z",
        routing: { weight: 10 },
      }),
      endpoint("bookinfo.example.com", {
        name: "older",
        created: "2026-01-01T00:00:00Z",
        routing: { weight: 20 },
      }),
    ],
    expected: [
      "CREATE record bookinfo.example.com. A cluster-1",
      "CREATE ownership _gslb-a.bookinfo.example.com. TXT cluster-1",
    ],
    skipped: [/also claimed by gateway.networking.k8s.io\/Gateway bookinfo\/older/],
  },
  {
    name: "identical claims (a Gateway and its HTTPRoute) merge without a conflict",
    current: [],
    desired: [
      endpoint("bookinfo.example.com", { name: "a" }),
      endpoint("bookinfo.example.com", { name: "b" }),
    ],
    expected: [
      "CREATE record bookinfo.example.com. A cluster-1",
      "CREATE ownership _gslb-a.bookinfo.example.com. TXT cluster-1",
    ],
  },
  {
    name: "failover PRIMARY clash with another cluster is refused",
    current: [
      {
        name: "ratings.example.com.",
        type: "A",
        policy: { kind: "failover", setIdentifier: "cluster-2", role: "PRIMARY" },
        target: {
          kind: "alias",
          dnsName: `${lbCluster2.dnsName}.`,
          hostedZoneId: lbCluster2.canonicalHostedZoneId,
          evaluateTargetHealth: true,
        },
      },
    ],
    desired: [endpoint("ratings.example.com", { routing: { policy: "failover", failover: "PRIMARY" } })],
    expected: [],
    skipped: [/already has a PRIMARY failover member/],
  },
];

describe("planChanges scenarios", () => {
  for (const s of scenarios) {
    it(s.name, () => {
      const result = plan(s.desired, s.current, { ...(s.config ? { config: s.config } : {}) });
      expect(lines(result)).toEqual(s.expected);
      for (const pattern of s.skipped ?? []) {
        expect(result.skipped.map((k) => msg(k))).toEqual(
          expect.arrayContaining([expect.stringMatching(pattern)]),
        );
      }
      if (!s.skipped) expect(result.skipped).toEqual([]);
      expect(result.heldBack.length).toBe(s.heldBack ?? 0);
    });
  }
});

describe("planChanges details", () => {
  it("uses the load balancer's own canonical hosted zone id for the alias", () => {
    const result = plan([endpoint("x.example.com", { targets: [lbCluster2.dnsName] })]);
    expect(result.changes[0]?.record.target).toEqual({
      kind: "alias",
      dnsName: `${lbCluster2.dnsName}.`,
      hostedZoneId: "Z2IFOLAFXWLO4F",
      evaluateTargetHealth: true,
    });
  });

  it("resolves latency regions from the load balancer", () => {
    const result = plan([endpoint("r.example.com", { routing: { policy: "latency" } })]);
    expect(result.changes[0]?.record.policy).toEqual({
      kind: "latency",
      setIdentifier: "cluster-1",
      region: "eu-west-2",
    });
  });

  it("creates a health check for a failover primary and marks the record with a placeholder id", () => {
    const result = plan([
      endpoint("ratings.example.com", { routing: { policy: "failover", failover: "PRIMARY" } }),
    ]);
    expect(result.healthChecks).toHaveLength(1);
    const hc = result.healthChecks[0];
    expect(hc?.action).toBe("CREATE");
    expect(hc?.spec).toMatchObject({
      type: "HTTPS",
      fqdn: lbCluster1.dnsName,
      port: 443,
      resourcePath: "/healthz",
      requestInterval: 30,
      failureThreshold: 3,
    });
    expect(hc?.tags["route53-gslb/owner"]).toBe("cluster-1");
    const id = result.changes[0]?.record.healthCheckId ?? "";
    expect(pendingCallerReference(id)).toBe(hc?.callerReference);
    expect(result.healthCheckUsage).toEqual({ owned: 1, quota: 200 });
  });

  it("the secondary gets no health check by default", () => {
    const result = plan([
      endpoint("ratings.example.com", { routing: { policy: "failover", failover: "SECONDARY" } }),
    ]);
    expect(result.healthChecks).toEqual([]);
  });

  it("caller references are deterministic", () => {
    const e = endpoint("ratings.example.com", { routing: { policy: "failover", failover: "PRIMARY" } });
    expect(plan([e]).healthChecks[0]?.callerReference).toBe(plan([e]).healthChecks[0]?.callerReference);
  });

  it("updates a health check in place when a settable field changes, and replaces it when the interval changes", () => {
    const e = endpoint("ratings.example.com", { routing: { policy: "failover", failover: "PRIMARY" } });
    const first = plan([e]);
    const hc = first.healthChecks[0];
    if (!hc) throw new Error("no health check planned");
    const existing: HealthCheck = {
      id: "hc-1",
      callerReference: hc.callerReference,
      version: 3,
      spec: hc.spec,
      tags: hc.tags,
    };
    const applied = first.changes.map((c) => ({
      ...c,
      record: { ...c.record, ...(c.record.healthCheckId ? { healthCheckId: "hc-1" } : {}) },
    }));
    const records = applyChangesToZones([zone([soa])], applied)[0]?.records ?? [];

    const newPath = endpoint("ratings.example.com", {
      routing: { policy: "failover", failover: "PRIMARY", healthCheckSettings: { path: "/ready" } },
    });
    const updated = plan(
      [newPath],
      records.filter((r) => r !== soa),
      { healthChecks: [existing] },
    );
    expect(updated.changes).toEqual([]);
    expect(
      updated.healthChecks.map((h) => [
        h.action,
        h.id,
        h.version,
        "resourcePath" in h.spec ? h.spec.resourcePath : undefined,
      ]),
    ).toEqual([["UPDATE", "hc-1", 3, "/ready"]]);

    const fast = endpoint("ratings.example.com", {
      routing: { policy: "failover", failover: "PRIMARY", healthCheckSettings: { interval: 10 } },
    });
    const replaced = plan(
      [fast],
      records.filter((r) => r !== soa),
      { healthChecks: [existing] },
    );
    expect(replaced.healthChecks.map((h) => h.action).sort()).toEqual(["CREATE", "DELETE"]);
    expect(lines(replaced)).toEqual(["UPSERT record ratings.example.com. A cluster-1"]);
  });

  it("refuses health checks on an internal load balancer without a public health-check host", () => {
    const result = plan([
      endpoint("in.example.com", {
        targets: [lbInternal.dnsName],
        routing: { policy: "failover", failover: "PRIMARY" },
      }),
    ]);
    expect(result.changes).toEqual([]);
    expect(msg(result.skipped[0])).toMatch(/internal.*health-check-host/);
  });

  it("keeps the records of an object that is skipped for bad input", () => {
    const current = ownedWeighted("bookinfo.example.com", "cluster-1", 100);
    const skipped: Skipped[] = [
      {
        source: {
          group: "gateway.networking.k8s.io",
          kind: "Gateway",
          namespace: "bookinfo",
          name: "gw-bookinfo",
        },
        problem: {
          kind: "invalid-annotation",
          key: "route53-gslb.io/weight",
          value: "heavy",
          accepted: "an integer from 0 to 255",
          text: "Expected `route53-gslb.io/weight` to be an integer from 0 to 255, got `heavy`",
        },
      },
    ];
    const result = plan([], current, { skipped });
    expect(result.changes).toEqual([]);
    expect(result.skipped).toHaveLength(1);
  });

  it("never touches a zone outside the domain filter, even records we own there", () => {
    const current = ownedWeighted("bookinfo.example.com", "cluster-1", 100);
    const result = plan([], current, {
      config: {
        zoneFilter: {
          domainFilter: ["other.org"],
          excludeDomains: [],
          zoneType: "any",
          zoneIds: [],
          zoneTags: [],
          splitHorizon: false,
        },
      },
    });
    expect(result.changes).toEqual([]);
  });

  it("never deletes owned records below an excluded domain inside a managed zone", () => {
    const current = ownedWeighted("x.internal.example.com", "cluster-1", 100);
    const result = plan([], current, {
      config: {
        zoneFilter: {
          domainFilter: [],
          excludeDomains: ["internal.example.com"],
          zoneType: "any",
          zoneIds: [],
          zoneTags: [],
          splitHorizon: false,
        },
      },
    });
    expect(result.changes).toEqual([]);
    expect(result.heldBack).toEqual([]);
  });

  it("changes inside one host share a group, deletes first", () => {
    const result = plan(
      [endpoint("bookinfo.example.com", { targets: ["gateway.other.net"] })],
      ownedWeighted("bookinfo.example.com", "cluster-1", 100),
    );
    expect(lines(result)).toEqual([
      "DELETE record bookinfo.example.com. A cluster-1",
      "DELETE ownership _gslb-a.bookinfo.example.com. TXT cluster-1",
      "CREATE record bookinfo.example.com. CNAME cluster-1",
      "CREATE ownership _gslb-cname.bookinfo.example.com. TXT cluster-1",
    ]);
    expect(new Set(result.changes.map((c) => c.group)).size).toBe(1);
  });
});

describe("planChanges: geoproximity members", () => {
  const atCoordinates = (latitude: string, longitude: string, bias = 0) =>
    endpoint("geo.example.com", {
      targets: ["192.0.2.1"],
      routing: { policy: "geoproximity", geoproximity: { kind: "coordinates", latitude, longitude }, bias },
    });

  it("creates the member with its place and bias, then plans nothing once it is there", () => {
    const first = plan([atCoordinates("49.2", "-74.01", 25)]);
    expect(lines(first)).toEqual([
      "CREATE record geo.example.com. A cluster-1",
      "CREATE ownership _gslb-a.geo.example.com. TXT cluster-1",
    ]);
    expect(first.changes[0]?.record.policy).toEqual({
      kind: "geoproximity",
      setIdentifier: "cluster-1",
      place: { kind: "coordinates", latitude: "49.2", longitude: "-74.01" },
      bias: 25,
    });
    const records = applyChangesToZones([zone([soa])], first.changes)[0]?.records ?? [];
    expect(
      plan(
        [atCoordinates("49.2", "-74.01", 25)],
        records.filter((r) => r !== soa),
      ).changes,
    ).toEqual([]);
  });

  it("a member Route 53 lists as `49.20` is the same place: no change", () => {
    const first = plan([atCoordinates("49.2", "-74.01")]);
    const listed = (applyChangesToZones([zone([soa])], first.changes)[0]?.records ?? []).map((r) =>
      r.policy.kind === "geoproximity"
        ? {
            ...r,
            policy: {
              ...r.policy,
              place: { kind: "coordinates" as const, latitude: "49.20", longitude: "-74.010" },
            },
          }
        : r,
    );
    expect(
      plan(
        [atCoordinates("49.2", "-74.01")],
        listed.filter((r) => r !== soa),
      ).changes,
    ).toEqual([]);
  });

  it("a new bias or place is an in-place UPSERT; another policy is DELETE + CREATE", () => {
    const first = plan([atCoordinates("49.2", "-74.01")]);
    const records = (applyChangesToZones([zone([soa])], first.changes)[0]?.records ?? []).filter(
      (r) => r !== soa,
    );
    expect(lines(plan([atCoordinates("49.2", "-74.01", -10)], records))).toEqual([
      "UPSERT record geo.example.com. A cluster-1",
    ]);
    expect(lines(plan([atCoordinates("50", "-74.01")], records))).toEqual([
      "UPSERT record geo.example.com. A cluster-1",
    ]);
    const weighted = endpoint("geo.example.com", { targets: ["192.0.2.1"] });
    expect(lines(plan([weighted], records))).toEqual([
      "DELETE record geo.example.com. A cluster-1",
      "CREATE record geo.example.com. A cluster-1",
    ]);
  });
});

describe("planChanges: --split-horizon", () => {
  const internalPrivate = (records: RecordSet[] = []) =>
    zone(records, "ZINTPRIV", "internal.example.com.", true);
  const examplePublic = (records: RecordSet[] = []) => zone([soa, ...records], "ZPUB", "example.com.");
  const splitConfig = (splitHorizon: boolean) =>
    config({ zoneFilter: { ...config().zoneFilter, splitHorizon } });
  const app = endpoint("app.internal.example.com", {
    targets: ["192.0.2.1"],
    routing: {
      policy: "failover",
      failover: "PRIMARY",
      healthCheck: { kind: "auto" },
      healthCheckSettings: { host: "app.example.com" },
    },
  });
  const planIn = (zones: HostedZone[], splitHorizon: boolean, endpoints = [app]) =>
    planChanges({ config: splitConfig(splitHorizon), endpoints, skipped: [], state: state(zones) });
  const byZone = (p: Plan) =>
    p.changes.map((c) => `${c.zoneId} ${c.action} ${c.purpose} ${c.record.name} ${c.record.type}`);

  it("writes the name and its own ownership record in the private zone and the public parent; one health check for both", () => {
    const off = planIn([internalPrivate(), examplePublic()], false);
    expect(byZone(off)).toEqual([
      "ZINTPRIV CREATE record app.internal.example.com. A",
      "ZINTPRIV CREATE ownership _gslb-a.app.internal.example.com. TXT",
    ]);
    const on = planIn([internalPrivate(), examplePublic()], true);
    expect(byZone(on)).toEqual([
      "ZPUB CREATE record app.internal.example.com. A",
      "ZPUB CREATE ownership _gslb-a.app.internal.example.com. TXT",
      "ZINTPRIV CREATE record app.internal.example.com. A",
      "ZINTPRIV CREATE ownership _gslb-a.app.internal.example.com. TXT",
    ]);
    // One member, one health check: both zones' records refer to the one check the plan creates.
    expect(on.healthChecks.map((h) => h.action)).toEqual(["CREATE"]);
    const ids = on.changes.filter((c) => c.purpose === "record").map((c) => c.record.healthCheckId);
    expect(new Set(ids).size).toBe(1);
    expect(pendingCallerReference(ids[0] ?? "")).toBe(on.healthChecks[0]?.callerReference);
    expect(on.healthCheckUsage.owned).toBe(1);
  });

  it("is idempotent per zone, and an object that goes deletes the name from each zone with its ownership record", () => {
    const first = planIn([internalPrivate(), examplePublic()], true);
    const applied = first.changes.map((c) => ({
      ...c,
      record: { ...c.record, ...(c.record.healthCheckId ? { healthCheckId: "hc-1" } : {}) },
    }));
    const zones = applyChangesToZones([internalPrivate(), examplePublic()], applied);
    const check: HealthCheck = {
      id: "hc-1",
      callerReference: first.healthChecks[0]?.callerReference ?? "",
      version: 1,
      spec: first.healthChecks[0]?.spec ?? ({} as HealthCheck["spec"]),
      tags: first.healthChecks[0]?.tags ?? {},
    };
    const again = planChanges({
      config: splitConfig(true),
      endpoints: [app],
      skipped: [],
      state: state(zones, [check]),
    });
    expect(again.changes).toEqual([]);
    expect(again.healthChecks).toEqual([]);

    const gone = planChanges({
      config: { ...splitConfig(true), maxDeletions: { kind: "percent", value: 100 } },
      endpoints: [],
      skipped: [],
      state: state(zones, [check]),
    });
    expect(byZone(gone)).toEqual([
      "ZPUB DELETE record app.internal.example.com. A",
      "ZPUB DELETE ownership _gslb-a.app.internal.example.com. TXT",
      "ZINTPRIV DELETE record app.internal.example.com. A",
      "ZINTPRIV DELETE ownership _gslb-a.app.internal.example.com. TXT",
    ]);
    expect(gone.healthChecks.map((h) => [h.action, h.id])).toEqual([["DELETE", "hc-1"]]);
  });

  it("turning the option off removes the public copy and keeps the private one", () => {
    const first = planIn([internalPrivate(), examplePublic()], true);
    const zones = applyChangesToZones([internalPrivate(), examplePublic()], first.changes);
    const off = planChanges({
      config: splitConfig(false),
      endpoints: [app],
      skipped: [],
      state: state(zones),
    });
    expect(byZone(off)).toEqual([
      "ZPUB DELETE record app.internal.example.com. A",
      "ZPUB DELETE ownership _gslb-a.app.internal.example.com. TXT",
    ]);
  });

  it("never touches a record in the other zone that it does not own", () => {
    const theirs = handMade("app.internal.example.com", "A", ["198.51.100.1"]);
    const p = planIn([internalPrivate(), examplePublic([theirs])], true);
    expect(byZone(p)).toEqual([
      "ZINTPRIV CREATE record app.internal.example.com. A",
      "ZINTPRIV CREATE ownership _gslb-a.app.internal.example.com. TXT",
    ]);
    expect(p.skipped.map((s) => msg(s))).toEqual([
      expect.stringContaining("`app.internal.example.com` A already has a simple record"),
    ]);
  });

  it("a public half a filtered-out subzone hides is skipped with the reason, and what this owner had there is held", () => {
    const internalPublic = zone([], "ZINTPUB", "internal.example.com.");
    const before = planIn([examplePublic()], true);
    const owned = applyChangesToZones([examplePublic()], before.changes)[0]?.records ?? [];
    const zones = [internalPrivate(), internalPublic, examplePublic(owned.filter((r) => r !== soa))];
    const p = planChanges({
      config: config({
        zoneFilter: { ...config().zoneFilter, splitHorizon: true, zoneIds: ["ZINTPRIV", "ZPUB"] },
      }),
      endpoints: [app],
      skipped: [],
      state: state(zones),
    });
    expect(byZone(p)).toEqual([
      "ZINTPRIV CREATE record app.internal.example.com. A",
      "ZINTPRIV CREATE ownership _gslb-a.app.internal.example.com. TXT",
    ]);
    expect(p.skipped.map((s) => msg(s))).toEqual([
      "`app.internal.example.com` belongs to public hosted zone `internal.example.com` (ZINTPUB, public), which --zone-id ZINTPRIV, --zone-id ZPUB excludes; records in the parent zone `example.com` would be hidden behind it",
    ]);
    expect(p.heldBack.map((h) => `${h.change.zoneId} ${h.change.action} ${h.kind}`)).toEqual([
      "ZPUB DELETE unreadable-object",
      "ZPUB DELETE unreadable-object",
    ]);
  });
});

describe("planChanges: one health check per member, whatever the number of zones", () => {
  it("the public and private halves of one zone name share the member's check: it is created once", () => {
    const ratings = endpoint("ratings.example.com", { routing: { policy: "failover", failover: "PRIMARY" } });
    const p = planChanges({
      config: config(),
      endpoints: [ratings],
      skipped: [],
      state: state([zone([soa], "ZPUB"), zone([soa], "ZPRIV", "example.com.", true)]),
    });
    expect(p.changes.filter((c) => c.purpose === "record").map((c) => c.zoneId)).toEqual(["ZPRIV", "ZPUB"]);
    expect(p.healthChecks.map((h) => h.action)).toEqual(["CREATE"]);
    expect(p.healthCheckUsage.owned).toBe(1);
  });
});
