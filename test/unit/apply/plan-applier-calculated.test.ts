// Ordering of CALCULATED checks and their children in applyPlan. The executor below enforces what
// Route 53 does and moto does not: a CALCULATED check may name only children that exist, and a child
// a CALCULATED check still names cannot be deleted (HealthCheckInUse). Records must never name a
// check that does not exist.
import { describe, expect, it } from "vitest";
import type { ApplyResult } from "../../../src/apply/change-batcher.js";
import {
  applyPlan,
  type HealthCheckExecutor,
  type ZoneChangeApplier,
} from "../../../src/apply/plan-applier.js";
import {
  type HealthCheckChange,
  type Plan,
  pendingHealthCheckId,
  type RecordChange,
} from "../../../src/model/changes.js";
import { type AnyHealthCheckSpec, isCalculated } from "../../../src/model/health-check.js";
import { httpsHealthCheck } from "../../fixtures/health-checks.js";
import { emptyPlan } from "../../fixtures/plans.js";

const endpoint = httpsHealthCheck({ fqdn: "lb.example.com" });
const calculated = (...children: string[]): AnyHealthCheckSpec => ({
  type: "CALCULATED",
  children,
  healthThreshold: 2,
});

function hc(
  action: HealthCheckChange["action"],
  ref: string,
  spec: AnyHealthCheckSpec = endpoint,
  id?: string,
): HealthCheckChange {
  return { action, callerReference: ref, ...(id ? { id } : {}), spec, tags: {}, for: "a.example.com." };
}

function upsert(healthCheckId: string): RecordChange {
  return {
    zoneId: "Z1",
    zoneName: "example.com.",
    action: "UPSERT",
    purpose: "record",
    group: "Z1|a.example.com.",
    record: {
      name: "a.example.com.",
      type: "A",
      policy: { kind: "failover", setIdentifier: "c1", role: "PRIMARY" },
      target: { kind: "values", values: ["192.0.2.1"], ttl: 60 },
      healthCheckId,
    },
  };
}

function plan(changes: RecordChange[], healthChecks: HealthCheckChange[]): Plan {
  return { ...emptyPlan(), changes, healthChecks };
}

/** Route 53's health checks and one record's HealthCheckId, with its rules for CALCULATED checks. */
function route53(initial: Record<string, AnyHealthCheckSpec>, recordCheck?: string, failCreate?: string) {
  const checks = new Map(Object.entries(initial));
  const state = { recordCheck, calls: [] as string[] };
  const parentsOf = (id: string) =>
    [...checks].filter(([, s]) => isCalculated(s) && s.children.includes(id)).map(([p]) => p);
  const checkChildren = (spec: AnyHealthCheckSpec) => {
    if (!isCalculated(spec)) return;
    for (const child of spec.children) {
      if (!checks.has(child)) throw new Error(`InvalidInput: child ${child} does not exist`);
    }
  };
  const healthChecks: HealthCheckExecutor = {
    async create(c) {
      state.calls.push(`create ${c.callerReference}`);
      if (c.callerReference === failCreate) throw new Error("InvalidInput: refused");
      checkChildren(c.spec);
      const id = `id-${c.callerReference}`;
      checks.set(id, c.spec);
      return id;
    },
    async update(c) {
      state.calls.push(`update ${c.id}`);
      checkChildren(c.spec);
      checks.set(c.id ?? "", c.spec);
    },
    async delete(c) {
      state.calls.push(`delete ${c.id}`);
      const parents = parentsOf(c.id ?? "");
      if (parents.length > 0) throw new Error(`HealthCheckInUse: named by ${parents.join(",")}`);
      checks.delete(c.id ?? "");
      // A record naming a deleted check: the moment this applier must never allow.
      if (state.recordCheck === c.id) throw new Error(`record still names deleted check ${c.id}`);
    },
  };
  const records: ZoneChangeApplier = {
    async apply(zoneId, changes): Promise<ApplyResult> {
      for (const change of changes) {
        const id = change.record.healthCheckId;
        if (id !== undefined && !checks.has(id)) throw new Error(`record names unknown check ${id}`);
        state.recordCheck = id;
        state.calls.push(`record -> ${id}`);
      }
      return { zoneId, applied: changes, failed: [], oversized: [], requests: 1 };
    },
  };
  return { checks, state, options: { records, healthChecks } };
}

