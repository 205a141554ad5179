import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { MaxDeletions } from "../../../src/config/config.js";
import type { AwsState } from "../../../src/model/aws-state.js";
import type { Plan } from "../../../src/model/changes.js";
import type { EndpointIntent } from "../../../src/model/endpoint.js";
import type { Skipped } from "../../../src/model/source-ref.js";
import { hostsMentioned, hostsWithChangedEndpoints } from "../../../src/plan/plan-scope.js";
import { planChanges } from "../../../src/plan/planner.js";
import { endpoint } from "../../fixtures/planner.js";
import {
  apply,
  cfg,
  endpointArb,
  setUp,
  setUpSwitch,
  switchEndpointArb,
  switchScenario,
} from "../../fixtures/planner-scenarios.js";

/*
 * The controller's event runs plan only the hosts the previous plan named and the hosts whose
 * endpoints changed (controller/event-scope.ts). Here cluster-1 runs a sequence of plans, each applied
 * with some groups failing, and every plan after the first is made twice: in full, and limited to
 * those hosts. They must be the same plan, field for field.
 */

interface Step {
  /** cluster-1's endpoints in this run; undefined keeps the previous run's (a run with nothing changed). */
  endpoints: EndpointIntent[] | undefined;
  /** Groups whose number mod 3 is this fail to apply (Route 53 refused them); 3 means none fail. */
  failing: number;
}

const stepArb = (endpoints: fc.Arbitrary<EndpointIntent[]>) =>
  fc.record({
    endpoints: fc.option(endpoints, { nil: undefined, freq: 3 }),
    failing: fc.integer({ min: 0, max: 3 }),
  });

const HELD = ["gw-2", "gw-3"];
/** Objects the sources could not read: their records are held, at one host or throughout. */
const skippedArb = fc.subarray(
  HELD.flatMap((name): Skipped[] => [
    {
      source: { group: "gateway.networking.k8s.io", kind: "Gateway", namespace: "bookinfo", name },
      problem: { kind: "no-address", detail: "no address yet" },
    },
    {
      source: { group: "gateway.networking.k8s.io", kind: "Gateway", namespace: "bookinfo", name },
      hostname: "b.example.com",
      problem: { kind: "no-address", detail: "no address yet" },
    },
    {
      source: { group: "gateway.networking.k8s.io", kind: "Gateway", namespace: "bookinfo", name },
      hostname: "a_b.example.com",
      problem: { kind: "invalid-hostname", error: "not a hostname" },
      holdsObject: true,
    },
  ]),
  { maxLength: 1 },
);

/** The endpoints of the shared scenarios, and now and then one in no zone of the account. */
const withStrays = fc.oneof(
  { weight: 5, arbitrary: endpointArb },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom("gw-1", "gw-2")
      .map((name) => endpoint("x.elsewhere.org", { name, targets: ["192.0.2.7"] })),
  },
);

const maxDeletionsArb = fc.constantFrom<MaxDeletions>(
  { kind: "percent", value: 100 },
  { kind: "count", value: 1 },
  { kind: "count", value: 0 },
);

interface Options {
  skipped: Skipped[];
  maxDeletions: MaxDeletions;
  recentDeletions: number;
}

function plan(s: AwsState, endpoints: EndpointIntent[], o: Options, hosts?: ReadonlySet<string>): Plan {
  return planChanges({
    config: cfg("cluster-1", { maxDeletions: o.maxDeletions }),
    endpoints,
    skipped: o.skipped,
    state: s,
    recentDeletions: o.recentDeletions,
    ...(hosts ? { hosts } : {}),
  });
}

/** The plan as applied when the groups `failing` picks were refused (health checks all succeed). */
function partly(p: Plan, failing: number): Plan {
  const groups = [...new Set(p.changes.map((c) => c.group))].sort();
  const failed = new Set(groups.filter((_, i) => i % 3 === failing));
  return { ...p, changes: p.changes.filter((c) => !failed.has(c.group)) };
}

/** Runs the steps from `s`; returns how many runs were planned both ways. */
function checkSteps(
  start: AwsState,
  writers: Map<string, string>,
  first: EndpointIntent[],
  steps: Step[],
  o: Options,
): number {
  let s = start;
  let endpoints = first;
  let last: { endpoints: EndpointIntent[]; mentioned: Set<string> } | undefined;
  let compared = 0;
  for (const step of [{ endpoints: first, failing: 3 }, ...steps]) {
    endpoints = step.endpoints ?? endpoints;
    const full = plan(s, endpoints, o);
    if (last) {
      const hosts = hostsWithChangedEndpoints(last.endpoints, endpoints);
      for (const h of last.mentioned) hosts.add(h);
      expect(plan(s, endpoints, o, hosts)).toEqual(full);
      compared++;
    }
    s = apply(s, partly(full, step.failing), writers, "cluster-1");
    last = { endpoints, mentioned: hostsMentioned(full) };
  }
  return compared;
}

describe("a plan limited to the hosts that can have changed is the full plan (property)", () => {
  it("over runs of random endpoints, failures, held objects and deletion budgets", () => {
    fc.assert(
      fc.property(
        fc.record({
          handMadeHosts: fc.subarray(["a.example.com", "c.sub.example.com", "b.example.com"], {
            maxLength: 1,
          }),
          other: fc.array(endpointArb, { maxLength: 4 }),
          first: fc.array(withStrays, { maxLength: 4 }),
          steps: fc.array(stepArb(fc.array(withStrays, { maxLength: 5 })), { minLength: 1, maxLength: 4 }),
          skipped: skippedArb,
          maxDeletions: maxDeletionsArb,
          recentDeletions: fc.constantFrom(0, 1),
        }),
        (sc) => {
          const { s, writers } = setUp({ ...sc, before: [] });
          checkSteps(s, writers, sc.first, sc.steps, sc);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("through policy switches another owner asked for", () => {
    fc.assert(
      fc.property(
        switchScenario,
        fc.array(stepArb(fc.array(switchEndpointArb("192.0.2.1"), { maxLength: 2 })), {
          minLength: 1,
          maxLength: 4,
        }),
        (sc, steps) => {
          // cluster-2's change of mind is seen by a full plan (a resync); cluster-1's runs follow.
          const { s, writers } = setUpSwitch(sc);
          const o = {
            skipped: [],
            maxDeletions: { kind: "percent", value: 100 } as const,
            recentDeletions: 0,
          };
          checkSteps(s, writers, sc.after, steps, o);
        },
      ),
      { numRuns: 500 },
    );
  });
});
