import { describe, expect, it } from "vitest";
import { applyChangesToZones } from "../../../src/model/applied-state.js";
import type { AwsState } from "../../../src/model/aws-state.js";
import type { Plan } from "../../../src/model/changes.js";
import type { HealthCheck } from "../../../src/model/health-check.js";
import { problemMessage as msgOf, type Problem } from "../../../src/model/problem.js";
import type { RecordSet } from "../../../src/model/record-set.js";
import { planDrain } from "../../../src/plan/drain.js";
import { ownershipRecord } from "../../../src/plan/ownership.js";
import { planChanges } from "../../../src/plan/planner.js";
import { httpsHealthCheck } from "../../fixtures/health-checks.js";
import {
  config,
  endpoint,
  handMade,
  lbCluster1,
  ownedWeighted,
  resourceId,
  soa,
  state,
  zone,
} from "../../fixtures/planner.js";

/** A skip's or conflict's problem as plan output words it. */
const msg = (s: { problem: Problem } | undefined): string => (s ? msgOf(s.problem) : "");

const failoverCheck: HealthCheck = {
  id: "hc-1",
  callerReference: "r53gslb-x",
  version: 2,
  spec: httpsHealthCheck({ fqdn: lbCluster1.dnsName }),
  tags: {
    "route53-gslb/owner": "cluster-1",
    "route53-gslb/hostname": "ratings.example.com",
    "route53-gslb/set-identifier": "cluster-1",
  },
};

/** A failover member of `owner` with its ownership TXT, optionally guarded by a health check. */
function ownedFailover(host: string, owner: string, healthCheckId?: string): RecordSet[] {
  return [
    {
      name: host,
      type: "A",
      policy: { kind: "failover", setIdentifier: owner, role: "PRIMARY" },
      target: { kind: "values", values: ["192.0.2.1"], ttl: 60 },
      ...(healthCheckId ? { healthCheckId } : {}),
    },
    ownershipRecord(host, "A", {
      owner,
      setIdentifier: owner,
      resource: resourceId("core/Service/ns/ratings"),
    }),
  ];
}

/** The failover member `ownedFailover` stands for, as its manifests want it (health-check auto). */
const ratingsFailover = () =>
  endpoint("ratings.example.com", {
    targets: ["192.0.2.1"],
    routing: {
      policy: "failover",
      failover: "PRIMARY",
      ttl: 60,
      healthCheck: { kind: "auto" },
      healthCheckSettings: { host: lbCluster1.dnsName },
    },
  });

