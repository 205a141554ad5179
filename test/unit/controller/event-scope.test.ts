import { describe, expect, it } from "vitest";
import { EventScope } from "../../../src/controller/event-scope.js";
import type { AwsState } from "../../../src/model/aws-state.js";
import type { Plan, RecordChange } from "../../../src/model/changes.js";
import type { SourceOutput } from "../../../src/sources/source.js";
import { endpoint, handMade, state, zone } from "../../fixtures/planner.js";
import { emptyPlan } from "../../fixtures/plans.js";

const sources = (...hosts: string[]): SourceOutput => ({
  endpoints: hosts.map((h) => endpoint(h, { targets: ["192.0.2.1"] })),
  skipped: [],
});

/** A plan with one change at `host` (all that matters here is the host it names). */
function planAt(host: string): Plan {
  const change: RecordChange = {
    zoneId: "ZEXAMPLE",
    zoneName: "example.com.",
    action: "CREATE",
    purpose: "record",
    record: handMade(host),
    group: `ZEXAMPLE|${host}`,
  };
  return { ...emptyPlan(), changes: [change] };
}

describe("EventScope", () => {
  const s: AwsState = state([zone([])]);

  it("plans everything before a run has planned, and after a run that did not", () => {
    const scope = new EventScope();
    expect(scope.begin()(sources("a.example.com"), s)).toBeUndefined();
    scope.planned(sources("a.example.com"), s, emptyPlan(), s.zones);
    scope.begin(); // a run that failed before it planned
    expect(scope.begin()(sources("a.example.com"), s)).toBeUndefined();
  });

  it("limits the next run to the hosts the plan named and those whose endpoints changed", () => {
    const scope = new EventScope();
    scope.begin();
    scope.planned(sources("a.example.com", "b.example.com"), s, planAt("c.example.com."), s.zones);
    const hosts = scope.begin()(sources("a.example.com", "d.example.com"), s);
    expect([...(hosts ?? [])].sort()).toEqual(["b.example.com.", "c.example.com.", "d.example.com."]);
  });

  it("plans everything when the zones were read again, health checks or load balancers differ, or skips changed", () => {
    const cases: { name: string; state: AwsState; sources: SourceOutput }[] = [
      { name: "zones re-read", state: { ...s, zones: [...s.zones] }, sources: sources("a.example.com") },
      {
        name: "health checks",
        state: {
          ...s,
          healthChecks: [{ id: "hc", callerReference: "r", version: 1, spec: {} as never, tags: {} }],
        },
        sources: sources("a.example.com"),
      },
      {
        name: "a skip",
        state: s,
        sources: {
          ...sources("a.example.com"),
          skipped: [
            {
              source: { group: "", kind: "Service", namespace: "ns", name: "svc" },
              problem: { kind: "no-address", detail: "none yet" },
            },
          ],
        },
      },
    ];
    for (const c of cases) {
      const scope = new EventScope();
      scope.begin();
      scope.planned(sources("a.example.com"), s, emptyPlan(), s.zones);
      expect(scope.begin()(c.sources, c.state), c.name).toBeUndefined();
    }
  });
});
