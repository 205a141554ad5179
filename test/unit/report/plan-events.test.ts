import { describe, expect, it } from "vitest";
import type { Plan } from "../../../src/model/changes.js";
import { PROBLEM_KINDS, type Problem, problemMessage } from "../../../src/model/problem.js";
import type { SourceRef } from "../../../src/model/source-ref.js";
import { MemoryEventRecorder } from "../../../src/report/event-recorder.js";
import { eventsForPlan, recordAll, skipReasonOf } from "../../../src/report/plan-events.js";
import {
  applyReport,
  bookinfoOwnership,
  bookinfoWeighted50,
  change,
  EVERY_PROBLEM,
  emptyPlan,
  fullPlan,
  latencyCname,
  policySwitchPlan,
} from "../../fixtures/plans.js";

const route: SourceRef = {
  group: "gateway.networking.k8s.io",
  kind: "HTTPRoute",
  namespace: "bookinfo",
  name: "bookinfo",
};

const report = applyReport;

describe("skipReasonOf", () => {
  it.each(EVERY_PROBLEM)("%o → %s", (problem, expected) => {
    expect(skipReasonOf(problem)).toBe(expected);
  });

  it("the table covers every problem kind", () => {
    expect(new Set(EVERY_PROBLEM.map(([p]) => p.kind))).toEqual(new Set(PROBLEM_KINDS));
  });

  it.each(EVERY_PROBLEM)(
    "%o gives its Event, with the problem's message, on the object",
    (problem, expected) => {
      const events = eventsForPlan({
        ...emptyPlan(),
        skipped: [{ source: route, hostname: "app.example.com", problem }],
      });
      expect(events).toEqual(
        expected === undefined
          ? []
          : [
              {
                ref: route,
                type: "Warning",
                reason: expected,
                message: `app.example.com: ${problemMessage(problem)}`,
              },
            ],
      );
    },
  );
});

describe("events for objects with names no regex could split", () => {
  // `formatSourceRef` spells these alike or ambiguously; Events must still land on each object.
  const hostile: SourceRef[] = [
    { group: "", kind: "Service", namespace: "a b", name: "c/d" },
    { group: "", kind: "Service", namespace: "a b/c", name: "d" },
    { group: "example.com", kind: "My Kind", namespace: "ns", name: "x y z" },
  ];

  it("gives each object its own Published Event", () => {
    const changes = hostile.map((source, i) =>
      change({ ...bookinfoWeighted50, name: `h${i}.example.com.` }, "CREATE", { source }),
    );
    const events = eventsForPlan(emptyPlan(), report({ applied: changes }));
    expect(events.map((e) => [e.ref, e.message])).toEqual(
      hostile.map((ref, i) => [ref, `Route 53 updated: CREATE h${i}.example.com. A (cluster-1)`]),
    );
  });

  it("holds back deletions on the object they belong to", () => {
    const plan: Plan = {
      ...emptyPlan(),
      heldBack: hostile.map((source, i) => ({
        change: change({ ...bookinfoWeighted50, name: `h${i}.example.com.` }, "DELETE", { source }),
        kind: "deletion-budget" as const,
        reason: "--max-deletions 0",
      })),
    };
    expect(eventsForPlan(plan).map((e) => e.ref)).toEqual(hostile);
  });

  it("warns about a skip on the object it is about", () => {
    const plan: Plan = {
      ...emptyPlan(),
      skipped: hostile.map((source) => ({ source, problem: { kind: "no-address", detail: "none yet" } })),
    };
    expect(eventsForPlan(plan).map((e) => e.ref)).toEqual(hostile);
  });
});