describe("applyPlan with CALCULATED checks", () => {
  it("flag on: creates the member and cluster checks, then the CALCULATED check with their ids, then the record", async () => {
    const r53 = route53({});
    const member = pendingHealthCheckId("member");
    const cluster = pendingHealthCheckId("cluster");
    // The plan lists the CALCULATED check first on purpose: the applier orders, not the plan.
    const report = await applyPlan(
      plan(
        [upsert(pendingHealthCheckId("calc"))],
        [hc("CREATE", "calc", calculated(member, cluster)), hc("CREATE", "member"), hc("CREATE", "cluster")],
      ),
      r53.options,
    );
    expect(report.healthChecks.failed).toEqual([]);
    expect(r53.state.calls).toEqual(["create member", "create cluster", "create calc", "record -> id-calc"]);
    expect(r53.checks.get("id-calc")).toEqual(calculated("id-member", "id-cluster"));
  });

  it("flag off: repoints the record at the member's check, then deletes the CALCULATED check before the cluster check", async () => {
    const r53 = route53(
      { "hc-member": endpoint, "hc-cluster": endpoint, "hc-calc": calculated("hc-member", "hc-cluster") },
      "hc-calc",
    );
    const report = await applyPlan(
      plan(
        [upsert("hc-member")],
        [
          hc("DELETE", "cluster", endpoint, "hc-cluster"),
          hc("DELETE", "calc", calculated("hc-member", "hc-cluster"), "hc-calc"),
        ],
      ),
      r53.options,
    );
    expect(report.healthChecks.failed).toEqual([]);
    expect(r53.state.calls).toEqual(["record -> hc-member", "delete hc-calc", "delete hc-cluster"]);
    expect([...r53.checks.keys()]).toEqual(["hc-member"]);
  });

  it("a child that could not be created: its CALCULATED parent and the records are not sent", async () => {
    const r53 = route53({ "hc-cluster": endpoint }, undefined, "member");
    const report = await applyPlan(
      plan(
        [upsert(pendingHealthCheckId("calc"))],
        [
          hc("CREATE", "member"),
          hc("CREATE", "calc", calculated(pendingHealthCheckId("member"), "hc-cluster")),
        ],
      ),
      r53.options,
    );
    expect(r53.state.calls).toEqual(["create member"]);
    expect(report.healthChecks.failed.map((f) => [f.change.callerReference, f.message])).toEqual([
      ["member", expect.stringMatching(/refused/)],
      ["calc", expect.stringMatching(/child health check member could not be created/)],
    ]);
    expect(report.failed.map((g) => g.group)).toEqual(["Z1|a.example.com."]);
  });

  it("a CALCULATED check that could not be updated keeps the child it still names", async () => {
    const r53 = route53(
      { "hc-old": endpoint, "hc-cluster": endpoint, "hc-calc": calculated("hc-old", "hc-cluster") },
      "hc-calc",
    );
    r53.options.healthChecks.update = async (c) => {
      r53.state.calls.push(`update ${c.id}`);
      throw new Error("HealthCheckVersionMismatch");
    };
    const report = await applyPlan(
      plan(
        [],
        [
          hc("CREATE", "new"),
          hc("UPDATE", "calc", calculated(pendingHealthCheckId("new"), "hc-cluster"), "hc-calc"),
          hc("DELETE", "old", endpoint, "hc-old"),
        ],
      ),
      r53.options,
    );
    expect(r53.state.calls).toEqual(["create new", "update hc-calc"]);
    expect(report.healthChecks.failed.map((f) => f.message)).toEqual([
      expect.stringMatching(/VersionMismatch/),
      expect.stringMatching(/CALCULATED check could not be written/),
    ]);
    expect(r53.checks.has("hc-old")).toBe(true);
  });

  it("a CALCULATED check that could not be deleted keeps its children", async () => {
    const r53 = route53(
      { "hc-member": endpoint, "hc-cluster": endpoint, "hc-calc": calculated("hc-member", "hc-cluster") },
      "hc-member",
    );
    r53.options.healthChecks.delete = async (c) => {
      r53.state.calls.push(`delete ${c.id}`);
      throw new Error("Throttling");
    };
    const report = await applyPlan(
      plan(
        [],
        [
          hc("DELETE", "cluster", endpoint, "hc-cluster"),
          hc("DELETE", "calc", calculated("hc-member", "hc-cluster"), "hc-calc"),
        ],
      ),
      r53.options,
    );
    expect(r53.state.calls).toEqual(["delete hc-calc"]);
    expect(report.healthChecks.failed.map((f) => f.message)).toEqual([
      expect.stringMatching(/Throttling/),
      expect.stringMatching(/CALCULATED parent hc-calc could not be deleted/),
    ]);
  });
});
