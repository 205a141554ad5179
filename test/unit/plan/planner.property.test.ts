import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PlannerConfig } from "../../../src/config/config.js";
import { applyChangesToZones } from "../../../src/model/applied-state.js";
import type { AwsState } from "../../../src/model/aws-state.js";
import { type Plan, pendingCallerReference } from "../../../src/model/changes.js";
import type { EndpointIntent } from "../../../src/model/endpoint.js";
import type { HealthCheck } from "../../../src/model/health-check.js";
import { keyOf, nameTypeString, recordKeyString } from "../../../src/model/record-set.js";
import { planDrain } from "../../../src/plan/drain.js";
import { guardedBy } from "../../../src/plan/ownership.js";
import { planChanges } from "../../../src/plan/planner.js";
import {
  config,
  endpoint,
  handMade,
  lbCluster1,
  lbCluster1Dualstack,
  lbCluster2,
  soa,
  state,
  zone,
} from "../../fixtures/planner.js";

const hosts = ["a.example.com", "b.example.com", "*.w.example.com", "example.com", "c.sub.example.com"];
const targets = [
  lbCluster1.dnsName,
  lbCluster2.dnsName,
  lbCluster1Dualstack.dnsName,
  "192.0.2.1",
  "2001:db8::1",
  "gw.other.net",
];

const endpointArb = fc
  .record({
    host: fc.constantFrom(...hosts),
    target: fc.constantFrom(...targets),
    policy: fc.option(fc.constantFrom("simple", "weighted", "latency", "failover", "multivalue" as const), {
      nil: undefined,
    }),
    weight: fc.option(fc.integer({ min: 0, max: 255 }), { nil: undefined }),
    role: fc.constantFrom("PRIMARY", "SECONDARY" as const),
    setIdentifier: fc.option(fc.constantFrom("eu", "blue"), { nil: undefined }),
    healthCheck: fc.option(fc.constantFrom("auto", "none" as const), { nil: undefined }),
    name: fc.constantFrom("gw-1", "gw-2", "gw-3"),
  })
  .map((e) =>
    endpoint(e.host, {
      name: e.name,
      targets: [e.target],
      routing: {
        ...(e.policy ? { policy: e.policy } : {}),
        ...(e.policy === "failover" ? { failover: e.role } : {}),
        ...(e.policy === "latency" && !e.target.includes("elb") ? { region: "eu-west-1" } : {}),
        ...(e.weight !== undefined && (e.policy === undefined || e.policy === "weighted")
          ? { weight: e.weight }
          : {}),
        ...(e.setIdentifier ? { setIdentifier: e.setIdentifier } : {}),
        ...(e.healthCheck ? { healthCheck: { kind: e.healthCheck } } : {}),
      },
    }),
  );

const cfg = (cluster: string, overrides: Partial<PlannerConfig> = {}): PlannerConfig => ({
  ...config({ clusterName: cluster, ownerId: cluster, maxDeletions: { kind: "percent", value: 100 } }),
  ...overrides,
});

/** Route 53 as the planner expects it to behave: the plan's changes applied, health checks created. */
function apply(s: AwsState, plan: Plan, writers: Map<string, string>, writer: string): AwsState {
  let checks: HealthCheck[] = [...s.healthChecks];
  for (const h of plan.healthChecks) {
    if (h.action === "CREATE")
      checks.push({
        id: `hc-${h.callerReference}`,
        callerReference: h.callerReference,
        version: 1,
        spec: h.spec,
        tags: h.tags,
      });
    if (h.action === "UPDATE")
      checks = checks.map((c) => (c.id === h.id ? { ...c, spec: h.spec, version: c.version + 1 } : c));
    if (h.action === "DELETE") checks = checks.filter((c) => c.id !== h.id);
  }
  const changes = plan.changes.map((c) => {
    const ref = c.record.healthCheckId ? pendingCallerReference(c.record.healthCheckId) : undefined;
    return ref ? { ...c, record: { ...c.record, healthCheckId: `hc-${ref}` } } : c;
  });
  for (const c of changes) {
    const key = `${c.zoneId}|${recordKeyString(keyOf(c.record))}`;
    if (c.action === "DELETE") writers.delete(key);
    else writers.set(key, writer);
  }
  return { ...s, zones: applyChangesToZones(s.zones, changes), healthChecks: checks };
}

function run(
  s: AwsState,
  cluster: string,
  endpoints: EndpointIntent[],
  overrides: Partial<PlannerConfig> = {},
): Plan {
  return planChanges({ config: cfg(cluster, overrides), endpoints, skipped: [], state: s });
}

const scenario = fc.record({
  handMadeHosts: fc.subarray(["a.example.com", "c.sub.example.com", "b.example.com"], { maxLength: 1 }),
  other: fc.array(endpointArb, { maxLength: 4 }),
  before: fc.array(endpointArb, { maxLength: 4 }),
  after: fc.array(endpointArb, { maxLength: 5 }),
});

