import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../../src/model/changes.js";
import { planToJson, renderPlanJson } from "../../../src/report/plan-json.js";
import {
  bookinfoWeighted50,
  change,
  emptyPlan,
  fullPlan,
  latencyCname,
  policySwitchPlan,
  takeoverPlan,
  webRegistryTxt,
} from "../../fixtures/plans.js";

describe("renderPlanJson", () => {
  it("renders an empty plan", () => {
    expect(renderPlanJson(emptyPlan())).toBe(
      `${JSON.stringify(
        {
          version: 1,
          clusterName: "cluster-1",
          changes: [],
          healthChecks: [],
          skipped: [],
          summary: { create: 0, update: 0, delete: 0, skipped: 0 },
          heldBack: [],
          healthCheckUsage: { owned: 0, quota: 200 },
          conflicts: [],
          policySwitches: [],
          takeovers: [],
        },
        null,
        2,
      )}\n`,
    );
  });

  it("keeps the documented key order at every level", () => {
    const json = planToJson(fullPlan());
    expect(Object.keys(json)).toEqual([
      "version",
      "clusterName",
      "changes",
      "healthChecks",
      "skipped",
      "summary",
      "heldBack",
      "healthCheckUsage",
      "conflicts",
      "policySwitches",
      "takeovers",
    ]);
    expect(Object.keys(json.changes[0] ?? {})).toEqual([
      "zoneId",
      "zoneName",
      "action",
      "purpose",
      "recordSet",
      "source",
    ]);
    expect(Object.keys(json.changes[0]?.recordSet ?? {})).toEqual([
      "Name",
      "Type",
      "SetIdentifier",
      "Weight",
      "AliasTarget",
    ]);
    expect(Object.keys(json.changes[0]?.recordSet.AliasTarget ?? {})).toEqual([
      "HostedZoneId",
      "DNSName",
      "EvaluateTargetHealth",
    ]);
    expect(Object.keys(json.healthChecks[0] ?? {})).toEqual([
      "action",
      "callerReference",
      "config",
      "for",
      "kind",
    ]);
    expect(Object.keys(json.skipped[0] ?? {})).toEqual(["source", "hostname", "reason", "problem"]);
    expect(Object.keys(json.heldBack[0] ?? {})).toEqual([
      "zoneId",
      "zoneName",
      "action",
      "purpose",
      "recordSet",
      "source",
      "reason",
      "kind",
    ]);
  });

  it.each<[string, Plan, Record<string, unknown>]>([
    [
      "a weighted alias member",
      { ...emptyPlan(), changes: [change(bookinfoWeighted50, "CREATE")] },
      {
        action: "CREATE",
        purpose: "record",
        recordSet: {
          Name: "bookinfo.tse.tetratelabs.io.",
          Type: "A",
          SetIdentifier: "cluster-1",
          Weight: 50,
          AliasTarget: {
            HostedZoneId: "ZD4D7Y8KGAS4G",
            DNSName: "k8s-istiosys-istioing-1a2b3c4d5e-0123456789abcdef.elb.eu-west-2.amazonaws.com.",
            EvaluateTargetHealth: true,
          },
        },
        source: "gateway.networking.k8s.io/HTTPRoute bookinfo/bookinfo",
      },
    ],
    [
      "a latency CNAME deleted, source unknown",
      { ...emptyPlan(), changes: [change(latencyCname, "DELETE", { source: undefined })] },
      {
        action: "DELETE",
        recordSet: {
          Name: "reviews.example.org.",
          Type: "CNAME",
          SetIdentifier: "cluster-1",
          Region: "eu-west-2",
          TTL: 60,
          ResourceRecords: [{ Value: "reviews.internal.example.net." }],
        },
        source: null,
      },
    ],
  ])("spells %s as the AWS SDK does", (_name, plan, expected) => {
    expect(planToJson(plan).changes[0]).toMatchObject(expected);
  });

  it("spells a geoproximity member's location in the SDK's key order", () => {
    const member = {
      name: "geo.example.com.",
      type: "A",
      policy: {
        kind: "geoproximity" as const,
        setIdentifier: "cluster-1",
        place: { kind: "coordinates" as const, latitude: "49.22", longitude: "-74.01" },
        bias: 10,
      },
      target: { kind: "values" as const, values: ["192.0.2.1"], ttl: 60 },
    };
    const recordSet = planToJson({ ...emptyPlan(), changes: [change(member, "CREATE")] }).changes[0]
      ?.recordSet;
    expect(Object.keys(recordSet ?? {})).toEqual([
      "Name",
      "Type",
      "SetIdentifier",
      "TTL",
      "ResourceRecords",
      "GeoProximityLocation",
    ]);
    expect(JSON.stringify(recordSet?.GeoProximityLocation)).toBe(
      '{"Coordinates":{"Latitude":"49.22","Longitude":"-74.01"},"Bias":10}',
    );
  });

  it("gives the health check config in the SDK's spelling and keeps the pending id", () => {
    const json = planToJson(fullPlan());
    expect(json.healthChecks[0]).toEqual({
      action: "CREATE",
      callerReference: "r53gslb-abc123",
      config: {
        Port: 443,
        Type: "HTTPS",
        ResourcePath: "/health",
        FullyQualifiedDomainName:
          "k8s-istiosys-istioing-1a2b3c4d5e-0123456789abcdef.elb.eu-west-2.amazonaws.com",
        RequestInterval: 30,
        FailureThreshold: 3,
        EnableSNI: true,
      },
      for: "ratings.tse.tetratelabs.io.",
      kind: "member",
    });
    expect(json.changes[2]?.recordSet.HealthCheckId).toContain("r53gslb-abc123");
  });

  it("counts the summary by action and writes skipped hostnames as null when the object is skipped", () => {
    const json = planToJson(fullPlan());
    expect(json.summary).toEqual({ create: 3, update: 1, delete: 1, skipped: 2 });
    expect(json.skipped[0]?.hostname).toBeNull();
    expect(json.heldBack[0]?.reason).toBe("--policy upsert-only does not allow deletes");
    expect(json.heldBack[0]?.kind).toBe("policy");
  });

  it("adds each skip's problem as data, objects spelled as `source` is, beside the unchanged `reason`", () => {
    const winner = { group: "", kind: "Service", namespace: "a b", name: "c/d", uid: "u-1" };
    const loser = { group: "", kind: "Service", namespace: "ns", name: "new" };
    const plan: Plan = {
      ...emptyPlan(),
      skipped: [
        {
          source: loser,
          hostname: "app.example.com",
          problem: { kind: "conflict", winner, claimants: [winner, loser] },
        },
      ],
    };
    expect(planToJson(plan).skipped).toEqual([
      {
        source: "Service ns/new",
        hostname: "app.example.com",
        reason: "hostname is also claimed by Service a b/c/d with different settings; the oldest object wins",
        problem: {
          kind: "conflict",
          winner: "Service a b/c/d",
          claimants: ["Service a b/c/d", "Service ns/new"],
        },
      },
    ]);
    expect(planToJson(fullPlan()).skipped.map((s) => s.problem)).toEqual([
      {
        kind: "invalid-annotation",
        key: "route53-gslb.io/weight",
        value: "heavy",
        accepted: "an integer from 0 to 255",
        text: "Expected `route53-gslb.io/weight` to be an integer from 0 to 255, got `heavy`",
      },
      { kind: "no-zone", detail: "no hosted zone | allowed by --domain-filter" },
    ]);
  });

  it("ends with a newline and uses 2-space indentation", () => {
    const text = renderPlanJson(fullPlan());
    expect(text.endsWith("}\n")).toBe(true);
    expect(text.split("\n")[1]).toBe('  "version": 1,');
  });

  it("is byte-identical for equal plans, however their objects were built", () => {
    // Build the same plan with record fields assigned in a random order: the output must not change.
    const shuffled = (plan: Plan, seed: number): Plan => {
      const reorder = <T extends object>(o: T): T => {
        const keys = Object.keys(o);
        const rotated = [...keys.slice(seed % keys.length), ...keys.slice(0, seed % keys.length)];
        return Object.fromEntries(rotated.map((k) => [k, (o as Record<string, unknown>)[k]])) as T;
      };
      return reorder({
        ...plan,
        changes: plan.changes.map((c) =>
          reorder({ ...c, record: reorder({ ...c.record, target: reorder(c.record.target) }) }),
        ),
      });
    };
    const expected = renderPlanJson(fullPlan());
    fc.assert(
      fc.property(fc.nat(20), (seed) => {
        expect(renderPlanJson(shuffled(fullPlan(), seed))).toBe(expected);
      }),
    );
  });

  it("lists takeovers (added in 0.4) and marks the changes that make them; other changes carry no `takeover`", () => {
    const json = planToJson(takeoverPlan());
    expect(json.takeovers.map((t) => [t.how, t.recordSet.Name, t.current.SetIdentifier ?? null])).toEqual([
      ["conversion", "api.tse.tetratelabs.io.", null],
      ["in-place", "web.tse.tetratelabs.io.", "cluster-1"],
    ]);
    expect(Object.keys(json.takeovers[1] ?? {})).toEqual([
      "zoneId",
      "zoneName",
      "how",
      "recordSet",
      "current",
      "externalDns",
      "source",
    ]);
    expect(json.takeovers[1]?.externalDns).toEqual({
      owner: "team-a",
      resource: "ingress/bookinfo/web",
      records: [
        {
          Name: "a-web.tse.tetratelabs.io.",
          Type: "TXT",
          SetIdentifier: "cluster-1",
          Weight: 50,
          TTL: 300,
          ResourceRecords: [
            { Value: webRegistryTxt.target.kind === "values" ? webRegistryTxt.target.values[0] : "" },
          ],
        },
      ],
    });
    expect(json.takeovers[0]?.externalDns.resource).toBeNull();
    expect(json.changes.map((c) => c.takeover)).toEqual([
      { owner: "team-a", externalDnsRegistry: false },
      { owner: "team-a", externalDnsRegistry: true },
      { owner: "team-a", externalDnsRegistry: false },
      { owner: "team-a", externalDnsRegistry: false },
      { owner: "team-a", externalDnsRegistry: true },
      { owner: "team-a", externalDnsRegistry: false },
    ]);
    expect(planToJson(fullPlan()).changes.every((c) => !("takeover" in c))).toBe(true);
  });
});

