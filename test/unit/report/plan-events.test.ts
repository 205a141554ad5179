import { describe, expect, it } from "vitest";
import type { Plan } from "../../../src/model/changes.js";
import type { SourceRef } from "../../../src/model/source-ref.js";
import { MemoryEventRecorder } from "../../../src/report/event-recorder.js";
import { eventsForPlan, parseSourceRef, recordAll, skipReasonOf } from "../../../src/report/plan-events.js";
import {
  applyReport,
  bookinfoOwnership,
  bookinfoWeighted50,
  change,
  emptyPlan,
  fullPlan,
  latencyCname,
} from "../../fixtures/plans.js";

const route: SourceRef = {
  group: "gateway.networking.k8s.io",
  kind: "HTTPRoute",
  namespace: "bookinfo",
  name: "bookinfo",
};

const report = applyReport;

describe("skipReasonOf", () => {
  it.each([
    ["Expected `route53-gslb.io/weight` to be an integer from 0 to 255, got `heavy`", "InvalidAnnotation"],
    ["conflict: a simple record exists where others have weighted members", "Conflict"],
    ["hostname is also claimed by Gateway a/b with different settings; the oldest object wins", "Conflict"],
    ["no hosted zone | allowed by --domain-filter", "HostnameSkipped"],
    ["no address in status yet", "HostnameSkipped"],
  ])("%s → %s", (reason, expected) => {
    expect(skipReasonOf(reason)).toBe(expected);
  });
});

describe("parseSourceRef", () => {
  it.each([
    [
      "gateway.networking.k8s.io/Gateway ns/gw",
      { group: "gateway.networking.k8s.io", kind: "Gateway", namespace: "ns", name: "gw" },
    ],
    [
      "Service istio-system/ingress",
      { group: "", kind: "Service", namespace: "istio-system", name: "ingress" },
    ],
  ])("%s", (text, expected) => {
    expect(parseSourceRef(text)).toEqual(expected);
  });

  it("rejects what formatSourceRef never writes", () => {
    expect(parseSourceRef("just-a-name")).toBeUndefined();
  });
});

describe("eventsForPlan", () => {
  const skipped = (reason: string, hostname?: string, optedOut?: boolean): Plan => ({
    ...emptyPlan(),
    skipped: [
      { source: route, reason, ...(hostname ? { hostname } : {}), ...(optedOut ? { optedOut } : {}) },
    ],
  });

  it.each([
    {
      name: "a bad annotation",
      plan: skipped("Expected `route53-gslb.io/ttl` to be an integer, got `x`"),
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
      plan: skipped("conflict: failover PRIMARY already exists", "app.example.com"),
      expected: [
        {
          type: "Warning",
          reason: "Conflict",
          message: "app.example.com: conflict: failover PRIMARY already exists",
        },
      ],
    },
    {
      name: "a hostname claimed by an older object",
      plan: skipped("hostname is also claimed by Gateway a/b with different settings", "app.example.com"),
      expected: [
        {
          type: "Warning",
          reason: "Conflict",
          message: "app.example.com: hostname is also claimed by Gateway a/b with different settings",
        },
      ],
    },
    {
      name: "a hostname without a zone",
      plan: skipped("no hosted zone", "app.example.org"),
      expected: [{ type: "Warning", reason: "HostnameSkipped", message: "app.example.org: no hosted zone" }],
    },
    {
      name: "an opt-out (what the user asked for)",
      plan: skipped("disabled", undefined, true),
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