function setUp(sc: { handMadeHosts: string[]; other: EndpointIntent[]; before: EndpointIntent[] }): {
  s: AwsState;
  writers: Map<string, string>;
} {
  const writers = new Map<string, string>();
  const manual = sc.handMadeHosts.map((h) => handMade(h));
  for (const r of manual) writers.set(`ZEXAMPLE|${recordKeyString(keyOf(r))}`, "hand");
  let s = state([zone([soa, ...manual])]);
  writers.set(`ZEXAMPLE|${recordKeyString(keyOf(soa))}`, "hand");
  s = apply(s, run(s, "cluster-2", sc.other), writers, "cluster-2");
  s = apply(s, run(s, "cluster-1", sc.before), writers, "cluster-1");
  return { s, writers };
}

describe("planner invariants (property)", () => {
  it("applying a plan and planning again yields no changes", () => {
    fc.assert(
      fc.property(scenario, (sc) => {
        const { s, writers } = setUp(sc);
        const after = apply(s, run(s, "cluster-1", sc.after), writers, "cluster-1");
        const again = run(after, "cluster-1", sc.after);
        expect(again.changes).toEqual([]);
        expect(again.healthChecks).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("no change ever names a record someone else owns", () => {
    fc.assert(
      fc.property(scenario, (sc) => {
        const { s, writers } = setUp(sc);
        const plan = run(s, "cluster-1", sc.after);
        const deleted = new Set<string>();
        for (const c of plan.changes) {
          const key = `${c.zoneId}|${recordKeyString(keyOf(c.record))}`;
          const writer = writers.get(key);
          // A CREATE names a free key, or one of ours this plan deleted just before (a replacement).
          if (c.action === "CREATE")
            expect(writer === undefined || (writer === "cluster-1" && deleted.has(key))).toBe(true);
          else expect(writer).toBe("cluster-1");
          if (c.action === "DELETE") deleted.add(key);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("no plan leaves one name and type with mixed routing policies", () => {
    fc.assert(
      fc.property(scenario, (sc) => {
        const { s, writers } = setUp(sc);
        const after = apply(s, run(s, "cluster-1", sc.after), writers, "cluster-1");
        const kinds = new Map<string, Set<string>>();
        for (const r of after.zones[0]?.records ?? []) {
          const k = nameTypeString(r);
          kinds.set(k, (kinds.get(k) ?? new Set()).add(r.policy.kind));
        }
        for (const [k, set] of kinds) expect([k, set.size]).toEqual([k, 1]);
      }),
      { numRuns: 300 },
    );
  });

  it("drain then undrain leaves Route 53 exactly as it was, touching only this owner's records", () => {
    fc.assert(
      fc.property(scenario, (sc) => {
        const { s, writers } = setUp(sc);
        const drain = planDrain(s, cfg("cluster-1"), "drain");
        for (const c of drain.changes) {
          expect(c.action).toBe("UPSERT");
          expect(writers.get(`${c.zoneId}|${recordKeyString(keyOf(c.record))}`)).toBe("cluster-1");
        }
        const drained = apply(s, drain, writers, "cluster-1");
        const back = apply(drained, planDrain(drained, cfg("cluster-1"), "undrain"), writers, "cluster-1");
        expect(back.zones).toEqual(s.zones);
        expect(back.healthChecks.map((c) => c.spec)).toEqual(s.healthChecks.map((c) => c.spec));
      }),
      { numRuns: 300 },
    );
  });

  it("a drained cluster's own plans keep its weighted members at 0 and converge", () => {
    fc.assert(
      fc.property(scenario, (sc) => {
        const { s, writers } = setUp(sc);
        const drained = apply(s, planDrain(s, cfg("cluster-1"), "drain"), writers, "cluster-1");
        const after = apply(drained, run(drained, "cluster-1", sc.after), writers, "cluster-1");
        expect(run(after, "cluster-1", sc.after).changes).toEqual([]);
        const drainedHosts = new Set(
          (drained.zones[0]?.records ?? [])
            .filter((r) => isDrainMark(r.target))
            .map((r) => guardedBy(r.name)?.host),
        );
        for (const r of after.zones[0]?.records ?? []) {
          const ours = writers.get(`ZEXAMPLE|${recordKeyString(keyOf(r))}`) === "cluster-1";
          const marked = drainedHosts.has(r.name);
          if (ours && marked && r.policy.kind === "weighted" && r.type !== "TXT")
            expect(r.policy.weight).toBe(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("output is deterministic and independent of input order", () => {
    fc.assert(
      fc.property(scenario, fc.func(fc.integer()), (sc, order) => {
        const { s } = setUp(sc);
        const shuffled = sc.after
          .map((e, i) => ({ e, k: order(i) }))
          .sort((a, b) => a.k - b.k)
          .map(({ e }) => e);
        expect(JSON.stringify(run(s, "cluster-1", shuffled))).toBe(
          JSON.stringify(run(s, "cluster-1", sc.after)),
        );
      }),
      { numRuns: 200 },
    );
  });
});

function isDrainMark(target: { kind: string; values?: string[] }): boolean {
  return target.kind === "values" && (target.values ?? []).some((v) => v.includes("drained=true"));
}
