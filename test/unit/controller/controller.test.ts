import pino from "pino";
import { describe, expect, it } from "vitest";
import type { ApplyResult } from "../../../src/apply/change-batcher.js";
import { defaultPlannerConfig } from "../../../src/config/config.js";
import { Controller, type ControllerOptions } from "../../../src/controller/controller.js";
import { applyChangesToZones } from "../../../src/model/applied-state.js";
import type { AwsState } from "../../../src/model/aws-state.js";
import type { RecordChange } from "../../../src/model/changes.js";
import { planChanges } from "../../../src/plan/planner.js";
import { endpointsFromObjects } from "../../../src/sources/source.js";

const gateway = {
  apiVersion: "gateway.networking.k8s.io/v1",
  kind: "Gateway",
  metadata: { name: "gw", namespace: "default", annotations: { "route53-gslb.io/routing-policy": "simple" } },
  spec: {
    gatewayClassName: "x",
    listeners: [{ name: "http", port: 80, protocol: "HTTP", hostname: "app.example.com" }],
  },
  status: { addresses: [{ type: "IPAddress", value: "192.0.2.1" }] },
};

const state: AwsState = {
  zones: [{ id: "Z1", name: "example.com.", private: false, records: [] }],
  loadBalancers: [],
  healthChecks: [],
};

/** The controller's collaborators as recorders: this unit test is about the loop's decisions only. */
function harness(opts: { synced: boolean; dryRun?: boolean }) {
  const reads: string[] = [];
  const applied: string[] = [];
  const options: ControllerOptions = {
    objects: { objects: () => [gateway], synced: () => opts.synced, onChange: () => () => {} },
    aws: {
      readState: async (_endpoints, refresh) => {
        reads.push(refresh ?? "always");
        return { state, warnings: [], unresolved: [] };
      },
      batcher: {
        apply: async (zoneId: string, changes: never[]): Promise<ApplyResult> => {
          applied.push(zoneId);
          return { zoneId, applied: changes, failed: [], oversized: [], requests: 1 };
        },
      } as unknown as ControllerOptions["aws"]["batcher"],
      healthChecks: {} as ControllerOptions["aws"]["healthChecks"],
      zones: { applied: () => {}, zones: () => state.zones } as unknown as ControllerOptions["aws"]["zones"],
    },
    planner: defaultPlannerConfig("c1"),
    sources: ["gateway-api"],
    dryRun: opts.dryRun ?? false,
    schedule: { minEventIntervalMs: 10, resyncIntervalMs: 1000 },
    logger: pino({ level: "silent" }),
  };
  return { controller: new Controller(options), reads, applied };
}

describe("Controller.runOnce", () => {
  it("plans nothing before the informers have synced", async () => {
    const h = harness({ synced: false });
    const result = await h.controller.runOnce("start");
    expect(result.outcome).toBe("skipped-not-synced");
    expect(h.reads).toEqual([]);
  });

  it("re-lists zones on start and resync, uses the cache on events, and applies the plan", async () => {
    const h = harness({ synced: true });
    const first = await h.controller.runOnce("start");
    expect(first.outcome).toBe("success");
    expect(first.plan?.changes.map((c) => `${c.action} ${c.record.name} ${c.record.type}`)).toEqual([
      "CREATE app.example.com. A",
      "CREATE _gslb-a.app.example.com. TXT",
    ]);
    await h.controller.runOnce("event");
    expect(h.reads).toEqual(["always", "if-due"]);
    expect(h.applied).toEqual(["Z1", "Z1"]);
  });

  it("--dry-run plans and writes nothing", async () => {
    const h = harness({ synced: true, dryRun: true });
    const result = await h.controller.runOnce("start");
    expect(result.plan?.changes).toHaveLength(2);
    expect(h.applied).toEqual([]);
  });
});