describe("renderPlanJson: policy switches", () => {
  const json = planToJson(policySwitchPlan());
  it("spells each switch as data, wishes with the keys ownership records use", () => {
    expect(json.policySwitches[1]).toEqual({
      zoneId: "Z0EXAMPLEBOOKINFO",
      zoneName: "tse.tetratelabs.io.",
      name: "cart.tse.tetratelabs.io.",
      type: "A",
      from: "failover",
      to: { policy: "weighted", weight: 10 },
      state: "waiting",
      members: [
        {
          setIdentifier: "cluster-1",
          owner: "cluster-1",
          wants: { policy: "weighted", weight: 10 },
          ready: true,
        },
        {
          setIdentifier: "cluster-2",
          owner: "cluster-2",
          wants: { policy: "failover", failover: "SECONDARY" },
          ready: false,
        },
      ],
      blockedBy: null,
      reason:
        "cart.tse.tetratelabs.io A: failover -> weighted weight=10, waiting for cluster-2 (wants failover SECONDARY); this cluster's member stays as it is",
      source: "gateway.networking.k8s.io/HTTPRoute bookinfo/bookinfo",
    });
    expect(json.policySwitches[2]?.to).toEqual({
      policy: "geolocation",
      location: "country=US,subdivision=CA",
    });
    expect(json.policySwitches[2]?.members[1]).toEqual({
      setIdentifier: "legacy",
      owner: null,
      wants: null,
      ready: false,
    });
  });
  it("adds onBehalfOf, after source, only to another owner's records", () => {
    expect(Object.keys(json.changes[0] ?? {})).toEqual([
      "zoneId",
      "zoneName",
      "action",
      "purpose",
      "recordSet",
      "source",
      "onBehalfOf",
    ]);
    expect(json.changes[0]?.source).toBeNull();
    expect(json.changes[0]?.onBehalfOf).toBe("cluster-2");
    expect(planToJson(fullPlan()).changes.every((c) => !("onBehalfOf" in c))).toBe(true);
  });
});
