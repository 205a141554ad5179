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
import { httpsHealthCheck } from "../../fixtures/health-checks.js";

const spec = httpsHealthCheck({ fqdn: "lb.example.com" });

function hc(action: HealthCheckChange["action"], ref: string, id?: string): HealthCheckChange {
  return { action, callerReference: ref, ...(id ? { id } : {}), spec, tags: {}, for: "a.example.com." };
}

function change(host: string, healthCheckId?: string, zoneId = "Z1"): RecordChange {
  return {
    zoneId,
    zoneName: "example.com.",
    action: "CREATE",
    purpose: "record",
    group: `${zoneId}|${host}`,
    record: {
      name: host,
      type: "A",
      policy: { kind: "failover", setIdentifier: "c1", role: "PRIMARY" },
      target: { kind: "values", values: ["192.0.2.1"], ttl: 60 },
      ...(healthCheckId ? { healthCheckId } : {}),
    },
  };
}

function plan(changes: RecordChange[], healthChecks: HealthCheckChange[]): Plan {
  return {
    clusterName: "c1",
    ownerId: "c1",
    changes,
    healthChecks,
    skipped: [],
    heldBack: [],
    conflicts: [],
    policySwitches: [],
    ownedRecords: 0,
    healthCheckUsage: { owned: 0, quota: 200 },
  };
}

/** Records what it is asked in order; fails the zones and creates it is told to. */
function fakes(opts: { failCreate?: string; failZone?: string } = {}) {
  const calls: string[] = [];
  const sent: RecordChange[] = [];
  const records: ZoneChangeApplier = {
    async apply(zoneId, changes): Promise<ApplyResult> {
      calls.push(`records ${zoneId} ${changes.length}`);
      sent.push(...changes);
      if (zoneId === opts.failZone) {
        return {
          zoneId,
          applied: [],
          failed: [
            { group: changes[0]?.group ?? "", changes, fingerprint: "f", kind: "invalid", message: "bad" },
          ],
          oversized: [],
          requests: 1,
        };
      }
      return { zoneId, applied: changes, failed: [], oversized: [], requests: 1 };
    },
  };
  const healthChecks: HealthCheckExecutor = {
    async create(c) {
      calls.push(`create ${c.callerReference}`);
      if (c.callerReference === opts.failCreate) throw new Error("HealthCheckAlreadyExists");
      return `id-${c.callerReference}`;
    },
    async update(c) {
      calls.push(`update ${c.id}`);
    },
    async delete(c) {
      calls.push(`delete ${c.id}`);
    },
  };
  return { calls, sent, records, healthChecks };
}

describe("applyPlan", () => {
  it("creates health checks first, substitutes their ids, and deletes old checks last", async () => {
    const f = fakes();
    const report = await applyPlan(
      plan(
        [change("a.example.com.", pendingHealthCheckId("ref-1"))],
        [hc("DELETE", "old", "hc-old"), hc("CREATE", "ref-1")],
      ),
      f,
    );
    expect(f.calls).toEqual(["create ref-1", "records Z1 1", "delete hc-old"]);
    expect(f.sent[0]?.record.healthCheckId).toBe("id-ref-1");
    expect(report.applied).toHaveLength(1);
    expect(report.healthChecks.failed).toEqual([]);
  });

  it("does not send a group whose health check could not be created, and reports why", async () => {
    const f = fakes({ failCreate: "ref-1" });
    const report = await applyPlan(
      plan(
        [change("a.example.com.", pendingHealthCheckId("ref-1")), change("b.example.com.")],
        [hc("CREATE", "ref-1")],
      ),
      f,
    );
    expect(f.sent.map((c) => c.record.name)).toEqual(["b.example.com."]);
    expect(report.failed.map((g) => [g.group, g.message])).toEqual([
      [
        "Z1|a.example.com.",
        expect.stringMatching(/ref-1 could not be created: Error: HealthCheckAlreadyExists/),
      ],
    ]);
  });

  it("keeps old health checks when a record change failed", async () => {
    const f = fakes({ failZone: "Z1" });
    const report = await applyPlan(plan([change("a.example.com.")], [hc("DELETE", "old", "hc-old")]), f);
    expect(f.calls).not.toContain("delete hc-old");
    expect(report.healthChecks.failed[0]?.message).toMatch(/not deleted/);
  });

  it("applies each zone separately", async () => {
    const f = fakes();
    await applyPlan(
      plan([change("a.example.com.", undefined, "Z1"), change("a.example.org.", undefined, "Z2")], []),
      f,
    );
    expect(f.calls.sort()).toEqual(["records Z1 1", "records Z2 1"]);
  });
});
