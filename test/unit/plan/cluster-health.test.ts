import { describe, expect, it } from "vitest";
import type { PlannerConfig } from "../../../src/config/config.js";
import { applyChangesToZones } from "../../../src/model/applied-state.js";
import type { AwsState } from "../../../src/model/aws-state.js";
import { type Plan, pendingCallerReference } from "../../../src/model/changes.js";
import type { EndpointIntent, RoutingIntent } from "../../../src/model/endpoint.js";
import {
  type AnyHealthCheckSpec,
  type HealthCheck,
  healthCheckKindOf,
  isCalculated,
} from "../../../src/model/health-check.js";
import { parseHealthCheckUrl } from "../../../src/model/health-check-url.js";
import { planChanges } from "../../../src/plan/planner.js";
import { config, endpoint, soa, state, zone } from "../../fixtures/planner.js";

/*
 * The cluster health check, planned over several runs: each plan is applied to an in-memory Route 53
 * (ids given in order, placeholders resolved as apply/ does) and the next run plans from the result,
 * so the tables below read as what an operator sees run after run.
 */

const url = (text: string) => {
  const spec = parseHealthCheckUrl(text);
  if (!spec.ok) throw new Error(spec.error);
  return spec.value;
};
const EDGE = url("https://edge.cluster-1.example.com/healthz");

const failoverWith = (healthCheck: RoutingIntent["healthCheck"]): Partial<RoutingIntent> => ({
  policy: "failover",
  failover: "PRIMARY",
  ...(healthCheck ? { healthCheck } : {}),
});
const auto = (host = "shop.example.com") =>
  endpoint(host, {
    targets: ["192.0.2.1"],
    routing: { ...failoverWith({ kind: "auto" }), healthCheckSettings: { host } },
  });

/** Applies a plan as apply/ would, in order; returns the next state. Ids are `hc-1`, `hc-2`, ... */
function applyTo(s: AwsState, plan: Plan, counter: { n: number }): AwsState {
  const checks = new Map(s.healthChecks.map((c) => [c.id, c]));
  const created = new Map<string, string>();
  const resolve = (id: string) => {
    const ref = pendingCallerReference(id);
    if (ref === undefined) return id;
    const real = created.get(ref);
    if (!real) throw new Error(`${ref} not created before it is named`);
    return real;
  };
  const resolveSpec = (spec: AnyHealthCheckSpec): AnyHealthCheckSpec =>
    isCalculated(spec) ? { ...spec, children: spec.children.map(resolve) } : spec;
  const writes = plan.healthChecks.filter((h) => h.action !== "DELETE");
  for (const h of [
    ...writes.filter((w) => !isCalculated(w.spec)),
    ...writes.filter((w) => isCalculated(w.spec)),
  ]) {
    const spec = resolveSpec(h.spec);
    if (isCalculated(spec)) for (const child of spec.children) expect(checks.has(child)).toBe(true);
    if (h.action === "CREATE") {
      const id = `hc-${++counter.n}`;
      created.set(h.callerReference, id);
      checks.set(id, { id, callerReference: h.callerReference, version: 1, spec, tags: h.tags });
    } else {
      const old = checks.get(h.id ?? "");
      if (!old) throw new Error(`UPDATE of unknown ${h.id}`);
      checks.set(old.id, { ...old, version: old.version + 1, spec, tags: h.tags });
    }
  }
  const records = plan.changes.map((c) =>
    c.record.healthCheckId
      ? { ...c, record: { ...c.record, healthCheckId: resolve(c.record.healthCheckId) } }
      : c,
  );
  const zones = applyChangesToZones(s.zones, records);
  const named = new Set(
    zones.flatMap((z) => z.records.flatMap((r) => (r.healthCheckId ? [r.healthCheckId] : []))),
  );
  const deletes = plan.healthChecks.filter((h) => h.action === "DELETE");
  for (const h of [
    ...deletes.filter((d) => isCalculated(d.spec)),
    ...deletes.filter((d) => !isCalculated(d.spec)),
  ]) {
    const id = h.id ?? "";
    // Route 53: a child a CALCULATED check names cannot go; and no record may name a deleted check.
    const parents = [...checks.values()].filter((c) => isCalculated(c.spec) && c.spec.children.includes(id));
    expect(
      parents.map((p) => p.id),
      `delete ${id}`,
    ).toEqual([]);
    expect(named.has(id), `record still names ${id}`).toBe(false);
    checks.delete(id);
  }
  return { ...s, zones, healthChecks: [...checks.values()] };
}