describe("Controller: --max-deletions per resync interval", () => {
  const gw = (name: string) => ({
    ...gateway,
    metadata: { ...gateway.metadata, name },
    spec: { ...gateway.spec, listeners: [{ ...gateway.spec.listeners[0], hostname: `${name}.example.com` }] },
  });

  it("bounds deletions that trickle in one per run, and lets them through once the window has passed", async () => {
    let objects = [gw("a"), gw("b"), gw("c")];
    let current: AwsState = state;
    let now = 0;
    const options: ControllerOptions = {
      objects: { objects: () => objects, synced: () => true, onChange: () => () => {} },
      aws: {
        readState: async () => ({ state: current, warnings: [], unresolved: [] }),
        batcher: {
          apply: async (zoneId: string, changes: RecordChange[]): Promise<ApplyResult> => {
            current = { ...current, zones: applyChangesToZones(current.zones, changes) };
            return { zoneId, applied: changes, failed: [], oversized: [], requests: 1 };
          },
        } as unknown as ControllerOptions["aws"]["batcher"],
        healthChecks: {} as ControllerOptions["aws"]["healthChecks"],
        zones: {
          applied: () => {},
          zones: () => current.zones,
        } as unknown as ControllerOptions["aws"]["zones"],
      },
      planner: { ...defaultPlannerConfig("c1"), maxDeletions: { kind: "count", value: 1 } },
      sources: ["gateway-api"],
      dryRun: false,
      schedule: { minEventIntervalMs: 10, resyncIntervalMs: 1000 },
      logger: pino({ level: "silent" }),
      now: () => now,
    };
    const controller = new Controller(options);
    const names = () =>
      (current.zones[0]?.records ?? []).filter((r) => r.type === "A").map((r) => r.name.split(".")[0]);
    await controller.runOnce("start");
    expect(names()).toEqual(["a", "b", "c"]);

    objects = [gw("b"), gw("c")];
    now = 100;
    await controller.runOnce("resync");
    expect(names()).toEqual(["b", "c"]);

    // The next object disappears moments later: alone it fits the budget of 1, but one was just spent.
    objects = [gw("c")];
    now = 200;
    const held = await controller.runOnce("resync");
    expect(names()).toEqual(["b", "c"]);
    expect(held.plan?.heldBack[0]?.reason).toMatch(/1 record deletions \(after 1 made moments ago\) exceed/);

    now = 1_200;
    await controller.runOnce("resync");
    expect(names()).toEqual(["c"]);
  });
});

describe("Controller.run", () => {
  it("retries a failed reconcile with backoff (re-listing), without waiting for an event or the resync", async () => {
    const reasons: string[] = [];
    let failuresLeft = 2;
    const options: ControllerOptions = {
      objects: { objects: () => [gateway], synced: () => true, onChange: () => () => {} },
      aws: {
        readState: async (_endpoints: unknown, refresh?: string) => {
          reasons.push(refresh ?? "always");
          if (failuresLeft-- > 0) throw new Error("ListResourceRecordSets: ServiceUnavailable");
          return { state, warnings: [], unresolved: [] };
        },
        zones: {
          zones: () => state.zones,
          refresh: async () => {
            throw new Error("ListHostedZones: ServiceUnavailable");
          },
        },
      } as unknown as ControllerOptions["aws"],
      planner: defaultPlannerConfig("c1"),
      sources: ["gateway-api"],
      dryRun: true,
      // The resync is far away: only the retry can bring the runs that follow the failures.
      schedule: { minEventIntervalMs: 10, resyncIntervalMs: 600_000, retryBaseMs: 10 },
      logger: pino({ level: "silent" }),
    };
    const outcomes: string[] = [];
    const stop = new AbortController();
    const controller = new Controller({
      ...options,
      onReconcile: (r) => {
        outcomes.push(`${r.reason} ${r.outcome}`);
        if (r.outcome === "success") stop.abort();
      },
    });
    await controller.run(stop.signal);
    expect(outcomes).toEqual(["start error", "retry error", "retry success"]);
    expect(reasons).toEqual(["always", "always", "always"]);
  });
});