/** `ACTION purpose name TYPE weight`, plus each TXT's drain fields. */
function describe_(plan: Plan): string[] {
  return plan.changes.map((c) => {
    const p = c.record.policy;
    const mark = c.record.target.kind === "values" ? c.record.target.values.join(" ") : "";
    const detail =
      c.purpose === "ownership"
        ? (mark.match(/drained=[^"]*/)?.[0] ?? "undrained")
        : p.kind === "weighted"
          ? `weight=${p.weight}`
          : p.kind;
    return `${c.action} ${c.purpose} ${c.record.name} ${detail}`.trim();
  });
}

describe("planDrain (route53-gslb drain / undrain)", () => {
  const records = [
    soa,
    ...ownedWeighted("bookinfo.example.com", "cluster-1", 100),
    ...ownedWeighted("bookinfo.example.com", "cluster-2", 50),
    handMade("manual.example.com"),
    ...ownedFailover("ratings.example.com.", "cluster-1", "hc-1"),
    ...ownedFailover("details.example.com.", "cluster-1"),
  ];
  const current = state([zone(records)], [failoverCheck]);

  it("drains this owner's members only: weight 0, inverted health check, a mark that keeps the weight", () => {
    const plan = planDrain(current, config(), "drain");
    expect(describe_(plan)).toEqual([
      "UPSERT record bookinfo.example.com. weight=0",
      "UPSERT ownership _gslb-a.bookinfo.example.com. drained=true,restore-weight=100",
      "UPSERT ownership _gslb-a.ratings.example.com. drained=true",
    ]);
    expect(plan.healthChecks).toEqual([
      expect.objectContaining({
        action: "UPDATE",
        id: "hc-1",
        version: 2,
        spec: { ...failoverCheck.spec, inverted: true },
      }),
    ]);
    // A failover member without a health check of ours cannot leave rotation: said, not marked.
    expect(plan.skipped).toEqual([
      expect.objectContaining({
        hostname: "details.example.com",
        source: { group: "", kind: "Service", namespace: "ns", name: "ratings" },
        problem: {
          kind: "not-drainable",
          mode: "drain",
          detail: expect.stringMatching(/cannot be drained.*health-check: auto/),
        },
      }),
    ]);
    expect(plan.changes.every((c) => c.action === "UPSERT")).toBe(true);
    expect(new Set(plan.changes.map((c) => c.group)).size).toBe(2);
  });

  it("undrain puts back exactly what drain changed, and both are idempotent", () => {
    const drained = applyDrainPlan(current, planDrain(current, config(), "drain"));
    expect(planDrain(drained, config(), "drain").changes).toEqual([]);
    const back = applyDrainPlan(drained, planDrain(drained, config(), "undrain"));
    expect(back.zones).toEqual(current.zones);
    expect(back.healthChecks.map((c) => c.spec)).toEqual(current.healthChecks.map((c) => c.spec));
    expect(planDrain(back, config(), "undrain").changes).toEqual([]);
  });

  it("the planner keeps a marked member drained and updates the weight undrain will restore", () => {
    const one = state([zone([soa, ...ownedWeighted("bookinfo.example.com", "cluster-1", 100)])]);
    const drained = applyDrainPlan(one, planDrain(one, config(), "drain"));
    const plan = (weight: number) =>
      planChanges({
        config: config(),
        endpoints: [endpoint("bookinfo.example.com", { routing: { weight } })],
        skipped: [],
        state: drained,
      });
    expect(plan(100).changes).toEqual([]);
    // The member stays at weight 0; only the mark learns the weight the manifests want now.
    expect(describe_(plan(30))).toEqual([
      "UPSERT ownership _gslb-a.bookinfo.example.com. drained=true,restore-weight=30",
    ]);
    const after = applyDrainPlan(drained, plan(30));
    const undrained = applyDrainPlan(after, planDrain(after, config(), "undrain"));
    expect(undrained.zones[0]?.records.find((r) => r.type === "A")?.policy).toMatchObject({ weight: 30 });
  });

  it("a failover member with a health check of ours is drained through it by the planner as well", () => {
    const drained = applyDrainPlan(current, planDrain(current, config(), "drain"));
    const plan = planChanges({
      config: config(),
      endpoints: [ratingsFailover()],
      skipped: [],
      state: { ...drained, zones: [zone([soa, ...onlyHost(drained, "ratings.example.com.")])] },
    });
    // The inverted check is what the planner wants too: no health-check change, no record change.
    expect(plan.healthChecks).toEqual([]);
    expect(plan.changes.filter((c) => c.purpose === "record")).toEqual([]);
  });

  it("a member behind a cluster health check: drain inverts its own check (the CALCULATED check's child), never the cluster's, and the planner agrees", () => {
    const edge = httpsHealthCheck({ fqdn: "edge.cluster-1.example.com" });
    const clusterCheck: HealthCheck = {
      id: "hc-cluster",
      callerReference: "r53gslb-c",
      version: 1,
      spec: edge,
      tags: { "route53-gslb/owner": "cluster-1", "route53-gslb/kind": "cluster" },
    };
    const calculated: HealthCheck = {
      id: "hc-calc",
      callerReference: "r53gslb-k",
      version: 1,
      spec: { type: "CALCULATED", children: ["hc-1", "hc-cluster"], healthThreshold: 2 },
      tags: { ...failoverCheck.tags, "route53-gslb/kind": "calculated" },
    };
    const behind = state(
      [zone([soa, ...ownedFailover("ratings.example.com.", "cluster-1", "hc-calc")])],
      [failoverCheck, clusterCheck, calculated],
    );
    const drain = planDrain(behind, config(), "drain");
    expect(drain.skipped).toEqual([]);
    expect(drain.healthChecks.map((h) => [h.id, h.spec.inverted])).toEqual([["hc-1", true]]);
    const drained = applyDrainPlan(behind, drain);
    const plan = planChanges({
      config: config({ clusterHealthCheck: edge }),
      endpoints: [ratingsFailover()],
      skipped: [],
      state: drained,
    });
    expect(plan.healthChecks).toEqual([]);
    expect(plan.changes.filter((c) => c.purpose === "record")).toEqual([]);
    const undrain = planDrain(drained, config(), "undrain");
    expect(undrain.healthChecks.map((h) => [h.id, h.spec.inverted])).toEqual([["hc-1", undefined]]);
  });

  it("undrain refuses a weighted member whose mark lost its weight, and names it", () => {
    const txt = ownershipRecord("bookinfo.example.com.", "A", {
      owner: "cluster-1",
      setIdentifier: "cluster-1",
      drained: {},
    });
    const [member] = ownedWeighted("bookinfo.example.com", "cluster-1", 0);
    if (!member) throw new Error("fixture");
    const plan = planDrain(state([zone([soa, member, txt])]), config(), "undrain");
    expect(plan.changes).toEqual([]);
    expect(msg(plan.skipped[0])).toMatch(/no weight to restore/);
  });
});

/** Route 53 after a drain plan: the record changes applied, health-check UPDATEs in place. */
function applyDrainPlan(s: AwsState, plan: Plan): AwsState {
  const healthChecks = s.healthChecks.map((h) => {
    const u = plan.healthChecks.find((c) => c.id === h.id);
    return u ? { ...h, spec: u.spec, version: h.version + 1 } : h;
  });
  return { ...s, zones: applyChangesToZones(s.zones, plan.changes), healthChecks };
}

function onlyHost(s: AwsState, host: string): RecordSet[] {
  return (s.zones[0]?.records ?? []).filter((r) => r.name === host || r.name.endsWith(`.${host}`));
}