describe("eventsForPlan", () => {
  const skipped = (problem: Problem, hostname?: string): Plan => ({
    ...emptyPlan(),
    skipped: [{ source: route, problem, ...(hostname ? { hostname } : {}) }],
  });

  it.each([
    {
      name: "a bad annotation",
      plan: skipped({
        kind: "invalid-annotation",
        key: "route53-gslb.io/ttl",
        value: "x",
        accepted: "an integer",
        text: "Expected `route53-gslb.io/ttl` to be an integer, got `x`",
      }),
      expected: [
        {
          type: "Warning",
          reason: "InvalidAnnotation",
          message: "Expected `route53-gslb.io/ttl` to be an integer, got `x`",
        },
      ],
    },
    {
      name: "a conflict on one hostname",
      plan: skipped({ kind: "route53-rule", rule: "failover PRIMARY already exists" }, "app.example.com"),
      expected: [
        {
          type: "Warning",
          reason: "Conflict",
          message:
            "app.example.com: conflict: failover PRIMARY already exists; records this cluster does not own are never changed",
        },
      ],
    },
    {
      name: "a hostname claimed by an older object",
      plan: skipped(
        {
          kind: "conflict",
          winner: { group: "", kind: "Gateway", namespace: "a", name: "b" },
          claimants: [],
        },
        "app.example.com",
      ),
      expected: [
        {
          type: "Warning",
          reason: "Conflict",
          message:
            "app.example.com: hostname is also claimed by Gateway a/b with different settings; the oldest object wins",
        },
      ],
    },
    {
      name: "a hostname without a zone",
      plan: skipped({ kind: "no-zone", detail: "no hosted zone" }, "app.example.org"),
      expected: [{ type: "Warning", reason: "HostnameSkipped", message: "app.example.org: no hosted zone" }],
    },
    {
      name: "an opt-out (what the user asked for)",
      plan: skipped({ kind: "opted-out", key: "route53-gslb.io/enabled" }),
      expected: [],
    },
  ])("$name", ({ plan, expected }) => {
    expect(eventsForPlan(plan).map(({ type, reason, message }) => ({ type, reason, message }))).toEqual(
      expected,
    );
    for (const e of eventsForPlan(plan)) expect(e.ref).toEqual(route);
  });

  it("reports held-back deletions on their object, and nothing for orphans", () => {
    const plan = fullPlan();
    plan.heldBack.push({
      change: change(latencyCname, "DELETE", { source: undefined }),
      kind: "deletion-budget",
      reason: "--max-deletions 1",
    });
    const held = eventsForPlan(plan).filter((e) => e.reason === "DeletionsHeldBack");
    expect(held).toEqual([
      {
        ref: route,
        type: "Warning",
        reason: "DeletionsHeldBack",
        message:
          "deletions held back (--policy upsert-only does not allow deletes): DELETE old.tse.tetratelabs.io. A (cluster-1)",
      },
    ]);
  });

  it("reports rejected and oversized groups on every object of the group, not transient failures", () => {
    const rejected = [change(bookinfoWeighted50, "CREATE"), change(bookinfoOwnership, "CREATE")];
    const events = eventsForPlan(
      emptyPlan(),
      report({
        failed: [
          {
            group: "g1",
            changes: rejected,
            fingerprint: "f1",
            kind: "invalid",
            message: "Tried to create an alias that targets ...",
          },
          { group: "g1", changes: rejected, fingerprint: "f1", kind: "quarantined", message: "same" },
          { group: "g2", changes: rejected, fingerprint: "f2", kind: "error", message: "Throttling" },
          { group: "g3", changes: rejected, fingerprint: "f3", kind: "not-sent", message: "Throttling" },
        ],
        oversized: [
          {
            group: "g4",
            changes: rejected,
            cost: { elements: 2, characters: 10, changeTokens: 2 },
            reason: "1001 ResourceRecord elements > 1000",
          },
        ],
      }),
    );
    expect(events.map((e) => [e.ref, e.reason, e.message])).toEqual([
      [
        route,
        "Route53Rejected",
        "Route 53 rejected CREATE bookinfo.tse.tetratelabs.io. A (cluster-1): Tried to create an alias that targets ...; retried when the object changes",
      ],
      [
        route,
        "Route53Rejected",
        "not sent, Route 53 rejected it before CREATE bookinfo.tse.tetratelabs.io. A (cluster-1): same; retried when the object changes",
      ],
      [
        route,
        "Route53Rejected",
        "not sent, no Route 53 request can hold CREATE bookinfo.tse.tetratelabs.io. A (cluster-1): 1001 ResourceRecord elements > 1000",
      ],
    ]);
  });

  it("gives one Published per object with applied record changes", () => {
    const plan = fullPlan();
    const events = eventsForPlan(emptyPlan(), report({ applied: plan.changes }));
    expect(events).toEqual([
      {
        ref: route,
        type: "Normal",
        reason: "Published",
        message: "Route 53 updated: CREATE bookinfo.tse.tetratelabs.io. A (cluster-1)",
      },
      {
        ref: {
          group: "gateway.tsb.tetrate.io",
          kind: "Gateway",
          namespace: "bookinfo",
          name: "ratings-gateway",
        },
        type: "Normal",
        reason: "Published",
        message: "Route 53 updated: UPSERT ratings.tse.tetratelabs.io. A (cluster-1)",
      },
    ]);
  });

  it("lists at most five records in one message", () => {
    const changes = Array.from({ length: 7 }, (_, i) =>
      change({ ...bookinfoWeighted50, name: `h${i}.example.com.` }, "CREATE"),
    );
    const [event] = eventsForPlan(emptyPlan(), report({ applied: changes }));
    expect(event?.message).toMatch(/h4\.example\.com\. A \(cluster-1\) and 2 more$/);
  });

  it("records every event on a recorder", () => {
    const recorder = new MemoryEventRecorder();
    recordAll(recorder, eventsForPlan(fullPlan()));
    expect(recorder.events.map((e) => e.reason)).toEqual([
      "InvalidAnnotation",
      "HostnameSkipped",
      "DeletionsHeldBack",
    ]);
  });
});

describe("eventsForPlan: policy switches", () => {
  it("tells the object where its switch stands: Normal while waiting or converting, Warning when blocked", () => {
    const events = eventsForPlan(policySwitchPlan()).filter((e) => e.reason === "PolicySwitch");
    expect(events.map((e) => [e.ref.name, e.type, e.message.split(", ")[1]?.split(" ")[0]])).toEqual([
      ["bookinfo", "Normal", "converting"],
      ["bookinfo", "Normal", "waiting"],
      ["bookinfo", "Warning", "blocked:"],
    ]);
  });
  it("never tells another cluster's object about a conversion made on its behalf", () => {
    const plan = { ...policySwitchPlan(), policySwitches: [] };
    expect(eventsForPlan(plan, applyReport({ applied: plan.changes }))).toEqual([]);
  });
});