describe("Controller: the look before an event run overwrites", () => {
  const weighted = (weight: number) => ({
    ...gateway,
    metadata: { ...gateway.metadata, annotations: { "route53-gslb.io/weight": String(weight) } },
  });

  /** Published with weight 10; the event asks for 20; the re-read finds `found` at the names. */
  async function eventRun(found: "as cached" | "already 20") {
    let objects: unknown[] = [weighted(10)];
    let current: AwsState = state;
    const applied: RecordChange[][] = [];
    let reads = 0;
    // Between the re-read and the apply, the zone cache is only asked for its zones to plan again.
    let replans = 0;
    let reading = false;
    const zones = {
      applied: () => {},
      zones: () => {
        if (reading) replans++;
        return current.zones;
      },
      refreshNames: async () => {
        reads++;
        reading = true;
        if (found === "as cached") return { requests: 1, changed: false };
        // Someone else wrote weight 20 since the listing: the re-read brings it into the cache.
        const other = planChanges({
          config: defaultPlannerConfig("c1"),
          endpoints: endpointsFromObjects([weighted(20)]).endpoints,
          skipped: [],
          state: current,
        });
        current = { ...current, zones: applyChangesToZones(current.zones, other.changes) };
        return { requests: 1, changed: true };
      },
    };
    const controller = new Controller({
      objects: { objects: () => objects, synced: () => true, onChange: () => () => {} },
      aws: {
        readState: async () => ({ state: current, warnings: [], unresolved: [] }),
        batcher: {
          apply: async (zoneId: string, changes: RecordChange[]): Promise<ApplyResult> => {
            reading = false;
            applied.push(changes);
            current = { ...current, zones: applyChangesToZones(current.zones, changes) };
            return { zoneId, applied: changes, failed: [], oversized: [], requests: 1 };
          },
        } as unknown as ControllerOptions["aws"]["batcher"],
        healthChecks: {} as ControllerOptions["aws"]["healthChecks"],
        zones: zones as unknown as ControllerOptions["aws"]["zones"],
      },
      planner: defaultPlannerConfig("c1"),
      sources: ["gateway-api"],
      dryRun: false,
      schedule: { minEventIntervalMs: 10, resyncIntervalMs: 1000 },
      logger: pino({ level: "silent" }),
    });
    await controller.runOnce("start");
    applied.length = 0;
    objects = [weighted(20)];
    const result = await controller.runOnce("event");
    return { result, applied, reads, replans };
  }

  it("applies the plan it made, without planning again, when the names hold what the cache held", async () => {
    const { applied, reads, replans } = await eventRun("as cached");
    expect(reads).toBe(1);
    expect(replans).toBe(0);
    expect(applied.flat().map((c) => `${c.action} ${c.record.type}`)).toEqual(["UPSERT A"]);
  });

  it("plans again on what it found when they changed", async () => {
    const { result, applied, reads } = await eventRun("already 20");
    expect(reads).toBe(1);
    expect(result.plan?.changes).toEqual([]);
    expect(applied).toEqual([]);
  });
});

describe("Controller.run: the zones are listed as it starts", () => {
  it("lists the zones before the informers have synced, and the first run plans on that listing", async () => {
    const events: string[] = [];
    let synced = false;
    let changed: () => void = () => {};
    const stop = new AbortController();
    const controller = new Controller({
      objects: {
        objects: () => [gateway],
        synced: () => synced,
        onChange: (listener) => {
          changed = listener;
          return () => {};
        },
      },
      aws: {
        readState: async (_endpoints: unknown, refresh?: string) => {
          events.push(`readState ${refresh}`);
          return { state, warnings: [], unresolved: [] };
        },
        zones: {
          zones: () => state.zones,
          refresh: async () => {
            events.push("refresh");
            // The informers finish listing only after the zones were listed.
            setTimeout(() => {
              synced = true;
              changed();
            }, 5);
            return state.zones;
          },
        },
      } as unknown as ControllerOptions["aws"],
      planner: defaultPlannerConfig("c1"),
      sources: ["gateway-api"],
      dryRun: true,
      schedule: { minEventIntervalMs: 10, resyncIntervalMs: 600_000 },
      logger: pino({ level: "silent" }),
      onReconcile: (r) => {
        events.push(`${r.reason} ${r.outcome}`);
        if (r.outcome === "success") stop.abort();
      },
    });
    await controller.run(stop.signal);
    expect(events).toEqual(["refresh", "start skipped-not-synced", "readState if-due", "event success"]);
  });
});