/** Runs the planner over successive configurations, applying each plan. */
function runs(endpoints: EndpointIntent[], steps: Partial<PlannerConfig>[], initial: HealthCheck[] = []) {
  const counter = { n: 100 };
  let s = state([zone([soa])], initial);
  const plans: Plan[] = [];
  for (const step of steps) {
    const p = planChanges({ config: config(step), endpoints, skipped: [], state: s });
    plans.push(p);
    s = applyTo(s, p, counter);
  }
  const record = (host: string) =>
    s.zones[0]?.records.find((r) => r.name === `${host}.` && r.type === "A")?.healthCheckId;
  const byId = (id: string | undefined) => s.healthChecks.find((c) => c.id === id);
  return { plans, state: s, record, byId };
}

/** `ACTION kind` per health-check change: the shape the tables compare. */
const checkLines = (p: Plan) => p.healthChecks.map((h) => `${h.action} ${healthCheckKindOf(h)}`).sort();

describe("planChanges: --cluster-health-check", () => {
  it("flag on: one cluster check, and per member a CALCULATED check of [member, cluster] with threshold 2 that the record carries", () => {
    const r = runs(
      [auto("shop.example.com"), auto("cart.example.com")],
      [{ clusterHealthCheck: EDGE }, { clusterHealthCheck: EDGE }],
    );
    expect(checkLines(r.plans[0] as Plan)).toEqual([
      "CREATE calculated",
      "CREATE calculated",
      "CREATE cluster",
      "CREATE member",
      "CREATE member",
    ]);
    const clusters = r.state.healthChecks.filter((c) => healthCheckKindOf(c) === "cluster");
    expect(clusters).toHaveLength(1);
    expect(clusters[0]?.spec).toEqual(EDGE);
    expect(clusters[0]?.tags).toMatchObject({
      "route53-gslb/owner": "cluster-1",
      "route53-gslb/kind": "cluster",
    });
    for (const host of ["shop.example.com", "cart.example.com"]) {
      const parent = r.byId(r.record(host));
      expect(parent?.tags["route53-gslb/kind"]).toBe("calculated");
      expect(parent?.tags["route53-gslb/hostname"]).toBe(host);
      const spec = parent?.spec;
      if (!spec || !isCalculated(spec)) throw new Error("not CALCULATED");
      expect(spec.healthThreshold).toBe(2);
      const [member, cluster] = spec.children.map(r.byId);
      expect(healthCheckKindOf(member ?? { tags: {} })).toBe("member");
      expect(member?.tags["route53-gslb/hostname"]).toBe(host);
      expect(cluster?.id).toBe(clusters[0]?.id);
    }
    // Converged: the second run changes nothing.
    expect(r.plans[1]?.changes).toEqual([]);
    expect(r.plans[1]?.healthChecks).toEqual([]);
    expect(r.plans[1]?.healthCheckUsage.owned).toBe(5);
  });

  it("flag off: the record goes back to the member's check, the CALCULATED and cluster checks are deleted, nothing is left over", () => {
    const r = runs([auto()], [{ clusterHealthCheck: EDGE }, {}, {}]);
    const off = r.plans[1] as Plan;
    expect(checkLines(off)).toEqual(["DELETE calculated", "DELETE cluster"]);
    expect(off.changes.map((c) => `${c.action} ${c.purpose}`)).toEqual(["UPSERT record"]);
    expect(r.state.healthChecks.map((c) => healthCheckKindOf(c))).toEqual(["member"]);
    expect(r.record("shop.example.com")).toBe(r.state.healthChecks[0]?.id);
    expect(r.plans[2]?.healthChecks).toEqual([]);
    expect(r.plans[2]?.changes).toEqual([]);
  });

  it.each([
    {
      name: "another path: the cluster check is updated in place",
      next: "https://edge.cluster-1.example.com/ready",
      expected: ["UPDATE cluster"],
    },
    {
      name: "another scheme (Type cannot change): a new cluster check, the CALCULATED check updated to name it, the old one deleted",
      next: "tcp://edge.cluster-1.example.com:443",
      expected: ["CREATE cluster", "DELETE cluster", "UPDATE calculated"],
    },
  ])("URL change, $name", ({ next, expected }) => {
    const r = runs(
      [auto()],
      [{ clusterHealthCheck: EDGE }, { clusterHealthCheck: url(next) }, { clusterHealthCheck: url(next) }],
    );
    expect(checkLines(r.plans[1] as Plan)).toEqual(expected);
    // The record keeps its CALCULATED check throughout: no record change.
    expect(r.plans[1]?.changes).toEqual([]);
    const cluster = r.state.healthChecks.filter((c) => healthCheckKindOf(c) === "cluster");
    expect(cluster.map((c) => c.spec)).toEqual([url(next)]);
    expect(r.plans[2]?.healthChecks).toEqual([]);
  });

  it("a member whose own check is replaced: the CALCULATED check is updated to the new child before the old child goes", () => {
    const interval10 = endpoint("shop.example.com", {
      targets: ["192.0.2.1"],
      routing: {
        ...failoverWith({ kind: "auto" }),
        healthCheckSettings: { host: "shop.example.com", interval: 10 },
      },
    });
    const counter = { n: 0 };
    const first = planChanges({
      config: config({ clusterHealthCheck: EDGE }),
      endpoints: [auto()],
      skipped: [],
      state: state([zone([soa])]),
    });
    const s1 = applyTo(state([zone([soa])]), first, counter);
    const second = planChanges({
      config: config({ clusterHealthCheck: EDGE }),
      endpoints: [interval10],
      skipped: [],
      state: s1,
    });
    expect(checkLines(second)).toEqual(["CREATE member", "DELETE member", "UPDATE calculated"]);
    expect(second.changes).toEqual([]);
    applyTo(s1, second, counter);
  });

  it("health-check: none opts the member out: no check of its own, no CALCULATED check, and no cluster check while nobody uses it", () => {
    const none = endpoint("shop.example.com", {
      targets: ["192.0.2.1"],
      routing: { healthCheck: { kind: "none" } },
    });
    const r = runs([none], [{ clusterHealthCheck: EDGE }]);
    expect(r.plans[0]?.healthChecks).toEqual([]);
    expect(r.record("shop.example.com")).toBeUndefined();
  });

  it("health-check: <id> of someone else's: the CALCULATED check names it and the cluster check; it is never changed or deleted", () => {
    const theirs: HealthCheck = {
      id: "theirs-1",
      callerReference: "console",
      version: 1,
      spec: url("https://shop.example.com/health"),
      tags: {},
    };
    const existing = endpoint("shop.example.com", {
      targets: ["192.0.2.1"],
      routing: failoverWith({ kind: "existing", id: "theirs-1" }),
    });
    const r = runs([existing], [{ clusterHealthCheck: EDGE }, {}], [theirs]);
    expect(checkLines(r.plans[0] as Plan)).toEqual(["CREATE calculated", "CREATE cluster"]);
    const parent = r.plans[0]?.healthChecks.find((h) => isCalculated(h.spec));
    expect(parent && isCalculated(parent.spec) && parent.spec.children[0]).toBe("theirs-1");
    // Flag off: back to their id; ours are deleted, theirs stays.
    expect(checkLines(r.plans[1] as Plan)).toEqual(["DELETE calculated", "DELETE cluster"]);
    expect(r.record("shop.example.com")).toBe("theirs-1");
    expect(r.state.healthChecks.map((c) => c.id)).toEqual(["theirs-1"]);
  });

  it("a CALCULATED check of someone else's that names our check keeps it from being collected", () => {
    const r = runs([auto()], [{}]);
    const ours = r.state.healthChecks[0] as HealthCheck;
    const theirs: HealthCheck = {
      id: "theirs-calc",
      callerReference: "console",
      version: 1,
      spec: { type: "CALCULATED", children: [ours.id], healthThreshold: 1 },
      tags: {},
    };
    const gone = planChanges({
      config: config(),
      endpoints: [],
      skipped: [],
      state: { ...r.state, healthChecks: [ours, theirs] },
    });
    expect(gone.healthChecks).toEqual([]);
  });

  it("drained by the controller's --drain: the member's own check is inverted, the CALCULATED check stays as it is", () => {
    const r = runs([auto()], [{ clusterHealthCheck: EDGE }, { clusterHealthCheck: EDGE, drain: true }]);
    const drained = r.plans[1] as Plan;
    expect(checkLines(drained)).toEqual(["UPDATE member"]);
    expect(drained.healthChecks[0]?.spec).toMatchObject({ inverted: true });
  });
});
